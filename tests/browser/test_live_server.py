"""The browser tests' live server: a dropped connection never leaves a file open."""

import io

from tests.browser.conftest import _read_whole


def test_each_response_body_is_read_whole_and_closed_before_it_is_sent():
    file = io.BytesIO(b"body { color: black; }")

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/css")])
        return _Closing(file)

    body = _read_whole(app)({}, lambda status, headers: None)

    assert body == [b"body { color: black; }"]
    assert file.closed


class _Closing:
    """A WSGI body that reads a file in chunks and closes it, like werkzeug's FileWrapper."""

    def __init__(self, file):
        self.file = file

    def __iter__(self):
        return iter(lambda: self.file.read(4), b"")

    def close(self):
        self.file.close()

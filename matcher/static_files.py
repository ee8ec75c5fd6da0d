"""Static files named by their content, so browsers keep them between pages.

`url_for("static", filename=...)` adds `?v=` and the first 12 hex digits of the file's
SHA-256. A request carrying the file's current version is answered with a year-long,
immutable Cache-Control: a phone loads the stylesheet and the logo once, not on every page,
and a new release changes the address, so nobody keeps an old file. A request without it
(or with another version) gets Flask's default, revalidated each time.
"""

import hashlib
import os
from functools import lru_cache

from flask import Flask, Response, request

IMMUTABLE = "public, max-age=31536000, immutable"


def init_app(app: Flask) -> None:
    """Version the static URLs and let browsers keep what those URLs serve."""
    folder = app.static_folder

    @app.url_defaults
    def add_version(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values:
            version = content_version(folder, values["filename"])
            if version:
                values.setdefault("v", version)

    @app.after_request
    def keep_versioned_files(response: Response) -> Response:
        if request.endpoint == "static" and response.status_code == 200:
            version = request.args.get("v")
            if version and version == content_version(folder, request.view_args["filename"]):
                response.headers["Cache-Control"] = IMMUTABLE
        return response


def content_version(folder: str, filename: str) -> str | None:
    """The file's version: its content hash, recomputed when the file changes; None if absent."""
    path = os.path.join(folder, filename)
    try:
        changed = os.stat(path).st_mtime_ns
    except OSError:
        return None
    return _hash_of(path, changed)


@lru_cache(maxsize=256)
def _hash_of(path: str, changed: int) -> str:  # noqa: ARG001  (changed keys the cache)
    with open(path, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()[:12]

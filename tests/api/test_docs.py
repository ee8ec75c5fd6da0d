"""docs/api.md: every curl command in it runs against the test application with real tokens."""

import json
import re
import shlex
from datetime import timedelta
from pathlib import Path

from matcher import clock
from tests.api.conftest import bearer

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
CURL_RE = re.compile(r"```sh\n(curl .*?)\n```", re.S)


def curl_commands() -> list[list[str]]:
    return [shlex.split(block) for block in CURL_RE.findall(DOC.read_text(encoding="utf-8"))]


def replay(client, words: list[str], variables: dict):
    """Send what a curl command asks, with $VARIABLES replaced."""
    words = [re.sub(r"\$(\w+)", lambda m: variables[m.group(1)], word) for word in words[1:]]
    method, headers, data, url = "GET", {}, None, None
    iterator = iter(words)
    for word in iterator:
        if word == "-X":
            method = next(iterator)
        elif word == "-H":
            name, _, value = next(iterator).partition(": ")
            headers[name] = value
        elif word == "-d":
            data = next(iterator)
        elif word == "-s":
            continue
        else:
            url = word
    return client.open(url.removeprefix("http://localhost"), method=method, headers=headers,
                       data=data)


def test_the_docs_show_eight_curl_examples():
    assert len(curl_commands()) == 8


def test_every_curl_example_in_the_api_docs_works(app, client, world, freeze_clock):
    freeze_clock(clock.today())
    variables = {"PASSERELLE": "http://localhost", "TOKEN": world.employer_token,
                 "AGENCY_TOKEN": world.agency_token, "STAFF_TOKEN": world.staff_token}
    for words in curl_commands():
        text = shlex.join(words)
        # The examples name ids and a date: point them at this world's objects.
        text = text.replace("/postings/1/", f"/postings/{world.posting_id}/")
        text = text.replace("/applications/2/", f"/applications/{world.offer_id}/")
        text = text.replace("/applications/3/", f"/applications/{world.application_id}/")
        text = text.replace('"site_id": 1', f'"site_id": {world.site_id}')
        text = text.replace("2026-07-06", (clock.today() + timedelta(days=7)).isoformat())
        response = replay(client, shlex.split(text), variables)
        assert response.status_code in (200, 201), (text, response.get_data(as_text=True))
        assert response.content_type == "application/json"
        json.loads(response.get_data(as_text=True))


def test_the_docs_page_and_the_openapi_document_load_nothing_from_another_host(client):
    page = client.get("/api/v1/docs").get_data(as_text=True)
    assert "/static/js/api-docs.js" in page
    assert not re.search(r"(src|href)=\"https?://", page)
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"] == "3.1.0"
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert bearer("x")["Authorization"] == "Bearer x"

"""The OpenAPI document and a page that reads it, served from the project's own files."""

from flask import jsonify, render_template, url_for

from matcher.api import openapi
from matcher.api.spec import bp


@bp.get("/openapi.json")
def openapi_json():
    """Return the OpenAPI 3.1 document of the API."""
    response = jsonify(openapi.document(url_for("api.openapi_json").rsplit("/", 1)[0]))
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/docs")
def docs():
    """Show the API's operations and shapes, drawn from openapi.json by a local script."""
    return render_template("api/docs.html")

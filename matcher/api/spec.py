"""Declaring API operations once: routing, bearer check, body and query parsing, the OpenAPI.

Each resource module declares its operations with `@operation(...)`: the method and path,
the token scope it needs, the pydantic models of its query, body and response. The same
declaration routes the request, validates its input and writes the OpenAPI 3.1 document
(docs/api.md says why this small layer rather than a framework).
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps

from flask import Blueprint, Response, request
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, ValidationError

from matcher import schemas
from matcher.api import auth, pagination
from matcher.api.problems import Problem, field_error
from matcher.extensions import db
from matcher.text import nfc_json

bp = Blueprint("api", __name__, url_prefix="/api/v1")
JSON = "application/json"
MAX_ID = 2**31 - 1


@dataclass
class Operation:
    method: str
    rule: str
    endpoint: str
    summary: str
    tag: str
    scope: str | None
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    response: type[BaseModel] | None = None
    status: int = 200
    conflict: bool = False
    idempotent: bool = False
    description: str = ""
    path_types: dict = field(default_factory=dict)


OPERATIONS: list[Operation] = []


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def read_json(model: type[BaseModel]):
    """Return the request body validated by `model`, or raise the problem it has."""
    if request.mimetype != JSON:
        raise Problem(415, "unsupported_media_type",
                      _l("Send the body as JSON, with Content-Type: application/json."))
    raw = request.get_data(cache=True)
    try:
        data = nfc_json(json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Problem(400, "invalid_json", _l("The body is not valid JSON (UTF-8).")) from None
    return validate(model, data)


def validate(model: type[BaseModel], data):
    """Validate data with a model, or raise a 422 problem listing each field."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise Problem(422, "invalid", _l("Some fields are not valid."), errors=[
            field_error(name, message, code)
            for name, message, code in schemas.problems(error)]) from None


def read_query(model: type[BaseModel]):
    """Return the query string validated by `model` (the first value of each name; an
    unknown name is refused, as a typo would otherwise go unnoticed). A cursor not of the
    form the API writes is a 400, like any cursor it did not issue."""
    data = {key: request.args.get(key) for key in request.args}
    try:
        return model.model_validate(data)
    except ValidationError as error:
        if any(item["loc"][:1] == ("cursor",) for item in error.errors()):
            raise pagination.invalid_cursor() from None
    return validate(model, data)


def render(result, status: int) -> Response:
    """Turn what a view returns (a model, a list of models, None) into the response."""
    if isinstance(result, Response):
        return result
    headers = {}
    if isinstance(result, tuple):
        result, status, headers = (*result, {})[:3]
    if result is None:
        return Response(status=204, headers=headers)
    payload = result.model_dump(mode="json")
    response = Response(json.dumps(payload, ensure_ascii=False), status=status, mimetype=JSON,
                        headers=headers)
    response.headers["Cache-Control"] = "no-store"
    return response


def operation(method: str, rule: str, *, summary: str, tag: str, scope: str | None,
              body=None, query=None, response=None, status: int = 200,
              conflict: bool = False, idempotent: bool = False) -> Callable:
    """Declare an API operation: route, scope, models; the view gets the token and inputs.

    The view returns a response model (or None for 204, or (model, status, headers)).
    It never commits: the operation commits once when the view returned.
    """

    def decorator(view):
        op = Operation(method, rule, view.__name__, summary, tag, scope, body, query,
                       response, status, conflict, idempotent, (view.__doc__ or "").strip())
        OPERATIONS.append(op)

        @wraps(view)
        def handler(**path):
            token = auth.require(scope) if scope else None
            kwargs = dict(path)
            if query is not None:
                kwargs["query"] = read_query(query)
            if body is not None:
                kwargs["body"] = read_json(body)
            args = (token,) if scope else ()
            try:
                result = view(*args, **kwargs)
                db.session.commit()
            except Problem:
                db.session.rollback()
                raise
            return render(result, status)

        bp.add_url_rule(rule, view.__name__, handler, methods=[method],
                        provide_automatic_options=False)
        return handler

    return decorator


def openapi_path(rule: str) -> str:
    """Return the OpenAPI template of a Flask rule: /postings/<int:posting_id> -> {posting_id}."""
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule)


def path_parameters(rule: str) -> list[dict]:
    """Describe the parameters of a Flask rule."""
    found = []
    for converter, name in re.findall(r"<(?:([a-z]+):)?([a-z_]+)>", rule):
        if converter == "int":
            schema = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
        else:
            schema = {"type": "string", "minLength": 1, "maxLength": 100,
                      "pattern": r"^[A-Za-z0-9._~-]+$"}
        found.append({"name": name, "in": "path", "required": True, "schema": schema})
    return found

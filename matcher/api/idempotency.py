"""Idempotency-Key on requests that create: a repeat gets the first answer again.

The key is kept per token with a hash of the request (method, path, body) and the answer.
The same key with another request is refused (422); two requests racing with one key
meet the unique constraint, and the second is told to retry (409).
"""

import hashlib
import re

from flask import Response, json, request
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from matcher.api.problems import Problem
from matcher.extensions import db
from matcher.models import ApiToken, IdempotentRequest

HEADER = "Idempotency-Key"
KEY_RE = re.compile(r"^[\x21-\x7e]{1,100}$")


def _key() -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not KEY_RE.match(key):
        raise Problem(400, "invalid_idempotency_key", _l(
            "The Idempotency-Key must be 1 to 100 visible ASCII characters."))
    return key


def _request_hash() -> str:
    body = request.get_data(cache=True)
    return hashlib.sha256(b"\n".join(
        [request.method.encode(), request.path.encode(), body])).hexdigest()


def replay(token: ApiToken) -> Response | None:
    """Return the stored answer to this key's first request, if it was made; else None."""
    key = _key()
    if key is None:
        return None
    stored = db.session.scalar(select(IdempotentRequest).where(
        IdempotentRequest.token_id == token.id, IdempotentRequest.key == key))
    if stored is None:
        return None
    if stored.request_hash != _request_hash():
        raise Problem(422, "idempotency_key_reused", _l(
            "This Idempotency-Key was used for another request: use a new key."))
    response = Response(json.dumps(stored.body), status=stored.status_code,
                        mimetype="application/json")
    response.headers["Idempotent-Replayed"] = "true"
    return response


def remember(token: ApiToken, status: int, result: BaseModel) -> None:
    """Keep this answer under the request's key (if it has one), in the same transaction."""
    key = _key()
    if key is None:
        return
    try:
        with db.session.begin_nested():
            db.session.add(IdempotentRequest(
                token_id=token.id, key=key, request_hash=_request_hash(),
                status_code=status, body=result.model_dump(mode="json")))
    except IntegrityError:
        raise Problem(409, "idempotency_key_in_use", _l(
            "A request with this Idempotency-Key is being processed: retry in a moment."),
            headers={"Retry-After": "1"}) from None

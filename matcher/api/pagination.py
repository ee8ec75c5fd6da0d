"""Cursor pagination: stable order by id, an opaque cursor naming the last id seen."""

import base64
import binascii
from typing import Generic, TypeVar

from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Select

from matcher.api.problems import Problem
from matcher.extensions import db

T = TypeVar("T")
DEFAULT_LIMIT, MAX_LIMIT = 50, 100
# What encode() writes: "v1:<id>" in URL-safe base64 without padding, 6 to 18 characters.
CURSOR_PATTERN = r"^[A-Za-z0-9_-]{6,18}$"


class PageQuery(BaseModel):
    """Where a page starts and how long it is."""

    model_config = ConfigDict(extra="forbid")

    cursor: str | None = Field(None, min_length=6, max_length=18, pattern=CURSOR_PATTERN,
                               description=(
                                   "next_cursor of the previous page, as it was given; a cursor "
                                   "of this form the API did not issue is a 400"))
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class Page(BaseModel, Generic[T]):
    """One page of results, in a stable order; next_cursor is null on the last page."""

    items: list[T]
    next_cursor: str | None


def encode(last_id: int) -> str:
    """Return the opaque cursor that follows `last_id`."""
    return base64.urlsafe_b64encode(f"v1:{last_id}".encode()).decode().rstrip("=")


def invalid_cursor() -> Problem:
    """Return the 400 for a cursor the API did not issue."""
    return Problem(400, "invalid_cursor", _l("This cursor is not valid: start again "
                                             "without one."))


def decode(cursor: str) -> int:
    """Return the last id a cursor names, or raise 400."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        version, _, number = text.partition(":")
        last_id = int(number)
        if version != "v1" or not 0 <= last_id < 2**31 or not number.isdigit():
            raise ValueError(cursor)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise invalid_cursor() from None
    return last_id


def page(query: Select, id_column, params: PageQuery, convert) -> dict:
    """Return one page of a query ordered by id, items converted, with its next cursor."""
    if params.cursor:
        query = query.where(id_column > decode(params.cursor))
    rows = list(db.session.scalars(query.order_by(id_column).limit(params.limit + 1)))
    more = len(rows) > params.limit
    rows = rows[:params.limit]
    return {"items": [convert(row) for row in rows],
            "next_cursor": encode(rows[-1].id) if more and rows else None}

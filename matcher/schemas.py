"""Building blocks of the pydantic models that describe each data shape (API and JSONL).

One model per shape lives in its feature package (postings/schemas.py ...); the API
validates request bodies with it, the JSON Lines importers validate each line with it, and
the documentation of both is generated from it. Validation is strict: a level is a whole
number, not "5" nor ["B2"]; a date is a string written YYYY-MM-DD; unknown fields are
refused. Messages are short phrases that follow the field name ("openings: is required"),
translated for the API and read in English by the importers.
"""

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated

from flask_babel import lazy_gettext as _l
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    WithJsonSchema,
    WrapValidator,
)
from pydantic_core import PydanticCustomError

MIN_DATE, MAX_DATE = date(1900, 1, 1), date(2100, 12, 31)
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NO_NUL = r"^[^\x00]*$"


class Shape(BaseModel):
    """A data shape received from outside: strict types, no unknown field."""

    model_config = ConfigDict(extra="forbid", strict=True)


class Out(BaseModel):
    """A data shape sent out."""

    model_config = ConfigDict(from_attributes=True)


class RuleError(ValueError):
    """A value that breaks a rule of its field; the message is a translatable phrase."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _iso_day(value):
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not DATE_RE.match(value):
        raise ValueError("date_format")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError("date_invalid") from None
    if not MIN_DATE <= day <= MAX_DATE:
        raise ValueError("date_range")
    return day


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def decimal_places(places: int, minimum: str, maximum: str):
    """Return a decimal JSON number type with at most `places` decimals within (min, max]."""

    def convert(value):
        if isinstance(value, Decimal):
            return value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError("number_type")
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise ValueError("number_type") from None
        if not number.is_finite() or number.as_tuple().exponent < -places:
            raise ValueError(f"decimal_places_{places}")
        return number

    schema = {"type": "number", "exclusiveMinimum": float(minimum), "maximum": float(maximum)}
    return Annotated[Decimal, BeforeValidator(convert), WithJsonSchema(schema),
                     Field(gt=Decimal(minimum), le=Decimal(maximum))]


Day = Annotated[date, BeforeValidator(_iso_day),
                WithJsonSchema({"type": "string", "format": "date"})]


def Text(max_length: int, min_length: int = 0, **field):  # noqa: N802  (reads like a type)
    """Return a string type, trimmed, without NUL, of at most `max_length` characters."""
    return Annotated[str, BeforeValidator(_strip),
                     Field(max_length=max_length, min_length=min_length, pattern=NO_NUL,
                           json_schema_extra={"pattern": NO_NUL}, **field)]


def _known_codes(value, handler):
    try:
        return handler(value)
    except ValidationError as error:
        items = error.errors(include_url=False)
        if not all(item["type"] == "literal_error" and len(item["loc"]) == 1 for item in items):
            raise
        unknown = dict.fromkeys(str(value[item["loc"][0]])[:40] for item in items)
        raise PydanticCustomError("unknown_codes", "has unknown codes: {codes}",
                                  {"codes": ", ".join(unknown)}) from None


def Codes(code_type):  # noqa: N802  (reads like a type)
    """Return a list type of codes whose unknown codes are named together, at the list."""
    return Annotated[list[code_type], WrapValidator(_known_codes)]


# Phrases for pydantic's error types (and the codes our validators raise).
PHRASES = {
    "missing": _l("is required"),
    "extra_forbidden": _l("is not a known field"),
    "string_type": _l("must be a string"),
    "int_type": _l("must be a whole number"),
    "bool_type": _l("must be true or false"),
    "list_type": _l("must be a list"),
    "model_type": _l("must be a JSON object"),
    "dict_type": _l("must be a JSON object"),
    "literal_error": _l("must be one of: %(expected)s"),
    "enum": _l("must be one of: %(expected)s"),
    "string_too_long": _l("must be at most %(max_length)s characters"),
    "string_too_short": _l("must not be empty"),
    "string_pattern_mismatch": _l("contains a NUL character"),
    "too_long": _l("must have at most %(max_length)s items"),
    "too_short": _l("must have at least %(min_length)s items"),
    "greater_than_equal": _l("must be at least %(ge)s"),
    "greater_than": _l("must be above %(gt)s"),
    "less_than_equal": _l("must be at most %(le)s"),
    "less_than": _l("must be below %(lt)s"),
    "date_format": _l("must be a date written YYYY-MM-DD"),
    "date_invalid": _l("must be a real date written YYYY-MM-DD"),
    "date_range": _l("must be between 1900 and 2100"),
    "number_type": _l("must be a number"),
    "finite_number": _l("must be a finite number"),
    "float_type": _l("must be a number"),
    "email_invalid": _l("is not a valid email address"),
    "unknown_codes": _l("has unknown codes: %(codes)s"),
    "phone_invalid": _l("is not a phone number, for example 514 555-0101"),
    "decimal_places_1": _l("must be a number with at most 1 decimal"),
    "decimal_places_2": _l("must be a number with at most 2 decimals"),
}
FALLBACK = _l("is not valid")
# Phrases of the JSON Lines importers, about a line as a whole or across lines.
NOT_JSON = _l("is not valid JSON")
ALREADY_USED = _l("is already used on line %(line)s")


def field_name(location: tuple) -> str:
    """Return a dotted field name such as experiences[0].end_on."""
    name = ""
    for part in location:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += f".{part}" if name else str(part)
    return name or "body"


def phrase(error: dict) -> str:
    """Return the phrase that says what is wrong with one value."""
    kind, ctx = error["type"], dict(error.get("ctx") or {})
    if kind == "value_error":
        cause = ctx.get("error")
        if isinstance(cause, RuleError):
            return str(cause.message)
        kind = str(cause)
    if kind in ("too_long", "too_short") and isinstance(error.get("input"), str):
        kind = f"string_{kind}"  # a constrained string type reports its length as a list's
    template = PHRASES.get(kind, FALLBACK)
    if kind == "int_type" and isinstance(error.get("input"), float):
        template = PHRASES["int_type"]
    try:
        return str(template) % {key: str(value) for key, value in ctx.items()} if ctx else \
            str(template).replace("%%", "%")
    except (KeyError, ValueError, TypeError):
        return str(FALLBACK)


def problems(error: ValidationError) -> list[tuple[str, str, str]]:
    """Return (field, phrase, code) for each problem of a failed validation, once per field."""
    seen, found = set(), []
    for item in error.errors(include_url=False):
        name = field_name(item["loc"])
        if name in seen:
            continue
        seen.add(name)
        code = item["type"]
        if code == "value_error":
            cause = (item.get("ctx") or {}).get("error")
            code = "invalid" if isinstance(cause, RuleError) else str(cause)
        found.append((name, phrase(item), code))
    return found

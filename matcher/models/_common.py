"""Column helpers shared by the models."""

from datetime import UTC

from sqlalchemy import DateTime, TypeDecorator
from sqlalchemy.orm import mapped_column

from matcher import clock


class UTCDateTime(TypeDecorator):
    """A timestamp stored as UTC and always read back timezone-aware.

    SQLite keeps no zone, so values are normalised to UTC on the way in and
    marked as UTC on the way out; PostgreSQL uses timestamptz.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

# Association tables between an aggregate and reference data live beside
# the aggregate; these helpers only keep timestamp columns uniform.


def created_at_column():
    """Return a non-null creation timestamp column."""
    return mapped_column(UTCDateTime(), default=clock.now, nullable=False)


def updated_at_column():
    """Return a non-null timestamp column refreshed on every update."""
    return mapped_column(UTCDateTime(), default=clock.now, onupdate=clock.now, nullable=False)


SHIFTS = ("day", "evening", "night", "weekend")


def add_length_checks(metadata) -> None:
    """Give every bounded string column a CHECK on its length.

    PostgreSQL enforces VARCHAR(n) itself but SQLite does not, so the same
    bound is written once here for both engines.
    """
    from sqlalchemy import CheckConstraint, String

    for table in metadata.tables.values():
        existing = {c.name for c in table.constraints if isinstance(c, CheckConstraint)}
        for column in table.columns:
            length = getattr(column.type, "length", None)
            if not isinstance(column.type, String) or not length:
                continue
            name = f"{column.name}_length"
            if f"ck_{table.name}_{name}" in existing or name in existing:
                continue
            table.append_constraint(
                CheckConstraint(f"length({column.name}) <= {length}", name=name)
            )

"""API tokens (only a hash of each is stored) and the answers kept for idempotent requests."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matcher.extensions import db
from matcher.models._common import UTCDateTime, created_at_column

SCOPES = ("employer", "agency", "staff")


class ApiToken(db.Model):
    """A bearer token for an establishment's HR system, a partner agency or program staff.

    The scope names what the token may reach, and the organization it is bound to:
    an employer token its establishment, an agency token its agency's candidates, a staff
    token the program's figures.
    """

    __tablename__ = "api_tokens"
    __table_args__ = (
        CheckConstraint("scope IN ('employer', 'agency', 'staff')", name="scope"),
        CheckConstraint("scope != 'employer' OR employer_id IS NOT NULL", name="employer_bound"),
        CheckConstraint("scope != 'agency' OR agency_id IS NOT NULL", name="agency_bound"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[str] = mapped_column(String(10))
    employer_id: Mapped[int | None] = mapped_column(
        ForeignKey("employers.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int | None] = mapped_column(
        ForeignKey("agencies.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = created_at_column()
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user = relationship("User")


class IdempotentRequest(db.Model):
    """The answer given to a request sent with an Idempotency-Key, to give it again."""

    __tablename__ = "api_idempotent_requests"
    __table_args__ = (UniqueConstraint("token_id", "key", name="uq_api_idempotent_requests_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_id: Mapped[int] = mapped_column(ForeignKey("api_tokens.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(100))
    # SHA-256 of the method, path and body: the same key with another request is refused.
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int]
    body: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = created_at_column()

"""Consents given and withdrawn, per purpose, with the privacy-notice version."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matcher.extensions import db
from matcher.models._common import UTCDateTime, created_at_column

CONSENT_PURPOSES = ("matching", "share_contact")


class Consent(db.Model):
    """One grant of consent; withdrawing it sets withdrawn_at (history is kept)."""

    __tablename__ = "consents"
    __table_args__ = (
        CheckConstraint("purpose IN ('matching', 'share_contact')", name="purpose"),
        CheckConstraint("withdrawn_at IS NULL OR withdrawn_at >= granted_at", name="order"),
        Index("ix_consents_user_purpose", "user_id", "purpose"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(String(20))
    # For contact sharing, the posting it was given for (None: any employer I apply to).
    posting_id: Mapped[int | None] = mapped_column(ForeignKey("postings.id", ondelete="CASCADE"))
    policy_version: Mapped[str] = mapped_column(String(20))
    granted_at: Mapped[datetime] = created_at_column()
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user = relationship("User")

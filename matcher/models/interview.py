"""Interviews HR proposes on an application; the candidate confirms or asks another time."""

from datetime import datetime, timedelta

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matcher.extensions import db
from matcher.models._common import UTCDateTime, created_at_column, updated_at_column

INTERVIEW_MODES = ("in_person", "video", "phone")
# proposed → confirmed or change_requested (the candidate's answer); cancelled when HR
# proposes another time or the application ends.
INTERVIEW_STATUSES = ("proposed", "confirmed", "change_requested", "cancelled")


class Interview(db.Model):
    """One proposed interview: when (UTC), how long, how and where."""

    __tablename__ = "interviews"
    __table_args__ = (
        CheckConstraint("mode IN ('in_person', 'video', 'phone')", name="mode"),
        CheckConstraint("status IN ('proposed', 'confirmed', 'change_requested', 'cancelled')",
                        name="status"),
        CheckConstraint("duration_minutes BETWEEN 15 AND 240", name="duration_range"),
        Index("ix_interviews_starts_at", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    duration_minutes: Mapped[int] = mapped_column(default=45)
    mode: Mapped[str] = mapped_column(String(10))
    # An address, a video link or a phone number, depending on the mode.
    place: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), default="proposed")
    candidate_note: Mapped[str | None] = mapped_column(String(500))
    proposed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    application = relationship("Application", back_populates="interviews")
    proposed_by = relationship("User")

    @property
    def ends_at(self) -> datetime:
        """Return when the interview is planned to end."""
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def active(self) -> bool:
        """Say whether the interview still stands (not cancelled)."""
        return self.status != "cancelled"

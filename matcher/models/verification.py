"""What staff checked against a candidate's documents: corrections and dismissed duplicates.

A correction keeps the old and the new value of each field it changed, the evidence
seen (a test and its name, an interview, a document type) and the officer's note. It
is the candidate's own record (shown on their profile, in their export, deleted with
them); the audit log names it by id, as it never holds permit details.

A dismissed pair is two candidate files an officer judged to be two people (a family
sharing a phone, namesakes): the pair is not flagged again.
"""

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matcher.extensions import db
from matcher.models._common import created_at_column

CORRECTED_SECTIONS = ("french", "permit")
EVIDENCE_KINDS = ("test", "interview", "course", "permit", "renewal_receipt", "other_document")


class ProfileCorrection(db.Model):
    """A change staff made to a candidate's French levels or permit, with its evidence."""

    __tablename__ = "profile_corrections"
    __table_args__ = (
        CheckConstraint("section IN ('french', 'permit')", name="section"),
        CheckConstraint("evidence IN ('test', 'interview', 'course', 'permit', "
                        "'renewal_receipt', 'other_document')", name="evidence"),
        CheckConstraint("length(note) >= 1", name="note_not_empty"),
        Index("ix_profile_corrections_candidate", "candidate_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    section: Mapped[str] = mapped_column(String(10))
    # [{"field": "french_oral_production", "old": 7, "new": 6}, ...] (dates as ISO text)
    changes: Mapped[list] = mapped_column(JSON, default=list)
    evidence: Mapped[str] = mapped_column(String(20))
    evidence_name: Mapped[str] = mapped_column(String(100), default="")  # "TEFAQ", ...
    evidence_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(1000))
    corrected_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at_column()

    corrected_by = relationship("User")


class DuplicateDismissal(db.Model):
    """Two candidate files judged to be two different people (lower id first)."""

    __tablename__ = "duplicate_dismissals"
    __table_args__ = (
        UniqueConstraint("first_id", "second_id", name="uq_duplicate_dismissals_pair"),
        CheckConstraint("first_id < second_id", name="ordered_pair"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    first_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    second_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"),
                                           index=True)
    dismissed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at_column()

"""Placement rounds (DESIGN §7.6): a proposal of who goes where, reviewed before invitations."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matcher.extensions import db
from matcher.models._common import UTCDateTime, created_at_column

ROUND_STATUSES = ("draft", "proposed", "approved", "partly_approved")
PROPOSAL_STATUSES = ("proposed", "approved", "skipped")


class PlacementRound(db.Model):
    """One run of the allocation: what it was asked, what it used, and what it found.

    `parameters` holds the choices made on the form (postings, pool filters);
    `inputs` the capacities and both preference lists the allocation ran on (bounded:
    at most MAX_POSTINGS postings, 50 candidates each), so a result can be explained later;
    `stats` the figures shown side by side (placed, greedy, maximum, candidates, postings).
    """

    __tablename__ = "placement_rounds"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'proposed', 'approved', 'partly_approved')",
                        name="status"),
        Index("ix_placement_rounds_employer_created", "employer_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The establishment of an HR user's round; NULL for a round run by program staff.
    employer_id: Mapped[int | None] = mapped_column(ForeignKey("employers.id"))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    parameters: Mapped[dict] = mapped_column(JSON, default=dict)
    inputs: Mapped[dict] = mapped_column(JSON, default=dict)
    stats: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = created_at_column()
    ran_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    created_by = relationship("User", foreign_keys=[created_by_id])
    approved_by = relationship("User", foreign_keys=[approved_by_id])
    employer = relationship("Employer")
    proposals = relationship("PlacementProposal", back_populates="round",
                             cascade="all, delete-orphan",
                             order_by="PlacementProposal.id")


class PlacementProposal(db.Model):
    """One candidate proposed for one posting by a round, and what became of it."""

    __tablename__ = "placement_proposals"
    __table_args__ = (
        CheckConstraint("status IN ('proposed', 'approved', 'skipped')", name="status"),
        CheckConstraint("score BETWEEN 0 AND 100", name="score_range"),
        CheckConstraint("candidate_rank >= 1 AND posting_rank >= 1", name="ranks_positive"),
        # A round places a candidate at most once.
        UniqueConstraint("round_id", "candidate_id", name="uq_placement_proposals_round_candidate"),
        Index("ix_placement_proposals_round_posting", "round_id", "posting_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("placement_rounds.id", ondelete="CASCADE"))
    posting_id: Mapped[int] = mapped_column(ForeignKey("postings.id"), index=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"),
                                              index=True)
    score: Mapped[Decimal] = mapped_column(Numeric(5, 1))
    # 1 = the candidate's first choice among the round's postings; the posting's best candidate.
    candidate_rank: Mapped[int]
    posting_rank: Mapped[int]
    status: Mapped[str] = mapped_column(String(10), default="proposed")
    # Why a proposal was skipped at approval (a code, translated on the page).
    message: Mapped[str | None] = mapped_column(String(40))
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    round = relationship("PlacementRound", back_populates="proposals")
    posting = relationship("Posting")
    candidate = relationship("Candidate")
    application = relationship("Application")

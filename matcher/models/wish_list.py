"""A candidate's wish list: the open postings they starred, oldest star first."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matcher.extensions import db
from matcher.models._common import created_at_column


class PostingStar(db.Model):
    """A posting a candidate wants most; placement rounds put it first in their list."""

    __tablename__ = "posting_stars"
    __table_args__ = (
        UniqueConstraint("candidate_id", "posting_id", name="uq_posting_stars_candidate_posting"),
        # Stars are read per candidate in star order, and removed per posting when it closes.
        Index("ix_posting_stars_candidate_created", "candidate_id", "created_at"),
        Index("ix_posting_stars_posting", "posting_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    posting_id: Mapped[int] = mapped_column(ForeignKey("postings.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = created_at_column()

    candidate = relationship("Candidate")
    posting = relationship("Posting")

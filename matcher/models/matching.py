"""The change log that keeps every worker's ranking indexes fresh."""

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from matcher.extensions import db
from matcher.models._common import created_at_column


class RankingChange(db.Model):
    """A candidate or posting changed: indexes reload it on their next request.

    Kind "figures" (object id 0) says a flush changed what the dashboard counts
    (applications, hires, plans, settings...): it moves every engine's change position,
    which keys the dashboard's figures (matcher/dashboard/cache.py).
    """

    __tablename__ = "ranking_changes"
    __table_args__ = (
        CheckConstraint("kind IN ('candidate', 'posting', 'figures')", name="kind"),
        Index("ix_ranking_changes_at", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    object_id: Mapped[int]
    at: Mapped[datetime] = created_at_column()

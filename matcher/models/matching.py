"""The change log that keeps every worker's ranking indexes fresh."""

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from matcher.extensions import db
from matcher.models._common import created_at_column

# What a "figures" change says changed, in its object id: the dashboard keeps each block of
# figures until a change of a topic it counts (matcher/dashboard/cache.py). Object id 0 (rows
# written before topics existed) means every topic. "candidate" and "posting" are also the
# topics of the engine's own kinds; a bulk statement on their tables logs them as figures.
FIGURE_TOPICS = {1: "applications", 2: "hires", 3: "parcours", 4: "program", 5: "people",
                 6: "candidate", 7: "posting"}
TOPIC_CODES = {topic: code for code, topic in FIGURE_TOPICS.items()}


class RankingChange(db.Model):
    """A candidate or posting changed: indexes reload it on their next request.

    Kind "figures" says a flush changed what the dashboard counts (applications, hires,
    plans, settings...); its object id names the topic (FIGURE_TOPICS), whose version the
    engine moves when it reads the row: the dashboard's blocks are keyed by the versions
    of the topics they count (matcher/dashboard/cache.py).
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

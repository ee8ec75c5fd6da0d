"""The Parcours d'accompagnement personnalisé: an action plan in four steps."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matcher.extensions import db
from matcher.models._common import created_at_column, updated_at_column

PLAN_STEPS = ("arrival", "francization", "job_market", "community")
STEP_STATUSES = ("not_started", "in_progress", "done")


class ActionPlan(db.Model):
    """A candidate's individual action plan, followed by an integration officer."""

    __tablename__ = "action_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), unique=True
    )
    officer_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # The program asks for a first meeting within 5 days of arrival.
    first_meeting_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    candidate = relationship("Candidate")
    officer = relationship("User")
    steps = relationship("ActionStep", back_populates="plan", cascade="all, delete-orphan",
                         order_by="ActionStep.position")


class ActionStep(db.Model):
    """One of the four steps of an action plan."""

    __tablename__ = "action_steps"
    __table_args__ = (
        CheckConstraint(
            "step IN ('arrival', 'francization', 'job_market', 'community')", name="step"
        ),
        CheckConstraint("status IN ('not_started', 'in_progress', 'done')", name="status"),
        CheckConstraint("position BETWEEN 1 AND 4", name="position_range"),
        UniqueConstraint("plan_id", "step", name="uq_action_steps_plan_step"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plans.id", ondelete="CASCADE"))
    step: Mapped[str] = mapped_column(String(20))
    position: Mapped[int]
    status: Mapped[str] = mapped_column(String(15), default="not_started")
    due_on: Mapped[date | None] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(String(2000), default="")

    plan = relationship("ActionPlan", back_populates="steps")

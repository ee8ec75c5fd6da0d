"""The Parcours d'accompagnement personnalisé (DESIGN §7.2): a plan, its actions, case notes.

A candidate has at most one plan, followed by their integration officer. The plan
moves new → first_meeting → plan → actions → closed (and may be reopened); its
actions each belong to one of the four steps. Case notes belong to the candidate,
not to the plan: they are written and read by staff of the candidate's agency only.
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matcher.extensions import db
from matcher.models._common import created_at_column, updated_at_column

PLAN_STEPS = ("arrival", "francization", "job_market", "community")
PLAN_STATUSES = ("new", "first_meeting", "plan", "actions", "closed")
MEETING_MODES = ("in_person", "phone", "video")
CLOSE_REASONS = ("retained", "left")
ACTION_STATUSES = ("to_do", "in_progress", "done", "cancelled")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class ActionPlan(db.Model):
    """A candidate's individual action plan, followed by an integration officer."""

    __tablename__ = "action_plans"
    __table_args__ = (
        CheckConstraint(_in("status", PLAN_STATUSES), name="status"),
        CheckConstraint(f"first_meeting_mode IS NULL OR {_in('first_meeting_mode', MEETING_MODES)}",
                        name="first_meeting_mode"),
        CheckConstraint(f"closed_reason IS NULL OR {_in('closed_reason', CLOSE_REASONS)}",
                        name="closed_reason"),
        CheckConstraint("(status = 'closed') = (closed_on IS NOT NULL)", name="closed_on_set"),
        # Plans from before 0007 may hold a meeting date without its mode.
        CheckConstraint("first_meeting_mode IS NULL OR first_meeting_on IS NOT NULL",
                        name="first_meeting_mode_has_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), unique=True
    )
    officer_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default="new", server_default="new",
                                        index=True)
    # The program asks for a first meeting within 5 days of arrival (parcours.rules).
    first_meeting_on: Mapped[date | None] = mapped_column(Date)
    first_meeting_mode: Mapped[str | None] = mapped_column(String(10))
    closed_on: Mapped[date | None] = mapped_column(Date)
    closed_reason: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    candidate = relationship("Candidate")
    officer = relationship("User")
    actions = relationship("PlanAction", back_populates="plan", cascade="all, delete-orphan",
                           order_by="(PlanAction.due_on.is_(None), PlanAction.due_on, "
                                    "PlanAction.id)")


class PlanAction(db.Model):
    """One thing to do in one step of a plan: from the catalogue (kind) or free text."""

    __tablename__ = "plan_actions"
    __table_args__ = (
        CheckConstraint(_in("step", PLAN_STEPS), name="step"),
        CheckConstraint(_in("status", ACTION_STATUSES), name="status"),
        CheckConstraint("(status = 'done') = (done_on IS NOT NULL)", name="done_on_set"),
        CheckConstraint("kind IS NOT NULL OR length(title) >= 1", name="kind_or_title"),
        Index("ix_plan_actions_due", "status", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("action_plans.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(20))
    # A code of parcours.catalogue.CATALOGUE, or None for a free-text action.
    kind: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200), default="", server_default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(15), default="to_do", server_default="to_do")
    done_on: Mapped[date | None] = mapped_column(Date)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    plan = relationship("ActionPlan", back_populates="actions")
    done_by = relationship("User", foreign_keys=[done_by_id])
    created_by = relationship("User", foreign_keys=[created_by_id])


class CaseNote(db.Model):
    """A note an officer writes about a candidate; only their agency's staff read it."""

    __tablename__ = "case_notes"
    __table_args__ = (
        CheckConstraint("length(text) >= 1", name="text_not_empty"),
        Index("ix_case_notes_candidate_created", "candidate_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The agency the note was written for: a transfer to another agency does not hand it over.
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    text: Mapped[str] = mapped_column(String(4000))
    created_at: Mapped[datetime] = created_at_column()

    author = relationship("User")

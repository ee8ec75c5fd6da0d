"""Record, at every flush, which candidates and postings the indexes must reload.

One session hook sees every change, whichever feature made it, so no service
has to remember to tell the matching engine. The same hook records a "figures"
change when a flush (or a bulk UPDATE, DELETE or INSERT) touches a table the
dashboard counts, naming its topic (applications, hires, plans...), so the kept
figures that count that topic are never read after such a write.
"""

from flask import Flask
from sqlalchemy import insert, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session

from matcher import clock
from matcher.extensions import listen_once
from matcher.models import (
    ActionPlan,
    Agency,
    Application,
    ApplicationEvent,
    Candidate,
    Employer,
    Experience,
    Hire,
    Occupation,
    PlanAction,
    Posting,
    ProgramSettings,
    RankingChange,
    Region,
    Site,
    User,
)
from matcher.models.matching import TOPIC_CODES

# What the dashboard's figures read besides candidates and postings (whose changes the
# engine already logs), by the topic a flush touching one of them logs as a "figures" change.
FIGURE_MODEL_TOPICS = (
    ((Application, ApplicationEvent), "applications"),
    ((Hire,), "hires"),
    ((ActionPlan, PlanAction), "parcours"),
    ((ProgramSettings, Agency, Employer, Site, Occupation, Region), "program"),
)
# The topic of a bulk statement (which the flush hook cannot see), by its table.
FIGURE_TABLE_TOPICS = {
    **{model.__tablename__: topic for models, topic in FIGURE_MODEL_TOPICS for model in models},
    User.__tablename__: "people",
    **dict.fromkeys((Candidate.__tablename__, Experience.__tablename__, "candidate_regions",
                     "candidate_occupations"), "candidate"),
    Posting.__tablename__: "posting",
}


def _figures(topic: str) -> tuple[str, int]:
    return ("figures", TOPIC_CODES[topic])


def _changed(session: Session) -> set[tuple[str, int]]:
    changes: set[tuple[str, int]] = set()
    candidate_users: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Candidate) and obj.id is not None:
            changes.add(("candidate", obj.id))
        elif isinstance(obj, Experience) and obj.candidate_id is not None:
            changes.add(("candidate", obj.candidate_id))
        elif isinstance(obj, Posting) and obj.id is not None:
            changes.add(("posting", obj.id))
        elif (isinstance(obj, User) and obj.id is not None and obj.role == "candidate"
              and (inspect(obj).attrs.active.history.has_changes()
                   or inspect(obj).attrs.email_verified_at.history.has_changes())):
            candidate_users.add(obj.id)
        for models, topic in FIGURE_MODEL_TOPICS:
            if isinstance(obj, models):
                changes.add(_figures(topic))
        if isinstance(obj, User) and (obj in session.new or obj in session.deleted
                                      or inspect(obj).attrs.email.history.has_changes()):
            changes.add(_figures("people"))
    if candidate_users:
        rows = session.connection().execute(
            select(Candidate.id).where(Candidate.user_id.in_(candidate_users)))
        changes.update(("candidate", candidate_id) for (candidate_id,) in rows)
    return changes


def _record_changes(session: Session, flush_context) -> None:
    changes = _changed(session)
    if changes:
        now = clock.now()
        session.connection().execute(insert(RankingChange), [
            {"kind": kind, "object_id": object_id, "at": now}
            for kind, object_id in sorted(changes)])


def _record_bulk_statement(state: ORMExecuteState) -> None:
    """Log a bulk write to a table the dashboard counts (the flush hook cannot see it)."""
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    table = getattr(state.statement, "table", None)
    topic = FIGURE_TABLE_TOPICS.get(getattr(table, "name", None))
    if topic is not None:
        state.session.connection().execute(insert(RankingChange).values(
            kind="figures", object_id=TOPIC_CODES[topic], at=clock.now()))


def touch(session: Session, kind: str, object_id: int) -> None:
    """Record a change made with a bulk UPDATE, which the flush hook cannot see."""
    session.execute(insert(RankingChange).values(kind=kind, object_id=object_id, at=clock.now()))


def init_app(app: Flask) -> None:
    """Record the changes of every session's flushes (once per process)."""
    listen_once(Session, "after_flush", _record_changes)
    listen_once(Session, "do_orm_execute", _record_bulk_statement)

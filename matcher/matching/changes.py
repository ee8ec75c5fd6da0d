"""Record, at every flush, which candidates and postings the indexes must reload.

One session hook sees every change, whichever feature made it, so no service
has to remember to tell the matching engine.
"""

from flask import Flask
from sqlalchemy import insert, inspect, select
from sqlalchemy.orm import Session

from matcher import clock
from matcher.extensions import listen_once
from matcher.models import Candidate, Experience, Posting, RankingChange, User


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


def touch(session: Session, kind: str, object_id: int) -> None:
    """Record a change made with a bulk UPDATE, which the flush hook cannot see."""
    session.execute(insert(RankingChange).values(kind=kind, object_id=object_id, at=clock.now()))


def init_app(app: Flask) -> None:
    """Record the changes of every session's flushes (once per process)."""
    listen_once(Session, "after_flush", _record_changes)

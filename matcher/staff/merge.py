"""Merge two files of the same person into the one an officer keeps. Nothing here commits.

Experiences, applications, hires, the plan's actions, case notes and consents move to
the kept file; the other account is deactivated. The hire rules hold after the merge:
the person counts once (hires carry the kept file's id) and holds at most one hire
that has not ended, so two files each employed right now are refused until one hire
ends. Every check runs before the first change: a refusal changes nothing, and the
request commits the merge in one transaction.
"""

from sqlalchemy import select, update

from matcher import audit, clock
from matcher.auth.services import revoke_sessions
from matcher.extensions import db
from matcher.models import (
    ActionPlan,
    Application,
    ApplicationEvent,
    CaseNote,
    Consent,
    Experience,
    Hire,
    PlanAction,
    User,
)
from matcher.parcours import rules
from matcher.staff.duplicates import DuplicateError

# How far an application went, to keep the furthest of two on the same posting.
PROGRESS = ("withdrawn", "declined", "rejected", "invited", "applied", "shortlisted",
            "interview", "offer", "hired")
CLOSED = ("withdrawn", "declined", "rejected", "hired")


def _check(keep, away) -> dict[int, Hire]:
    """Refuse a merge the rules forbid; return the hires by application id."""
    if keep.id == away.id:
        raise DuplicateError("same_file")
    if not (keep.user.active and away.user.active):
        raise DuplicateError("inactive")
    hires = list(db.session.scalars(select(Hire).where(Hire.person_id.in_((keep.id, away.id)))))
    if sum(1 for hire in hires if hire.end_on is None) > 1:
        raise DuplicateError("both_employed")
    by_application = {hire.application_id: hire for hire in hires}
    for mine, theirs in _same_postings(keep, away):
        if mine.id in by_application and theirs.id in by_application:
            raise DuplicateError("both_hired")
    return by_application


def _same_postings(keep, away) -> list[tuple[Application, Application]]:
    kept = {a.posting_id: a for a in db.session.scalars(
        select(Application).where(Application.candidate_id == keep.id))}
    return [(kept[a.posting_id], a) for a in db.session.scalars(
        select(Application).where(Application.candidate_id == away.id).order_by(Application.id))
        if a.posting_id in kept]


def _withdraw(application: Application, actor: User) -> None:
    if application.status not in CLOSED:
        db.session.add(ApplicationEvent(application_id=application.id, actor_id=actor.id,
                                        from_status=application.status, to_status="withdrawn"))
        application.status = "withdrawn"


def _move_applications(keep, away, hired: dict, actor: User) -> int:
    """Move the applications; of two on one posting the kept file gets the furthest one."""
    for mine, theirs in _same_postings(keep, away):
        theirs_wins = theirs.id in hired or (mine.id not in hired and PROGRESS.index(
            theirs.status) > PROGRESS.index(mine.status))
        if theirs_wins:  # swap them through NULL: one application per person and posting
            theirs.candidate_id = None
            db.session.flush()
            mine.candidate_id = away.id
            db.session.flush()
            theirs.candidate_id = keep.id
            db.session.flush()
            mine, theirs = theirs, mine
        _withdraw(theirs, actor)
    db.session.flush()
    duplicates = {a.posting_id for a in db.session.scalars(
        select(Application).where(Application.candidate_id == keep.id))}
    moved = db.session.execute(update(Application).where(
        Application.candidate_id == away.id, Application.posting_id.not_in(duplicates))
        .values(candidate_id=keep.id).execution_options(synchronize_session="fetch"))
    return moved.rowcount


def _move_plan(keep, away, actor: User) -> None:
    plans = {p.candidate_id: p for p in db.session.scalars(
        select(ActionPlan).where(ActionPlan.candidate_id.in_((keep.id, away.id))))}
    theirs, mine = plans.get(away.id), plans.get(keep.id)
    if theirs is None:
        return
    if mine is None:
        theirs.candidate_id, theirs.officer_id = keep.id, keep.officer_id or theirs.officer_id
        return
    db.session.execute(update(PlanAction).where(PlanAction.plan_id == theirs.id)
                       .values(plan_id=mine.id).execution_options(synchronize_session=False))
    if mine.first_meeting_on is None and theirs.first_meeting_on is not None:
        mine.first_meeting_on, mine.first_meeting_mode = (theirs.first_meeting_on,
                                                          theirs.first_meeting_mode)
    db.session.delete(theirs)
    db.session.flush()
    db.session.expire(mine, ["actions"])
    mine.status = rules.advanced_status(mine.status, mine.first_meeting_on is not None,
                                        [a.status for a in mine.actions])


def _move_consents(keep, away) -> int:
    """Move the consents the kept account never gave or refused (by purpose and posting)."""
    held = set(db.session.execute(select(Consent.purpose, Consent.posting_id).where(
        Consent.user_id == keep.user_id)).all())
    moved = 0
    for consent in db.session.scalars(select(Consent).where(Consent.user_id == away.user_id)):
        if (consent.purpose, consent.posting_id) not in held:
            consent.user_id = keep.user_id
            moved += 1
    db.session.flush()
    if ("matching", None) in held or not moved:
        return moved  # the kept account's own choice stands
    matching = db.session.scalar(select(Consent).where(
        Consent.user_id == keep.user_id, Consent.purpose == "matching",
        Consent.posting_id.is_(None)).order_by(Consent.granted_at.desc(), Consent.id.desc())
        .limit(1))
    keep.matching_opt_in = matching is not None and matching.withdrawn_at is None
    return moved


def merge(keep, away, actor: User) -> None:
    """Move everything of `away` onto `keep` and deactivate `away`'s account."""
    hired = _check(keep, away)
    counts = {"experiences": db.session.execute(
        update(Experience).where(Experience.candidate_id == away.id)
        .values(candidate_id=keep.id).execution_options(synchronize_session=False)).rowcount}
    counts["applications"] = _move_applications(keep, away, hired, actor)
    counts["hires"] = db.session.execute(
        update(Hire).where(Hire.person_id == away.id).values(person_id=keep.id)
        .execution_options(synchronize_session=False)).rowcount
    _move_plan(keep, away, actor)
    counts["notes"] = db.session.execute(
        update(CaseNote).where(CaseNote.candidate_id == away.id).values(candidate_id=keep.id)
        .execution_options(synchronize_session=False)).rowcount
    counts["consents"] = _move_consents(keep, away)
    keep.officer_id = keep.officer_id or away.officer_id
    keep.agency_id = keep.agency_id or away.agency_id
    keep.updated_at = clock.now()  # the kept file's experiences changed: reload it
    away.matching_opt_in = False
    away.user.active = False
    revoke_sessions(away.user)
    db.session.flush()
    db.session.expire(keep, ["experiences"])
    audit.record("candidate.merged", keep, actor=actor, merged_id=away.id, **counts)
    audit.record("candidate.merged_away", away, actor=actor, kept_id=keep.id)

"""Matches for a candidate and ranked candidates for a posting, from the indexes."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.orm import joinedload

from matcher import policy
from matcher.extensions import db
from matcher.matching.engine import CANDIDATE_LOADING, engine, open_postings_query
from matcher.matching.services import candidate_profile, evaluate_pair, posting_profile
from matcher.models import Application, Candidate, Hire, Posting, User
from matcher.ranking import Evaluation, Match


@dataclass(frozen=True)
class PostingMatch:
    posting: Posting
    match: Match


@dataclass(frozen=True)
class NearMiss:
    posting: Posting
    evaluation: Evaluation


def _postings_by_id(ids) -> dict[int, Posting]:
    # Many-to-one, so joined: one select instead of four.
    rows = db.session.scalars(select(Posting).where(Posting.id.in_(ids)).options(
        joinedload(Posting.employer), joinedload(Posting.site), joinedload(Posting.occupation)))
    return {p.id: p for p in rows}


def matches_for(candidate: Candidate, on: date, limit: int = 30) -> list[PostingMatch]:
    """Return the open postings the candidate is eligible for, best first."""
    ranked = engine(on).postings.rank(candidate_profile(candidate), on, limit=limit)
    postings = _postings_by_id([m.id for m in ranked])
    return [PostingMatch(postings[m.id], m) for m in ranked
            if m.id in postings and postings[m.id].status == "open"
            and (postings[m.id].closes_on is None or postings[m.id].closes_on >= on)]


def near_misses_for(candidate: Candidate, on: date, limit: int = 10) -> list[NearMiss]:
    """Return open postings that a single unmet requirement keeps out of reach.

    The PostingIndex names the rules each open posting fails (no posting is evaluated
    one by one); the candidate's own occupations (desired or past) come first, then the
    soonest start. Only the postings shown are evaluated, for the reasons' figures.
    """
    one_gap = [posting_id for posting_id, mask in
               engine(on).postings.gaps(candidate_profile(candidate), on)
               if mask.bit_count() == 1]
    if not one_gap:
        return []
    nocs = {o.noc_code for o in candidate.desired_occupations}
    nocs |= {e.noc_code for e in candidate.experiences if e.noc_code}
    own_first = case((Posting.noc_code.in_(nocs), 0), else_=1) if nocs else literal(0)
    postings = db.session.scalars(
        open_postings_query(on).where(Posting.id.in_(one_gap))
        .order_by(own_first, func.coalesce(Posting.start_date, on), Posting.id)
        .limit(limit)).all()
    misses = [NearMiss(p, evaluate_pair(p, candidate, on)) for p in postings]
    return [miss for miss in misses if len(miss.evaluation.reasons) == 1]


def ranked_candidates(posting: Posting, on: date, limit: int = 50) -> list[tuple]:
    """Return (candidate, match, application) for the eligible, opted-in candidates.

    Consent and the active account are checked again in SQL: an index that has not
    seen a change yet may hide someone, but never shows a person who opted out. People
    still employed through a hire (no end date) are not offered.
    """
    ranked = engine(on).candidates.rank(posting_profile(posting), on, limit=limit)
    ids = [m.id for m in ranked]
    employed = select(Hire.person_id).where(Hire.end_on.is_(None))
    candidates = {c.id: c for c in db.session.scalars(
        policy.matchable_candidates().where(Candidate.id.in_(ids), Candidate.id.not_in(employed))
        .options(*CANDIDATE_LOADING))}
    applications = {a.candidate_id: a for a in db.session.scalars(select(Application).where(
        Application.posting_id == posting.id, Application.candidate_id.in_(ids)))}
    return [(candidates[m.id], m, applications.get(m.id)) for m in ranked if m.id in candidates]


def eligible_count(posting: Posting, on: date) -> int:
    """Count the opted-in candidates eligible for a posting."""
    return engine(on).candidates.count_eligible(posting_profile(posting), on)


def candidate_for_employer(candidate_id: int, employer_id: int) -> Candidate | None:
    """Return a candidate an employer may open: matching on and active, or who applied.

    "Applied" means an application (or accepted invitation) to one of this
    employer's postings; anyone else is None, which the view turns into a 404.
    """
    applied = (select(Application.candidate_id).join(Posting)
               .where(Posting.employer_id == employer_id,
                      Application.status.not_in(("invited", "declined"))))
    return db.session.scalar(
        select(Candidate).join(User, Candidate.user_id == User.id)
        .where(Candidate.id == candidate_id, User.active.is_(True),
               or_(and_(Candidate.matching_opt_in.is_(True), User.email_verified_at.is_not(None)),
                   Candidate.id.in_(applied)))
        .options(*CANDIDATE_LOADING))


def application_for(candidate: Candidate, posting: Posting) -> Application | None:
    """Return the candidate's application to this posting, if any."""
    return db.session.scalar(select(Application).where(
        Application.candidate_id == candidate.id, Application.posting_id == posting.id))

"""Placement rounds: choose postings and a pool, run the allocation, keep the proposal.

A round is created as a draft with its parameters, then `run_round(round_id)` builds the
inputs, runs the candidate-optimal stable allocation (`matcher.ranking.allocate`) with the
greedy and maximum baselines on the same data, and stores proposals and figures.

`run_round` is a plain function of the round's id that adds and flushes. A round over at
most POOL_LIMIT candidates runs in the request; a larger one is committed as a draft and
queued (the "run-round" task of matcher.rounds, run by `flask jobs worker`), and its page
shows that it is being computed until the task has stored the proposal.
"""

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import selectinload

from matcher import audit, clock, policy
from matcher.extensions import db
from matcher.matching.engine import POSTING_LOADING
from matcher.models import (
    Candidate,
    Experience,
    Hire,
    Occupation,
    PlacementProposal,
    PlacementRound,
    Posting,
    Region,
    Site,
    User,
)
from matcher.ranking import allocate
from matcher.ranking.allocation_baselines import greedy_allocation, maximum_placements
from matcher.rounds.figures import first_choices, unstable_candidates
from matcher.rounds.inputs import build_inputs

POOL_LIMIT = 2000  # candidates a request allocates itself; a larger pool goes to the queue


class RoundError(Exception):
    """A round the rules refuse; `code` names the reason for the message."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def open_postings(query):
    """Keep the postings a round can fill today: open, not past closing, openings left."""
    on = clock.today()
    return query.where(Posting.status == "open", Posting.filled < Posting.openings,
                       (Posting.closes_on.is_(None)) | (Posting.closes_on >= on))


def selectable_postings(user: User, region: str | None = None,
                        noc_code: str | None = None) -> list[Posting]:
    """Return the open postings the user may put in a round, filtered by region and work."""
    query = open_postings(policy.round_postings(user)).join(Site, Posting.site_id == Site.id)
    if region:
        query = query.where(Site.region_code == region)
    if noc_code:
        query = query.where(Posting.noc_code == noc_code)
    return db.session.scalars(query.options(
        selectinload(Posting.employer), selectinload(Posting.site))
        .order_by(Posting.title, Posting.id)).all()


def chosen_postings(user: User, posting_ids: list[int]) -> list[Posting] | None:
    """Return the postings ticked, or None if one is not the user's to choose (a 404)."""
    found = db.session.scalars(policy.round_postings(user).where(
        Posting.id.in_(posting_ids))).all()
    return found if len(found) == len(set(posting_ids)) else None


def pool_query(filters: dict):
    """Select the ids of the candidates a round draws from.

    Matching on, account active, not employed now (a hire that has not ended), and the
    optional filters: preferred region, occupation wanted or done, agency.
    """
    employed = exists().where(Hire.person_id == Candidate.id, Hire.end_on.is_(None))
    query = (select(Candidate.id).join(User, Candidate.user_id == User.id)
             .where(Candidate.matching_opt_in.is_(True), User.active.is_(True),
                    User.email_verified_at.is_not(None), ~employed))
    if filters.get("region"):
        query = query.where(Candidate.preferred_regions.any(Region.code == filters["region"]))
    if filters.get("noc_code"):
        noc = filters["noc_code"]
        query = query.where(or_(Candidate.desired_occupations.any(Occupation.noc_code == noc),
                                Candidate.experiences.any(Experience.noc_code == noc)))
    if filters.get("agency_id"):
        query = query.where(Candidate.agency_id == filters["agency_id"])
    return query


def create_round(user: User, postings: list[Posting], pool: dict) -> PlacementRound:
    """Record a draft round over the postings and pool, with the size of its pool."""
    if not postings:
        raise RoundError("no_posting")
    size = db.session.scalar(select(func.count()).select_from(pool_query(pool).subquery()))
    if size == 0:
        raise RoundError("empty_pool")
    employer_id = None if user.role in policy.STAFF_ROLES else policy.employer_id_of(user)
    placement_round = PlacementRound(
        created_by_id=user.id, employer_id=employer_id, status="draft",
        parameters={"posting_ids": sorted(p.id for p in postings), "pool": pool,
                    "pool_size": size})
    db.session.add(placement_round)
    db.session.flush()
    audit.record("placement_round.created", placement_round, actor=user,
                 postings=len(postings), pool_size=size)
    return placement_round


def round_postings(placement_round: PlacementRound) -> list[Posting]:
    """Return the round's postings that can still be filled (an HR round: its own only)."""
    query = open_postings(select(Posting).where(
        Posting.id.in_(placement_round.parameters.get("posting_ids", []))))
    if placement_round.employer_id is not None:
        query = query.where(Posting.employer_id == placement_round.employer_id)
    return db.session.scalars(query.options(*POSTING_LOADING).order_by(Posting.id)).all()


def run_round(round_id: int) -> PlacementRound:
    """Allocate a draft round and store its proposals and figures (adds and flushes only)."""
    placement_round = db.session.get(PlacementRound, round_id)
    if placement_round is None or placement_round.status != "draft":
        raise RoundError("not_draft")
    on = clock.today()
    postings = round_postings(placement_round)
    pool = set(db.session.scalars(pool_query(placement_round.parameters.get("pool", {}))))
    inputs = build_inputs(postings, pool, on)
    placed = allocate(inputs.capacities, inputs.candidate_prefs, inputs.posting_prefs)
    greedy = greedy_allocation(inputs.capacities, inputs.posting_prefs, inputs.mutual_scores())
    for candidate_id, posting_id in placed.items():
        placement_round.proposals.append(PlacementProposal(
            posting_id=posting_id, candidate_id=candidate_id,
            score=round(inputs.scores[posting_id, candidate_id], 1),
            candidate_rank=inputs.candidate_prefs[candidate_id].index(posting_id) + 1,
            posting_rank=inputs.posting_prefs[posting_id].index(candidate_id) + 1))
    placement_round.inputs = inputs.to_json()
    placement_round.stats = {
        "placed": len(placed), "greedy": len(greedy),
        "maximum": maximum_placements(inputs.capacities, inputs.candidate_prefs,
                                      inputs.posting_prefs),
        "candidates": len(pool), "postings": len(postings),
        "openings": sum(inputs.capacities.values()),
        "listed": len(inputs.candidate_prefs),
        "first_choice": first_choices(placed, inputs.candidate_prefs),
        "greedy_first_choice": first_choices(greedy, inputs.candidate_prefs),
        "greedy_unstable": unstable_candidates(greedy, inputs),
    }
    placement_round.status = "proposed"
    placement_round.ran_at = clock.now()
    db.session.flush()
    return placement_round


def runs_in_queue(placement_round: PlacementRound) -> bool:
    """Say whether the round is too large to run in the request."""
    return placement_round.parameters.get("pool_size", 0) > POOL_LIMIT

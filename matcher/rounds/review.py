"""What the review page shows: per posting who is proposed, per candidate where."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matcher.extensions import db
from matcher.matching.pseudonyms import pseudonym
from matcher.models import PlacementProposal, PlacementRound, Posting


@dataclass(frozen=True)
class PostingRow:
    posting: Posting
    openings: int  # openings left when the round ran
    listed: int  # candidates on the posting's list
    proposals: list[PlacementProposal]


@dataclass(frozen=True)
class CandidateRow:
    label: str  # a pseudonym, never a name
    proposal: PlacementProposal
    starred: bool


def by_posting(placement_round: PlacementRound) -> list[PostingRow]:
    """Return each posting of the round with its proposals, best ranked first."""
    ids = placement_round.parameters.get("posting_ids", [])
    postings = db.session.scalars(select(Posting).where(Posting.id.in_(ids)).options(
        selectinload(Posting.employer), selectinload(Posting.site))
        .order_by(Posting.title, Posting.id)).all()
    inputs = placement_round.inputs or {}
    proposals: dict[int, list[PlacementProposal]] = {}
    for proposal in placement_round.proposals:
        proposals.setdefault(proposal.posting_id, []).append(proposal)
    return [PostingRow(p, inputs.get("capacities", {}).get(str(p.id), 0),
                       len(inputs.get("posting_prefs", {}).get(str(p.id), [])),
                       sorted(proposals.get(p.id, []), key=lambda x: x.posting_rank))
            for p in postings]


def by_candidate(placement_round: PlacementRound) -> list[CandidateRow]:
    """Return each placed candidate (by pseudonym) with the posting proposed to them."""
    starred = (placement_round.inputs or {}).get("starred", {})
    rows = [CandidateRow(pseudonym(p.candidate_id), p,
                         p.posting_id in starred.get(str(p.candidate_id), []))
            for p in placement_round.proposals]
    return sorted(rows, key=lambda row: row.label)


def proposals_by_id(placement_round: PlacementRound, ids) -> list[PlacementProposal]:
    """Return the round's waiting proposals among the ids, in page order."""
    wanted = set(ids or ())
    return [p for p in placement_round.proposals if p.id in wanted and p.status == "proposed"]

"""Approving a round's proposals: one invitation each, or a reason it was skipped.

Time passes between a round and its approval. At approval each proposal is checked
again: a posting closed or filled meanwhile, a candidate who applied, was invited, was
hired or no longer qualifies is skipped, and the proposal keeps the reason. The rest go
through `applications.services.invite` (which notifies the candidate), each in a
savepoint so a refusal by the database skips one proposal, not the whole approval.
"""

from collections import Counter

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from matcher import audit, clock
from matcher.applications import services as applications
from matcher.extensions import db
from matcher.models import Hire, PlacementProposal, PlacementRound, User

INVITE_ERRORS = {"posting_not_open": "posting_closed", "already_applied": "already_applied",
                 "not_eligible": "not_eligible"}


class ApprovalError(Exception):
    """The round has nothing left to approve."""


def lock_round(round_id: int) -> PlacementRound:
    """Reload a round and lock it (PostgreSQL), so that two approvals run one after the other."""
    return db.session.scalar(select(PlacementRound).where(PlacementRound.id == round_id)
                             .with_for_update().execution_options(populate_existing=True))


def selected(placement_round: PlacementRound, proposal_ids) -> list[PlacementProposal]:
    """Return the round's proposals still waiting among the ids (all of them for None)."""
    wanted = None if proposal_ids is None else set(proposal_ids)
    return [p for p in placement_round.proposals
            if p.status == "proposed" and (wanted is None or p.id in wanted)]


def approve(placement_round: PlacementRound, proposal_ids, actor: User) -> Counter:
    """Send the invitations of the chosen proposals; return how many went and were skipped."""
    placement_round = lock_round(placement_round.id)
    chosen = selected(placement_round, proposal_ids)
    if placement_round.status not in ("proposed", "partly_approved") or not chosen:
        raise ApprovalError
    taken = Counter(p.posting_id for p in placement_round.proposals if p.status == "approved")
    outcome: Counter = Counter()
    for proposal in sorted(chosen, key=lambda p: (p.posting_id, p.posting_rank)):
        code = _skip_reason(proposal, taken) or _invite(proposal, actor)
        proposal.decided_at = clock.now()
        if code:
            proposal.status, proposal.message = "skipped", code
            outcome["skipped"] += 1
        else:
            proposal.status = "approved"
            taken[proposal.posting_id] += 1
            outcome["approved"] += 1
    everything = all(p.status == "approved" for p in placement_round.proposals)
    placement_round.status = "approved" if everything else "partly_approved"
    placement_round.approved_by_id, placement_round.approved_at = actor.id, clock.now()
    audit.record("placement_round.approved", placement_round, actor=actor,
                 approved=outcome["approved"], skipped=outcome["skipped"])
    return outcome


def _skip_reason(proposal: PlacementProposal, taken: Counter) -> str | None:
    """Return why a proposal can no longer become an invitation, or None."""
    posting, candidate = proposal.posting, proposal.candidate
    db.session.refresh(posting)
    if posting.status == "filled":
        return "posting_filled"
    if posting.status != "open" or (posting.closes_on and posting.closes_on < clock.today()):
        return "posting_closed"
    if posting.openings - posting.filled - taken[posting.id] <= 0:
        return "posting_filled"
    if db.session.scalar(select(exists().where(Hire.person_id == candidate.id,
                                               Hire.end_on.is_(None)))):
        return "employed"
    if not candidate.user.active:
        return "not_eligible"
    return None


def _invite(proposal: PlacementProposal, actor: User) -> str | None:
    """Invite the candidate; return the reason when the rules or the database refuse."""
    try:
        with db.session.begin_nested():
            application = applications.invite(actor, proposal.posting, proposal.candidate)
    except applications.ApplicationError as error:
        return INVITE_ERRORS.get(error.code, "not_eligible")
    except IntegrityError:
        return "already_applied"
    proposal.application_id = application.id
    return None

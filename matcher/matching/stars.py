"""The candidate's wish list: stars on open postings they are eligible for.

A star counts only while its posting is open (not past its closing date, openings left)
and the candidate is eligible for it: every read filters on that, and the postings that
close or fill drop their stars (`forget_postings`). Placement rounds read the stars to put
the starred postings first in the candidate's list (`preference_list`).
"""

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from matcher import clock
from matcher.extensions import db
from matcher.matching.services import evaluate_pair
from matcher.models import Candidate, Posting, PostingStar


class StarError(Exception):
    """A star the rules refuse; `code` names the reason for the message."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def open_for_stars(on: date):
    """Return the conditions a posting meets while its stars count."""
    return (Posting.status == "open", Posting.filled < Posting.openings,
            (Posting.closes_on.is_(None)) | (Posting.closes_on >= on))


def is_open(posting: Posting, on: date) -> bool:
    """Say whether a posting can carry stars today."""
    return (posting.status == "open" and posting.filled < posting.openings
            and (posting.closes_on is None or posting.closes_on >= on))


def star(candidate: Candidate, posting: Posting, on: date | None = None) -> PostingStar:
    """Add an open posting the candidate is eligible for to their wish list (idempotent)."""
    on = on or clock.today()
    if not is_open(posting, on):
        raise StarError("posting_not_open")
    if not evaluate_pair(posting, candidate, on).eligible:
        raise StarError("not_eligible")
    existing = _existing(candidate.id, posting.id)
    if existing is not None:
        return existing
    row = PostingStar(candidate_id=candidate.id, posting_id=posting.id)
    try:
        with db.session.begin_nested():  # a double click lands once
            db.session.add(row)
    except IntegrityError:
        return _existing(candidate.id, posting.id)
    return row


def unstar(candidate: Candidate, posting: Posting) -> bool:
    """Take a posting off the candidate's wish list; say whether it was there."""
    result = db.session.execute(delete(PostingStar).where(
        PostingStar.candidate_id == candidate.id, PostingStar.posting_id == posting.id))
    return result.rowcount > 0


def _existing(candidate_id: int, posting_id: int) -> PostingStar | None:
    return db.session.scalar(select(PostingStar).where(
        PostingStar.candidate_id == candidate_id, PostingStar.posting_id == posting_id))


def starred_ids(candidate_ids: Iterable[int], on: date,
                posting_ids: Iterable[int] | None = None) -> dict[int, list[int]]:
    """Return each candidate's starred open postings, oldest star first.

    Eligibility is not checked here: the caller knows which postings each candidate is
    eligible for (`preference_list` drops the others).
    """
    query = (select(PostingStar.candidate_id, PostingStar.posting_id)
             .join(Posting, Posting.id == PostingStar.posting_id)
             .where(PostingStar.candidate_id.in_(list(candidate_ids)), *open_for_stars(on))
             .order_by(PostingStar.candidate_id, PostingStar.created_at, PostingStar.id))
    if posting_ids is not None:
        query = query.where(PostingStar.posting_id.in_(list(posting_ids)))
    stars: dict[int, list[int]] = {}
    for candidate_id, posting_id in db.session.execute(query):
        stars.setdefault(candidate_id, []).append(posting_id)
    return stars


def wish_list(candidate: Candidate, on: date) -> list[Posting]:
    """Return the open postings the candidate starred and is still eligible for, in star order."""
    postings = db.session.scalars(
        select(Posting).join(PostingStar, PostingStar.posting_id == Posting.id)
        .where(PostingStar.candidate_id == candidate.id, *open_for_stars(on))
        .order_by(PostingStar.created_at, PostingStar.id)).all()
    return [p for p in postings if evaluate_pair(p, candidate, on).eligible]


def wish_state(candidate: Candidate | None, posting: Posting, on: date) -> bool | None:
    """Say whether the candidate starred the posting; None when they cannot star it."""
    if candidate is None or not is_open(posting, on):
        return None
    if not evaluate_pair(posting, candidate, on).eligible:
        return None
    return _existing(candidate.id, posting.id) is not None


def preference_list(starred: Sequence[int], by_score: Sequence[int]) -> list[int]:
    """Order a candidate's eligible postings: starred first (star order), then by score.

    `by_score` is the candidate's eligible postings, best first; a star on a posting
    missing from it (not eligible, or not in the round) is ignored.
    """
    eligible = set(by_score)
    first = [p for p in dict.fromkeys(starred) if p in eligible]
    chosen = set(first)
    return first + [p for p in by_score if p not in chosen]


def forget_postings(posting_ids: Iterable[int]) -> int:
    """Remove the stars of postings that closed or filled; return how many went."""
    ids = list(posting_ids)
    if not ids:
        return 0
    return db.session.execute(
        delete(PostingStar).where(PostingStar.posting_id.in_(ids))).rowcount

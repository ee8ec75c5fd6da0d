"""The candidate's "My matches" page, read in one pass over the PostingIndex.

One look at the change log per request (the engine is taken once and passed on), one
pass of the index's hard rules for every open posting (`PostingIndex.failed_rules`: a
mask of 0 is a match, the others are the gap plan's input), and one select of Core rows
for every posting the page shows (its matches, nearest jobs and wish list), with
whether the candidate applied to each.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, exists, false, null, select, union_all

from matcher.extensions import db
from matcher.matching import gaps, stars
from matcher.matching.engine import engine
from matcher.matching.loading import open_posting_ids
from matcher.matching.services import candidate_profile
from matcher.models import Application, Candidate, Employer, Posting, PostingStar, Site
from matcher.ranking import Match
from matcher.ranking.gap_plan import Gap, Need


@dataclass(frozen=True, slots=True)
class PostingCard:
    """What a card of the page shows of a posting."""

    id: int
    title: str
    employer_name: str
    city: str
    start_date: date | None
    applied: bool  # the candidate applied or was invited (never offer « Apply » again)


@dataclass(frozen=True, slots=True)
class CardMatch:
    posting: PostingCard
    match: Match


@dataclass(frozen=True)
class GapPlan:
    near: list[tuple[PostingCard, Gap]] = field(default_factory=list)
    doors: list[tuple[Need, int]] = field(default_factory=list)
    total: int = 0


@dataclass(frozen=True)
class MyMatches:
    matches: list[CardMatch]
    total: int  # every open posting the candidate is eligible for
    plan: GapPlan
    wish_list: list[PostingCard]  # starred, open and eligible, in star order
    starred: set[int]  # every starred open posting, eligible or not


def my_matches(candidate: Candidate, on: date, shown: int) -> MyMatches:
    """Return the `shown` best matches, their count, the gap plan and the wish list."""
    current = engine(on)
    profile = candidate_profile(candidate)
    ranked = current.postings.rank(profile, on, limit=shown)
    ids, masks = current.postings.failed_rules(profile, on)
    eligible = set(ids[masks == 0].tolist())
    near, doors, missed = gaps.plan_for(current, profile, ids, masks, on)
    cards, starred = _cards(candidate, on, {m.id for m in ranked} | {g.posting_id for g in near})
    matches = [CardMatch(cards[m.id], m) for m in ranked if m.id in cards]
    return MyMatches(
        matches=matches, total=max(len(eligible), len(matches)),
        plan=GapPlan([(cards[g.posting_id], g) for g in near if g.posting_id in cards],
                     doors, missed),
        wish_list=[cards[posting_id] for posting_id in starred
                   if posting_id in eligible and posting_id in cards],
        starred=set(starred))


def _cards(candidate: Candidate, on: date,
           ids: set[int]) -> tuple[dict[int, PostingCard], list[int]]:
    """Read the cards of the postings of `ids` and of the starred ones, in one statement.

    Returns the cards of those still open, and the starred postings whose stars count
    (`stars.open_for_stars`), in star order.
    """
    applied = exists().where(Application.candidate_id == candidate.id,
                             Application.posting_id == Posting.id)
    # Open as `open_posting_ids` says, but read as a column: in the WHERE clause SQLite
    # (with no statistics) walks the status index over every open posting instead of
    # taking a few rows by primary key.
    card = (Posting.id, Posting.title, Employer.name, Site.city, Posting.start_date, applied,
            open_posting_ids(on).whereclause)

    def select_cards(*star):
        return (select(*card, *star).join(Employer, Posting.employer_id == Employer.id)
                .join(Site, Posting.site_id == Site.id))

    rows = db.session.execute(union_all(
        select_cards(null(), null(), false()).where(Posting.id.in_(sorted(ids))),
        select_cards(PostingStar.created_at, PostingStar.id, and_(*stars.open_for_stars(on)))
        .join(PostingStar, PostingStar.posting_id == Posting.id)
        .where(PostingStar.candidate_id == candidate.id))).all()
    cards = {row[0]: PostingCard(*row[:6]) for row in rows if row[6]}
    starred = sorted((row[7], row[8], row[0]) for row in rows if row[9])
    return cards, [posting_id for _at, _star, posting_id in starred]

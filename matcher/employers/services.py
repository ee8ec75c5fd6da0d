"""What the employer's home shows: each posting with its openings and applications."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, func, select

from matcher.extensions import db
from matcher.models import Application, Posting

# Invitations not (yet) accepted are not applications.
NOT_APPLICATIONS = ("invited", "declined")
STATUS_ORDER = case({"open": 0, "draft": 1, "closed": 2, "filled": 3}, value=Posting.status)


@dataclass(frozen=True)
class PostingRow:
    posting: Posting
    applications: int


def posting_rows(employer_id: int) -> list[PostingRow]:
    """Return the establishment's postings, open ones first, with their application counts."""
    counts = (select(Application.posting_id, func.count().label("n"))
              .where(Application.status.not_in(NOT_APPLICATIONS))
              .group_by(Application.posting_id).subquery())
    rows = db.session.execute(
        select(Posting, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.posting_id == Posting.id)
        .where(Posting.employer_id == employer_id)
        .order_by(STATUS_ORDER, Posting.created_at.desc(), Posting.id.desc())).all()
    return [PostingRow(posting, applications) for posting, applications in rows]


def eligible_candidate_counts(postings: list[Posting]) -> dict[int, int]:
    """Count, for each open posting, the eligible candidates who switched matching on."""
    from matcher.clock import today
    from matcher.matching.queries import eligible_count

    on = today()
    return {p.id: eligible_count(p, on) for p in postings if p.status == "open"}


# A posting closing within this many days is "closing soon" on the HR home.
CLOSING_SOON_DAYS = 7


@dataclass(frozen=True)
class Attention:
    """An open posting that needs HR today, and why."""

    posting: Posting
    new_applications: int
    interviews: int
    closing_soon: bool
    openings_left: int
    eligible: int | None


def needing_attention(employer_id: int, eligible: dict[int, int],
                      on: date) -> list[Attention]:
    """Return the open postings with new applications, interviews or a closing date near.

    New applications are those still at "applied" (nobody moved them yet); interviews
    are applications at the interview stage. Soonest closing first.
    """
    counts = dict(db.session.execute(
        select(Application.posting_id, func.count()).join(Posting)
        .where(Posting.employer_id == employer_id, Application.status == "applied")
        .group_by(Application.posting_id)).all())
    interviews = dict(db.session.execute(
        select(Application.posting_id, func.count()).join(Posting)
        .where(Posting.employer_id == employer_id, Application.status == "interview")
        .group_by(Application.posting_id)).all())
    postings = db.session.scalars(select(Posting).where(
        Posting.employer_id == employer_id, Posting.status == "open")).all()
    soon = on + timedelta(days=CLOSING_SOON_DAYS)
    rows = [Attention(p, counts.get(p.id, 0), interviews.get(p.id, 0),
                      p.closes_on is not None and p.closes_on <= soon,
                      p.openings - p.filled, eligible.get(p.id)) for p in postings]
    rows = [r for r in rows if r.new_applications or r.interviews or r.closing_soon]
    return sorted(rows, key=lambda r: (r.posting.closes_on or soon + timedelta(days=999),
                                       r.posting.id))


def pending_drafts(membership) -> list[Posting]:
    """Return the drafts a pending HR user wrote for their establishment, newest first."""
    if membership is None or membership.status != "pending":
        return []
    return list(db.session.scalars(select(Posting).where(
        Posting.employer_id == membership.employer_id, Posting.status == "draft",
        Posting.created_by_id == membership.user_id)
        .order_by(Posting.id.desc())))

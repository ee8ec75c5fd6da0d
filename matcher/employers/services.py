"""What the employer's home shows: each posting with its openings and applications."""

from dataclasses import dataclass

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

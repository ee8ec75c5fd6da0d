"""The shapes of applications and hires on the API."""

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from matcher.matching.pseudonyms import contact_visible, pseudonym
from matcher.models.application import REJECTION_REASONS
from matcher.schemas import Day, Out, Shape, Text

ApplicationStatus = Literal["invited", "declined", "applied", "shortlisted", "interview",
                            "offer", "hired", "rejected", "withdrawn"]


# The reasons of the pipeline page, from the one list the model keeps.
RejectionReason = Literal[REJECTION_REASONS]


class Move(Shape):
    """Move an application along the pipeline (a hire goes through /hire).

    Declining (`rejected`) needs a `reason`, and words in `detail` when the reason is `other`;
    the candidate is told the reason in their language, with `message` when one is given.
    """

    status: Literal["shortlisted", "interview", "offer", "rejected"]
    reason: RejectionReason | None = Field(None, description=(
        "why the application is not retained: required with status `rejected`, "
        "refused with the other statuses"))
    detail: Text(500, description=(
        "the employer's own words, kept for the team and never sent; required when the "
        "reason is `other`")) = ""
    message: Text(1000, description=(
        "an optional message to the candidate, sent as written with the reason")) = ""


class Invitation(Shape):
    """Invite a ranked candidate (by the id the ranking gives) to apply."""

    candidate_id: int = Field(ge=1, le=2**31 - 1)


class HireIn(Shape):
    start_on: Day = Field(description=(
        "first day of work: not before the application, at most 12 months ahead, not before "
        "the program's start, not after the permit's expiry (unless maintained status)"))


class HireEnd(Shape):
    end_on: Day = Field(description="last day of work: on or after the first day")


class HireCancel(Shape):
    reason: Text(500, 1, description="why the hire was recorded by mistake")


class ApplicationOut(Out):
    """An application to one of the establishment's postings."""

    id: int
    posting_id: int
    candidate_id: int | None
    candidate: str = Field(description=(
        "the candidate's name once they applied or accepted an invitation, else a pseudonym"))
    status: ApplicationStatus
    source: str
    score_at_creation: float
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, application) -> "ApplicationOut":
        """Return the API view of an application, naming the person only if they agreed."""
        candidate = application.candidate
        if candidate is None:
            label = "—"
        elif contact_visible(application):
            label = candidate.display_name or pseudonym(candidate.id)
        else:
            label = pseudonym(candidate.id)
        return cls(id=application.id, posting_id=application.posting_id,
                   candidate_id=application.candidate_id, candidate=label,
                   status=application.status, source=application.source,
                   score_at_creation=float(application.score_at_creation),
                   created_at=application.created_at, updated_at=application.updated_at)


class HireOut(Out):
    id: int
    application_id: int
    posting_id: int
    start_on: date
    end_on: date | None
    created_at: datetime

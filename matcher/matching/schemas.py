"""The shapes of ranked candidates and matches on the API: scores with their explanation."""

from pydantic import Field

from matcher.schemas import Out


class ComponentOut(Out):
    """One scored criterion: its value in [0, 1], its weight and the points it adds."""

    code: str
    value: float
    weight: float
    points: float


class RankedCandidate(Out):
    """An eligible candidate who switched matching on, as the ranking page shows them."""

    candidate_id: int
    candidate: str = Field(description=(
        "a stable pseudonym, or the name once the candidate applied or accepted an invitation"))
    score: float = Field(ge=0, le=100)
    explanation: list[ComponentOut]
    flags: list[str] = Field(description="things to check, as codes")
    application_id: int | None
    application_status: str | None


class RankedCandidates(Out):
    items: list[RankedCandidate]


class MatchOut(Out):
    """An open posting a candidate is eligible for."""

    posting_id: int
    title: str
    establishment: str
    region_code: str
    score: float


class MatchesOut(Out):
    items: list[MatchOut]

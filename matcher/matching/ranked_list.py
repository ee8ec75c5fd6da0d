"""The ranked list HR reads: each candidate's facts, fit band and the filters HR chose.

People who already applied or were invited to the posting are kept apart, with their
status; everyone else is offered for an invitation. The fit band reads each score
against the best score among the posting's eligible candidates (`ranking.fit`), taken
before any filter so that filtering never changes a candidate's stars.
"""

from dataclasses import dataclass
from datetime import date

from matcher.matching.queries import ranked_candidates
from matcher.matching.services import candidate_profile
from matcher.models import Application, Candidate, Posting
from matcher.ranking import Match, experience_months
from matcher.ranking.fit import FitBand, fit_band

# (skill code, Candidate column, the posting's requirement column)
FRENCH_SKILLS = (
    ("oral_comprehension", "french_oral_comprehension", "min_french_oral"),
    ("oral_production", "french_oral_production", "min_french_oral"),
    ("reading", "french_reading", "min_french_written"),
    ("writing", "french_writing", "min_french_written"),
)


@dataclass(frozen=True)
class Filters:
    """What HR narrowed the list to (None or False: no filter)."""

    verified: bool = False
    min_months: int | None = None
    available_by: date | None = None
    region: str | None = None


@dataclass(frozen=True)
class FrenchSkill:
    skill: str
    level: int
    required: int

    @property
    def met(self) -> bool:
        return self.level >= self.required


@dataclass(frozen=True)
class Row:
    """One ranked candidate with the facts HR decides on."""

    candidate: Candidate
    match: Match
    application: Application | None
    band: FitBand
    months: int
    french: tuple[FrenchSkill, ...]

    @property
    def verified(self) -> bool:
        return (self.candidate.permit_verified_at is not None
                and self.candidate.french_verified_at is not None)

    @property
    def regions(self) -> list[str]:
        return sorted(r.code for r in self.candidate.preferred_regions)


def french_skills(candidate: Candidate, posting: Posting) -> tuple[FrenchSkill, ...]:
    """Return the candidate's level in each French skill with the posting's requirement."""
    return tuple(FrenchSkill(skill, getattr(candidate, column) or 0, getattr(posting, need))
                 for skill, column, need in FRENCH_SKILLS)


def months_in(candidate: Candidate, posting: Posting, on: date) -> int:
    """Return whole months of experience in the posting's occupation (rounded down)."""
    return int(experience_months(candidate_profile(candidate).experiences, on, posting.noc_code))


def keeps(row: Row, filters: Filters) -> bool:
    """Say whether a row passes every filter HR chose."""
    candidate = row.candidate
    if filters.verified and not row.verified:
        return False
    if filters.min_months is not None and row.months < filters.min_months:
        return False
    if filters.available_by and candidate.available_from and \
            candidate.available_from > filters.available_by:
        return False
    return not filters.region or filters.region in row.regions or candidate.willing_to_relocate


def ranked_list(posting: Posting, on: date, filters: Filters = Filters(),
                limit: int = 200) -> tuple[list[Row], list[Row], float]:
    """Return (offered, already in touch, reach) for a posting, filters applied.

    Offered rows have no application; the others applied or were invited and are
    shown apart with their status. Reach is the best score before filtering.
    """
    ranked = ranked_candidates(posting, on, limit=limit)
    reach = max((m.score for _c, m, _a in ranked), default=0.0)
    rows = [Row(c, m, a, fit_band(m.score, reach), months_in(c, posting, on),
                french_skills(c, posting)) for c, m, a in ranked]
    rows = [row for row in rows if keeps(row, filters)]
    return ([r for r in rows if r.application is None],
            [r for r in rows if r.application is not None], reach)


def reach(posting: Posting, on: date) -> float:
    """Return the best score among the candidates HR may be offered for a posting."""
    ranked = ranked_candidates(posting, on, limit=20)
    return ranked[0][1].score if ranked else 0.0


def compared(posting: Posting, on: date, ids: list[int]) -> list[Row]:
    """Return the ranked rows of the chosen candidates, in rank order (unknown ids dropped)."""
    offered, in_touch, _reach = ranked_list(posting, on)
    chosen = set(ids)
    return sorted((r for r in offered + in_touch if r.candidate.id in chosen),
                  key=lambda r: (-r.match.score, r.candidate.id))

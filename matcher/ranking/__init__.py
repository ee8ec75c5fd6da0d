"""Eligibility, scoring and ranking of candidates and postings (pure: no Flask, no SQL).

The public contract is DESIGN.md §4; `evaluate` is the reference, the indexes return the
same results at scale, and `OccupationCatalog` suggests NOC codes for typed titles.
`allocate` runs a placement round (DESIGN §7.6).
"""

from .allocation import allocate
from .config import RankingConfig
from .experience import experience_months
from .index import CandidateIndex
from .occupations import OccupationCatalog, Suggestion
from .pairwise import evaluate, rank_candidates, rank_postings
from .posting_index import PostingIndex
from .profiles import (
    CandidateProfile,
    Component,
    Evaluation,
    Experience,
    FrenchLevels,
    Match,
    PostingProfile,
    Reason,
)

__all__ = [
    "CandidateIndex",
    "CandidateProfile",
    "Component",
    "Evaluation",
    "Experience",
    "FrenchLevels",
    "Match",
    "OccupationCatalog",
    "PostingIndex",
    "PostingProfile",
    "RankingConfig",
    "Reason",
    "Suggestion",
    "allocate",
    "evaluate",
    "experience_months",
    "rank_candidates",
    "rank_postings",
]

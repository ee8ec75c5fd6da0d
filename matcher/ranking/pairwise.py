"""The reference implementation: one pair at a time (`evaluate`) and loops over it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import numpy as np

from . import score as sc
from .config import DEFAULT_CONFIG, RankingConfig
from .eligibility import check
from .experience import hour_days
from .features import CandidateFeatures, PostingFeatures, compile_candidate, compile_posting
from .occupations import OccupationCatalog, default_catalog
from .profiles import CandidateProfile, Evaluation, Match, PostingProfile
from .similarity import best_similarity
from .textmodel import dot


def title_fit(
    posting: PostingFeatures,
    candidate: CandidateFeatures,
    config: RankingConfig,
    catalog: OccupationCatalog,
) -> int:
    """Return the best similarity of the candidate's titles to the posting's and its NOC's."""
    floor = config.title_similarity_floor
    to_noc = best_similarity(candidate.titles, catalog.references(posting.noc), floor)
    to_title = best_similarity(candidate.titles, (posting.title,), floor)
    return int(max(to_noc.max(initial=0), to_title.max(initial=0)))


def pair_scores(
    posting: PostingFeatures,
    candidate: CandidateFeatures,
    today: date,
    config: RankingConfig,
    catalog: OccupationCatalog,
) -> sc.Scores:
    """Score one eligible pair (component values and points)."""
    matched = posting.noc in candidate.nocs
    similarity = 0 if matched else title_fit(posting, candidate, config, catalog)
    held = len(posting.certifications & candidate.certifications)
    preferred = not candidate.regions or posting.region in candidate.regions
    values = (
        sc.occupation_values(np.array([matched]), np.array([similarity]), config),
        sc.experience_values(
            np.array([hour_days(candidate.segments.get(posting.noc, ()), today.toordinal())]),
            config,
        ),
        sc.text_values(np.array([dot(candidate.text, posting.text)])),
        sc.french_values(np.array([candidate.oral]), np.array([posting.min_oral]), config),
        sc.logistics_values(
            np.array([preferred]), np.array([candidate.available - today.toordinal()]), config
        ),
        sc.certification_values(np.array([held]), np.array([len(posting.certifications)])),
    )
    return sc.score(values, config)


def _evaluate(
    posting: PostingProfile,
    posting_features: PostingFeatures,
    candidate: CandidateProfile,
    candidate_features: CandidateFeatures,
    today: date,
    config: RankingConfig,
    catalog: OccupationCatalog,
) -> Evaluation:
    reasons, flags = check(posting, candidate, candidate_features, today, config)
    if reasons:
        return Evaluation(False, reasons, flags, 0.0, ())
    scores = pair_scores(posting_features, candidate_features, today, config, catalog)
    return Evaluation(True, (), flags, int(scores.totals[0]) / 10, scores.explanation(0, config))


def evaluate(
    posting: PostingProfile,
    candidate: CandidateProfile,
    today: date,
    config: RankingConfig = DEFAULT_CONFIG,
    catalog: OccupationCatalog | None = None,
) -> Evaluation:
    """Check a candidate against a posting's hard rules and score the pair if eligible.

    Args:
        posting: the opening.
        candidate: the person.
        today: the reference day (start of ongoing counts, S when the posting has no start).
        config: weights and thresholds.
        catalog: NOC titles and the text model (default: the bundled seed catalog).

    Returns:
        An Evaluation: eligibility, every failing reason with figures, flags, and for an
        eligible pair the score (0-100, one decimal) with its explanation.
    """
    catalog = catalog or default_catalog()
    model = catalog.text_model
    return _evaluate(
        posting,
        compile_posting(posting, model),
        candidate,
        compile_candidate(candidate, config, model),
        today,
        config,
        catalog,
    )


def _ranked(matches: list[Match], limit: int) -> list[Match]:
    return sorted(matches, key=lambda m: (-m.score, m.id))[: max(limit, 0)]


def rank_candidates(
    posting: PostingProfile,
    candidates: Iterable[CandidateProfile],
    today: date,
    limit: int = 50,
    config: RankingConfig = DEFAULT_CONFIG,
    catalog: OccupationCatalog | None = None,
) -> list[Match]:
    """Rank the eligible candidates for a posting by evaluating every pair.

    Args:
        posting: the opening.
        candidates: the pool.
        today: the reference day.
        limit: how many matches to return at most.
        config: weights and thresholds.
        catalog: NOC titles and the text model (default: the bundled seed catalog).

    Returns:
        Eligible candidates only, best score first, ties by candidate id ascending.
    """
    catalog = catalog or default_catalog()
    model = catalog.text_model
    posting_features = compile_posting(posting, model)
    matches = []
    for candidate in candidates:
        features = compile_candidate(candidate, config, model)
        result = _evaluate(posting, posting_features, candidate, features, today, config, catalog)
        if result.eligible:
            matches.append(Match(candidate.id, result.score, result.explanation, result.flags))
    return _ranked(matches, limit)


def rank_postings(
    candidate: CandidateProfile,
    postings: Iterable[PostingProfile],
    today: date,
    limit: int = 50,
    config: RankingConfig = DEFAULT_CONFIG,
    catalog: OccupationCatalog | None = None,
) -> list[Match]:
    """Rank the postings a candidate is eligible for by evaluating every pair.

    Args:
        candidate: the person.
        postings: the open postings.
        today: the reference day.
        limit: how many matches to return at most.
        config: weights and thresholds.
        catalog: NOC titles and the text model (default: the bundled seed catalog).

    Returns:
        Eligible postings only, best score first, ties by posting id ascending.
    """
    catalog = catalog or default_catalog()
    model = catalog.text_model
    features = compile_candidate(candidate, config, model)
    matches = []
    for posting in postings:
        posting_features = compile_posting(posting, model)
        result = _evaluate(posting, posting_features, candidate, features, today, config, catalog)
        if result.eligible:
            matches.append(Match(posting.id, result.score, result.explanation, result.flags))
    return _ranked(matches, limit)

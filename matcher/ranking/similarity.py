"""Fuzzy title similarity for the occupation-fit component.

Titles are compared as `text.title_key` keys (accents and gender forms folded, then
`rapidfuzz.utils.default_process`, then singular words) with `fuzz.token_set_ratio`, which
tolerates word order and the long enumerations of official NOC titles ("aide infirmier aide
soignant et prepose aux beneficiaire"). Scores are rounded to whole numbers 0-100 so every
code path (one pair, or an index's cached tables) agrees exactly; a score at or below the
configured floor counts as no fit, so it is cut to 0 early.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process

_PARALLEL_FROM = 2000  # pairs; below this, threads cost more than they save


def similarity_matrix(titles: Sequence[str], references: Sequence[str], floor: int) -> np.ndarray:
    """Return rounded similarities (0-100, int16), titles x references; <= floor gives 0."""
    if not titles or not references:
        return np.zeros((len(titles), len(references)), dtype=np.int16)
    workers = -1 if len(titles) * len(references) >= _PARALLEL_FROM else 1
    matrix = process.cdist(
        titles,
        references,
        scorer=fuzz.token_set_ratio,
        processor=None,  # keys are already folded and passed through default_process
        score_cutoff=floor,
        dtype=np.float64,
        workers=workers,
    )
    rounded = np.rint(matrix)
    rounded[rounded <= floor] = 0
    return rounded.astype(np.int16)


def best_similarity(titles: Sequence[str], references: Sequence[str], floor: int) -> np.ndarray:
    """Return, for each title, its best rounded similarity (0-100) to any reference.

    Args:
        titles: title keys to score.
        references: title keys to compare against (empty keys are ignored).
        floor: scores at or below it are returned as 0.

    Returns:
        An int16 array with one score per title.
    """
    refs = [ref for ref in references if ref]
    if not titles or not refs:
        return np.zeros(len(titles), dtype=np.int16)
    return similarity_matrix(titles, refs, floor).max(axis=1)

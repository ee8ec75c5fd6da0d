"""How strongly a title's words point to each occupation: Naive Bayes over catalog titles.

A title that no catalog title resembles closely ("commis aux abonnements") is often nearest
to one title of the wrong occupation. Counting instead how many titles of each occupation
use each word says which occupation such words usually name: "commis", "prepose" or
"aide" alone fit dozens of occupations; next to "bureau", "soin" or "cuisine", a few.

Each indexed title key is a document of the occupation(s) owning it. The posterior of
occupation c is proportional to (n_c + 1) * prod over query words w of P(w | c), with
P(w | c) = (n_cw + MU * p_w) / (n_c + MU): n_c title keys in c, n_cw of them using w, p_w the
share of all title keys using w (Dirichlet smoothing). A query word counts through its
matches (`word_match.py`: itself and its near spellings), each occupation taking the best
credit * count among them; a word with no match at all is left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from scipy import sparse

MU = 2.0


class TitleEvidence:
    """Per-occupation counts of title words, for Naive Bayes posteriors."""

    def __init__(self, counts: sparse.csr_matrix, titles: np.ndarray, index: Mapping[str, int]):
        """Keep the counts.

        Args:
            counts: words x occupations, how many title keys of each occupation use the word.
            titles: how many title keys each occupation has.
            index: the row of each word in `counts`.
        """
        self._counts = counts.astype(np.float64).tocsr()
        self._counts.sort_indices()
        total = max(1.0, float(titles.sum()))
        self._share = np.asarray(self._counts.sum(axis=1)).ravel() / total
        self._index = index
        self._prior = np.log(titles.astype(np.float64) + 1.0)
        self._denominator = np.log(titles.astype(np.float64) + MU)

    def posterior(self, matched: Sequence[Sequence[tuple[str, float]]]) -> np.ndarray:
        """Return P(occupation | words) for a query given as each word's matches.

        Args:
            matched: for each query word, its (vocabulary word, credit) pairs.

        Returns:
            One probability per occupation (all zero when no word is known).
        """
        counts = self._counts
        scores = self._prior.copy()
        known = False
        for matches in matched:
            count = np.zeros_like(scores)
            background = 0.0
            for word, credit in matches:
                row = self._index.get(word)
                if row is None:
                    continue
                start, end = counts.indptr[row], counts.indptr[row + 1]
                columns = counts.indices[start:end]
                count[columns] = np.maximum(count[columns], credit * counts.data[start:end])
                background = max(background, credit * self._share[row])
            if background > 0:
                known = True
                scores += np.log(count + MU * background) - self._denominator
        if not known:
            return np.zeros_like(scores)
        weights = np.exp(scores - scores.max())
        return weights / weights.sum()

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

Why not scikit-learn's MultinomialNB: its likelihood is linear in the query's counts, so a
misspelt word cannot count as "its best match in each occupation" (it can only add up its
matches), and its Lidstone smoothing gives a word unseen in an occupation the same small
weight whether the word is rare or common, where the Dirichlet smoothing above uses the
word's share of all titles. `benchmarks/occupations_sklearn.py nb` measured MultinomialNB
(occupations as classes, title-word counts as features, the same prior, alpha 1, each query
word as its best-credited match) on `benchmarks/occupations.py --seed 11`, in CPU time:
held-out program titles top-1 73.7 % and top-3 92.1 % against 74.3 % and 92.7 % here
(overall top-3 91.7 % against 92.0 %), median suggestion 12.8 ms against 4.3 ms (the
experiment gave predict_proba a dense row over the vocabulary; a sparse one would save part
of that), catalog built in 3.8 s against 3.1 s. Worse on accuracy, so this stays.
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

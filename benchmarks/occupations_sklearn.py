"""The occupation benchmark with scikit-learn's TF-IDF or Naive Bayes in place of ours.

Run from the repository root:
    .venv/bin/python benchmarks/occupations_sklearn.py none|tfidf|nb [occupations.py options]

`title_search.py` and `title_evidence.py` say why they keep their own code; this script is
the measurement behind that. It swaps in:

* tfidf: `TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 3), binary=True)` (the same
  padded word trigrams and smoothed IDF as ours), a title's shortlist score being the
  cosine computed by a sparse product over every title;
* nb: `MultinomialNB` with the occupations as classes, the title-word counts as features
  and the same prior (n_c + 1); a query word counts as its best-credited match;
* none: our own code, for a reference measured the same way.

Times are CPU time (time.process_time), so that a shared machine's load weighs less.
"""

from __future__ import annotations

import runpy
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.naive_bayes import MultinomialNB

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matcher.ranking import title_search  # noqa: E402


def build_trigrams(self, key_words, word_grams, gram_ids) -> None:
    """Fit scikit-learn's TF-IDF on the title keys."""
    self._vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 3), binary=True,
                                       lowercase=False, dtype=np.float64)
    self._tfidf = self._vectorizer.fit_transform(self.keys).tocsr()


def shortlist(self, query: str, size: int = title_search.SHORTLIST) -> np.ndarray:
    """Return the rows of the best cosines, selected as title_search.shortlist does."""
    vector = self._vectorizer.transform([query])
    if vector.nnz == 0:
        return np.empty(0, dtype=np.int64)
    scores = (self._tfidf @ vector.T).toarray().ravel()
    best = scores.max(initial=0.0)
    for share in (0.5, 0.25, 0.0):
        rows = np.flatnonzero(scores > share * best) if share else np.flatnonzero(scores)
        if len(rows) >= size or share == 0.0:
            break
    if len(rows) > size:
        return rows[np.argpartition(scores[rows], len(rows) - size)[-size:]]
    return rows


class NaiveBayesEvidence:
    """title_evidence.TitleEvidence's interface on scikit-learn's MultinomialNB."""

    def __init__(self, counts, titles, index):
        prior = titles.astype(np.float64) + 1.0
        self._model = MultinomialNB(alpha=1.0, class_prior=prior / prior.sum())
        self._model.fit(counts.T.tocsr(), np.arange(counts.shape[1]))
        self._index = index
        self._shape = counts.shape

    def posterior(self, matched) -> np.ndarray:
        query = np.zeros((1, self._shape[0]))
        for matches in matched:
            for word, credit in matches:
                row = self._index.get(word)
                if row is not None:
                    query[0, row] = max(query[0, row], credit)
        if not query.any():
            return np.zeros(self._shape[1])
        return self._model.predict_proba(query)[0]


def main() -> None:
    variant = sys.argv[1] if len(sys.argv) > 1 else "none"
    if variant == "tfidf":
        title_search.TitleSearch._build_trigrams = build_trigrams
        title_search.TitleSearch.shortlist = shortlist
    elif variant == "nb":
        title_search.TitleEvidence = NaiveBayesEvidence
    elif variant != "none":
        raise SystemExit("usage: occupations_sklearn.py none|tfidf|nb [options]")
    print(f"variant: {variant} (times are CPU time)")
    time.perf_counter = time.process_time
    sys.argv = [str(ROOT / "benchmarks" / "occupations.py"), *sys.argv[2:]]
    runpy.run_path(sys.argv[0], run_name="__main__")


if __name__ == "__main__":
    main()

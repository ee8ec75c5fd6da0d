"""Fuzzy search of indexed job titles, scored per occupation.

An occupation's score (0-100) first measures how well the typed title matches it:

* title match (weight 0.7): the best of its titles against the query. A character-trigram
  TF-IDF cosine over every indexed title (robust to typos, word order and missing accents)
  shortlists `SHORTLIST` titles, which rapidfuzz rescores: the mean of `token_sort_ratio`
  (spelling, order-free) and `token_set_ratio` (tolerates extra qualifiers);
* word coverage (weight 0.3): the share of the query's information, each word weighted by
  its rarity across occupations (IDF), found among the words of *all* the occupation's
  titles, a near spelling counting its credit (`word_match.py`: typos, and the same stem in
  the other language or another form, "therapie" ~ "therapy", "hospital" ~ "hopital"). This
  lets "prepose aux autopsies" find the occupation whose other titles say "autopsie" even
  when no single title is close.

Then the evidence of the query's words (`title_evidence.py`, Naive Bayes over all titles)
fills up to `EVIDENCE_SHARE` of what the match leaves short of 100, in proportion to the
occupation's posterior: an unseen title ("commis aux abonnements") goes to the occupation
whose titles usually combine its words, while an exact title keeps its 100.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse

from .text import STOP_WORDS
from .title_evidence import TitleEvidence
from .word_match import Matches, WordMatcher, gram_matrix, grams

SHORTLIST = 40
TITLE_WEIGHT = 0.7
EVIDENCE_SHARE = 0.3


def _content_words(key: str) -> list[str]:
    return [word for word in key.split() if len(word) > 1 and word not in STOP_WORDS]


def _binary(matrix: sparse.spmatrix) -> sparse.csr_matrix:
    matrix = sparse.csr_matrix(matrix)
    matrix.data = np.ones_like(matrix.data, dtype=np.int8)
    return matrix


class TitleSearch:
    """Indexed title keys, each owned by one or more occupation codes."""

    def __init__(self, keys: Sequence[str], owners: Sequence[Sequence[str]]):
        self.keys = list(keys)
        self.owners = [tuple(codes) for codes in owners]
        self.codes = sorted({code for codes in self.owners for code in codes})
        words, key_words = self._tokenize()
        word_grams, gram_ids = gram_matrix(words)
        self._build_trigrams(key_words, word_grams, gram_ids)
        self._build_words(words, key_words, word_grams, gram_ids)

    def _tokenize(self) -> tuple[list[str], sparse.csr_matrix]:
        """Return the distinct words of the keys and the binary keys x words matrix."""
        word_ids: dict[str, int] = {}
        cols: list[int] = []
        lengths: list[int] = []
        for key in self.keys:
            ids = {word_ids.setdefault(word, len(word_ids)) for word in key.split()}
            cols.extend(ids)
            lengths.append(len(ids))
        indptr = np.concatenate(([0], np.cumsum(lengths, dtype=np.int64)))
        matrix = sparse.csr_matrix(
            (np.ones(len(cols), dtype=np.int8), np.asarray(cols, dtype=np.int32), indptr),
            shape=(len(self.keys), len(word_ids)),
        )
        return list(word_ids), matrix

    def _build_trigrams(
        self, key_words: sparse.csr_matrix, word_grams: sparse.csr_matrix, gram_ids: dict[str, int]
    ) -> None:
        key_grams = _binary(key_words.astype(np.int32) @ word_grams.astype(np.int32))
        df = np.bincount(key_grams.indices, minlength=len(gram_ids))
        self._gram_idf = np.log((1 + len(self.keys)) / (1 + df)) + 1.0
        norms = np.sqrt(key_grams.astype(np.float64) @ self._gram_idf**2)
        by_gram = key_grams.T.tocsr()
        self._gram_ids = gram_ids
        self._gram_rows = by_gram.indices
        self._gram_indptr = by_gram.indptr
        self._key_norms = np.maximum(norms, 1e-12)

    def _build_words(
        self,
        words: list[str],
        key_words: sparse.csr_matrix,
        word_grams: sparse.csr_matrix,
        gram_ids: dict[str, int],
    ) -> None:
        content = np.flatnonzero([len(w) > 1 and w not in STOP_WORDS for w in words])
        vocabulary = [words[i] for i in content]
        code_ids = {code: i for i, code in enumerate(self.codes)}
        rows = np.repeat(np.arange(len(self.keys)), [len(codes) for codes in self.owners])
        cols = [code_ids[code] for codes in self.owners for code in codes]
        owned = sparse.csr_matrix(
            (np.ones(len(cols), dtype=np.int32), (rows, cols)),
            shape=(len(self.keys), len(self.codes)),
        )
        counts = (key_words[:, content].T.astype(np.int32) @ owned).tocsr()  # words x codes
        counts.sort_indices()
        by_code = counts.T.tocsr()
        self.words_by_code = {
            code: frozenset(vocabulary[i] for i in by_code.indices[a:b])
            for code, a, b in zip(self.codes, by_code.indptr[:-1], by_code.indptr[1:], strict=True)
        }
        count = len(self.codes) or 1
        self._word_codes = {
            word: tuple(self.codes[i] for i in counts.indices[a:b])
            for word, a, b in zip(vocabulary, counts.indptr[:-1], counts.indptr[1:], strict=True)
        }
        self._word_idf = {word: math.log(count / len(c)) for word, c in self._word_codes.items()}
        self._unknown_idf = math.log(count) if count > 1 else 1.0
        self.words = WordMatcher(vocabulary, word_grams[content], gram_ids)
        titles = np.asarray(owned.sum(axis=0)).ravel()
        index = {word: i for i, word in enumerate(vocabulary)}
        self.evidence = TitleEvidence(counts, titles, index)

    def shortlist(self, query: str) -> np.ndarray:
        """Return the rows of the titles with the best trigram cosine to `query`."""
        ids = sorted({self._gram_ids.get(g) for w in query.split() for g in grams(w)} - {None})
        if not ids:
            return np.empty(0, dtype=np.int64)
        starts = self._gram_indptr[ids]
        ends = self._gram_indptr[np.asarray(ids) + 1]
        rows = np.concatenate([self._gram_rows[a:b] for a, b in zip(starts, ends, strict=True)])
        weights = np.repeat(self._gram_idf[ids] ** 2, ends - starts)
        scores = np.bincount(rows, weights=weights, minlength=len(self.keys)) / self._key_norms
        if len(scores) > SHORTLIST:
            return np.argpartition(-scores, SHORTLIST)[:SHORTLIST]
        return np.arange(len(scores))

    def title_scores(self, query: str) -> dict[str, tuple[float, int]]:
        """Return {code: (best title score 0-100, row of that title)} over the shortlist."""
        rows = self.shortlist(query)
        if len(rows) == 0:
            return {}
        choices = [self.keys[row] for row in rows]
        by_sort = process.cdist([query], choices, scorer=fuzz.token_sort_ratio, dtype=np.float64)
        by_set = process.cdist([query], choices, scorer=fuzz.token_set_ratio, dtype=np.float64)
        best: dict[str, tuple[float, int]] = {}
        for row, score in zip(rows.tolist(), ((by_sort[0] + by_set[0]) / 2).tolist(), strict=True):
            for code in self.owners[row]:
                if code not in best or (score, -row) > (best[code][0], -best[code][1]):
                    best[code] = (score, row)
        return best

    def coverage(self, matched: Sequence[Matches]) -> dict[str, float]:
        """Return {code: share (0-1) of the query's IDF-weighted words its titles contain}.

        Args:
            matched: for each content word of the query, its matches (`WordMatcher.matches`):
                a word weighs its own IDF (or its best match's, when misspelt), and an
                occupation holding one of its matches gets that weight times the credit.
        """
        total = 0.0
        found: dict[str, float] = {}
        for matches in matched:
            if matches and matches[0][1] == 1.0:
                weight = self._word_idf[matches[0][0]]
            else:
                weight = max((self._word_idf[m] for m, _ in matches), default=self._unknown_idf)
            total += weight
            best: dict[str, float] = {}
            for match, credit in matches:
                for code in self._word_codes[match]:
                    if credit > best.get(code, 0.0):
                        best[code] = credit
            for code, credit in best.items():
                found[code] = found.get(code, 0.0) + credit * weight
        return {code: value / total for code, value in found.items()} if total > 0 else {}

    def scores(self, query: str) -> dict[str, tuple[float, int | None]]:
        """Return {code: (score 0-100, row of its best title or None)} for matching codes."""
        matched = [self.words.matches(word) for word in _content_words(query)]
        titles = self.title_scores(query)
        coverage = self.coverage(matched)
        result = {}
        for code in titles.keys() | coverage.keys():
            title, row = titles.get(code, (0.0, None))
            blended = TITLE_WEIGHT * title + (1 - TITLE_WEIGHT) * 100 * coverage.get(code, 0.0)
            result[code] = (min(100.0, blended), row)
        posterior = self.evidence.posterior(matched)
        for i in np.flatnonzero(posterior > 1e-6).tolist():
            code = self.codes[i]
            blended, row = result.get(code, (0.0, None))
            gain = (100.0 - blended) * EVIDENCE_SHARE * float(posterior[i])
            result[code] = (blended + gain, row)
        return result

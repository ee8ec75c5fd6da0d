"""Fuzzy search of indexed job titles, scored per occupation.

The typed title is first re-spaced when a space was dropped or moved ("broilercook",
"prepos eaux chambres"), then an occupation's score (0-100) blends:

* title match (weight `TITLE_WEIGHT`): the best of its titles against the query. A
  character-trigram TF-IDF cosine over every indexed title (robust to typos, word order and
  missing accents) shortlists `SHORTLIST` titles, which rapidfuzz rescores: the mean of
  `token_sort_ratio` (spelling, order-free) and `token_set_ratio` (tolerates extra
  qualifiers). The query put word by word in the other language (`glossary.py`: "floor
  sweeper" -> "plancher balayeur") is matched too, for `TRANSLATED_TITLE_CREDIT` of its score;
* word coverage (weight `COVERAGE_WEIGHT`): the share of the query's information, each word
  weighted by its rarity across occupations (IDF), found among the words of *all* the
  occupation's titles, a near spelling or a translation counting its credit
  (`word_match.py`, `glossary.py`). This lets "prepose aux autopsies" find the occupation
  whose other titles say "autopsie" even when no single title is close;
* head (weight `HEAD_WEIGHT`): whether one of its titles names the same kind of worker, the
  head word of a title being its first content word in French and its last in English
  (`text.head_words`): "dishwasher" is a kitchen helper, not a "dishwasher repairer".

Then the evidence of the query's words (`title_evidence.py`, Naive Bayes over all titles)
fills up to `EVIDENCE_SHARE` of what the match leaves short of 100, in proportion to the
occupation's posterior: an unseen title ("commis aux abonnements") goes to the occupation
whose titles usually combine its words, while an exact title keeps its 100.

Why not scikit-learn's TfidfVectorizer: the weighting here is exactly the one
`TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 3), binary=True)` computes (padded word
trigrams, smoothed IDF, L2-normalised titles), so the vectorizer gives the same shortlists
and the same accuracy. It costs more: trigrams are counted once per distinct word instead
of once per title, and a query reads only the posting lists of its own trigrams (an inverted
index) instead of a sparse product over every title. `benchmarks/occupations_sklearn.py`
measured, on `benchmarks/occupations.py --seed 11` in CPU time: held-out program titles
top-1 74.3 %, top-3 92.7 % both ways (overall top-3 92.0 % both ways); catalog built in
3.1 s here against 4.7 s; median suggestion 4.3 ms (p95 6.8) here against 26.5 ms (p95
34.7). Workers build this catalog at start-up and people wait on each suggestion, so the
hand-written index stays.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse

from .glossary import Glossary
from .text import STOP_WORDS, singular
from .title_evidence import TitleEvidence
from .word_match import MAX_MATCHES, Matches, WordMatcher, gram_matrix, grams

_ELIDED = frozenset({"a", "d", "l"})  # "à", "d'", "l'" once folded
SHORTLIST = 40
TITLE_WEIGHT = 0.65
COVERAGE_WEIGHT = 0.25
HEAD_WEIGHT = 1 - TITLE_WEIGHT - COVERAGE_WEIGHT
EVIDENCE_SHARE = 0.3
TRANSLATED_TITLE_CREDIT = 0.9  # a title matched through translation counts a little less
TRANSLATED_QUERIES = 6  # the best combinations of the query's words' translations
TRANSLATIONS_PER_WORD = 3
SURE_TRANSLATION = 0.6  # a glossary word spelt at least this close (after TRANSLATION_CREDIT)


def content_words(key: str) -> list[str]:
    """Return the words of a folded title that carry meaning (not the small words)."""
    return [word for word in key.split() if len(word) > 1 and word not in STOP_WORDS]


def _binary(matrix: sparse.spmatrix) -> sparse.csr_matrix:
    matrix = sparse.csr_matrix(matrix)
    matrix.data = np.ones_like(matrix.data, dtype=np.int8)
    return matrix


class TitleSearch:
    """Indexed title keys, each owned by one or more occupation codes."""

    def __init__(
        self,
        keys: Sequence[str],
        owners: Sequence[Sequence[str]],
        glossary: Glossary | None = None,
        heads: Sequence[Iterable[str]] = (),
        languages: Sequence[Iterable[str]] = (),
    ):
        self.keys = list(keys)
        self.glossary = glossary
        self.owners = [tuple(codes) for codes in owners]
        self.codes = sorted({code for codes in self.owners for code in codes})
        words, key_words = self._tokenize()
        word_grams, gram_ids = gram_matrix(words)
        self._build_trigrams(key_words, word_grams, gram_ids)
        self._build_words(words, key_words, word_grams, gram_ids)
        self._head_codes: dict[str, set[str]] = {}
        for key_heads, codes in zip(heads, self.owners, strict=False):
            for head in key_heads:
                self._head_codes.setdefault(head, set()).update(codes)
        self._language_words: dict[str, set[str]] = {"fr": set(), "en": set()}
        for key, key_languages in zip(self.keys, languages, strict=False):
            for language in key_languages:
                self._language_words[language].update(key.split())

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

    def shortlist(self, query: str, size: int = SHORTLIST) -> np.ndarray:
        """Return the rows of the titles with the best trigram cosine to `query`."""
        ids = sorted({self._gram_ids.get(g) for w in query.split() for g in grams(w)} - {None})
        if not ids:
            return np.empty(0, dtype=np.int64)
        starts = self._gram_indptr[ids]
        ends = self._gram_indptr[np.asarray(ids) + 1]
        rows = np.concatenate([self._gram_rows[a:b] for a, b in zip(starts, ends, strict=True)])
        weights = np.repeat(self._gram_idf[ids] ** 2, ends - starts)
        scores = np.bincount(rows, weights=weights, minlength=len(self.keys)) / self._key_norms
        # The best `size` rows, exactly; selecting among the rows above a share of the
        # best score first is several times faster than partitioning every row.
        best = scores.max(initial=0.0)
        for share in (0.5, 0.25, 0.0):
            rows = np.flatnonzero(scores > share * best) if share else np.flatnonzero(scores)
            if len(rows) >= size or share == 0.0:
                break
        if len(rows) > size:
            return rows[np.argpartition(scores[rows], len(rows) - size)[-size:]]
        return rows

    def title_scores(
        self, queries: Sequence[str], credit: float = 1.0, shortlist_of: str | None = None
    ) -> dict[str, tuple[float, int]]:
        """Return {code: (best title score 0-100, row of that title)} over a shortlist.

        Args:
            queries: the texts to compare with each shortlisted title (the best counts).
            credit: factor applied to the scores (e.g. for translated queries).
            shortlist_of: the text whose trigrams pick the shortlist (default: the first query).
        """
        rows = self.shortlist(shortlist_of or queries[0], round(SHORTLIST * len(queries) ** 0.5))
        if len(rows) == 0:
            return {}
        choices = [self.keys[row] for row in rows]
        by_sort = process.cdist(queries, choices, scorer=fuzz.token_sort_ratio, dtype=np.float64)
        by_set = process.cdist(queries, choices, scorer=fuzz.token_set_ratio, dtype=np.float64)
        scores = ((by_sort + by_set) / 2).max(axis=0) * credit
        best: dict[str, tuple[float, int]] = {}
        for row, score in zip(rows.tolist(), scores.tolist(), strict=True):
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

    def word_matches(self, word: str) -> Matches:
        """Return the catalog words matching a query word: near spellings, then translations."""
        matches = self.words.matches(word)
        if self.glossary is None:
            return matches
        best = dict(matches)
        for other, credit in self.glossary.translations(word):
            if other in self.words.index and credit > best.get(other, 0.0):
                best[other] = credit
        if len(best) == len(matches):
            return matches
        return tuple(sorted(best.items(), key=lambda item: (-item[1], item[0])))[:MAX_MATCHES]

    def translated_queries(self, query: str) -> list[str]:
        """Return the query with its words put in the other language, when the glossary can.

        Each word keeps its TRANSLATIONS_PER_WORD best translations known to the catalog
        (spelt like a glossary word, not merely near one; the most widely used first, one
        gender form since titles hold both); the variants are the combinations
        with the highest total credit, at most TRANSLATED_QUERIES of them. Words without a
        translation stay as typed.
        """
        if self.glossary is None:
            return []
        options: list[list[tuple[str, float]]] = []
        for word in query.split():
            found = sorted(
                (
                    (other, credit)
                    for other, credit in self.glossary.translations(word)
                    if other in self._word_codes
                    and credit >= SURE_TRANSLATION
                    and other not in self.glossary.feminine  # titles hold both forms
                ),
                key=lambda item: (-item[1], -len(self._word_codes[item[0]]), item[0]),
            )[:TRANSLATIONS_PER_WORD]
            if found or word not in STOP_WORDS:  # the other language's small words differ
                options.append(found or [(word, 0.0)])
        if all(credit == 0.0 for found in options for _, credit in found):
            return []
        combinations = sorted(
            itertools.product(*options), key=lambda combo: -sum(credit for _, credit in combo)
        )
        return [" ".join(word for word, _ in combo) for combo in combinations[:TRANSLATED_QUERIES]]

    def known(self, word: str) -> bool:
        """Tell whether a folded word is a title word, a glossary word or a small word."""
        return (
            word in self.words.index
            or word in STOP_WORDS
            or word in _ELIDED
            or (self.glossary is not None and self.glossary.knows(word))
        )

    def split(self, word: str) -> list[str] | None:
        """Split a word typed without its space into two known words, or return None.

        Either two title words of four letters or more ("roomaide" -> "room aide"), or a word
        of five or more and a small word ("commisau" -> "commis au", "nettoyeurd" ->
        "nettoyeur d"); the most balanced split wins.
        """
        best = None
        for at in range(1, len(word)):
            left, right = singular(word[:at]), word[at:]
            small = [part for part in (left, right) if part in _ELIDED or part in STOP_WORDS]
            words = [part for part in (left, right) if part not in small]
            if len(words) == 2 and all(len(w) >= 4 and w in self.words.index for w in words):
                balance = min(len(left), len(right))
            elif len(words) == 1 and len(words[0]) >= 5 and self.known(words[0]):
                balance = 1
            else:
                continue
            if best is None or balance > best[0]:
                best = (balance, [left, right])
        return best[1] if best else None

    def respaced(self, query: str) -> str:
        """Put back a space typed too few or in the wrong place.

        An unknown word is joined to the next word and split again ("prepos eaux" ->
        "prepose aux"), or else split into two known words ("broilercook" -> "broiler cook").
        """
        words = query.split()
        out: list[str] = []
        i = 0
        while i < len(words):
            word = words[i]
            if self.known(word):
                out.append(word)
                i += 1
                continue
            parts = None
            if i + 1 < len(words):
                joined = word + words[i + 1]
                parts = [joined] if self.known(joined) else self.split(joined)
                if parts is not None:
                    i += 1
            out.extend(parts or self.split(word) or [word])
            i += 1
        return " ".join(out)

    def head_matches(self, matched: Sequence[Matches]) -> dict[str, float]:
        """Return {code: credit 0-1} for the occupations with a title headed like the query.

        Args:
            matched: for each content word of the query, its matches (`word_matches`). The
                head is the first word when the query reads as French, the last when it reads
                as English (by which language's titles hold more of its words), both when
                unsure.
        """
        if not matched:
            return {}
        words = [matches[0][0] for matches in matched if matches]
        french = sum(w in self._language_words["fr"] for w in words)
        english = sum(w in self._language_words["en"] for w in words)
        ends = [matched[0]] if french > english else [matched[-1]]
        if french == english:
            ends = [matched[0], matched[-1]]
        best: dict[str, float] = {}
        for matches in ends:
            for word, credit in matches:
                for code in self._head_codes.get(word, ()):
                    if credit > best.get(code, 0.0):
                        best[code] = credit
        return best

    def scores(self, query: str) -> dict[str, tuple[float, int | None]]:
        """Return {code: (score 0-100, row of its best title or None)} for matching codes."""
        query = self.respaced(query)
        matched = [self.word_matches(word) for word in content_words(query)]
        titles = self.title_scores([query])
        variants = self.translated_queries(query)
        if variants:
            words = " ".join(dict.fromkeys(" ".join(variants).split()))
            translated = self.title_scores(variants, TRANSLATED_TITLE_CREDIT, shortlist_of=words)
            for code, (score, row) in translated.items():
                if code not in titles or score > titles[code][0]:
                    titles[code] = (score, row)
        coverage = self.coverage(matched)
        heads = self.head_matches(matched)
        result = {}
        for code in titles.keys() | coverage.keys() | heads.keys():
            title, row = titles.get(code, (0.0, None))
            blended = (
                TITLE_WEIGHT * title
                + COVERAGE_WEIGHT * 100 * coverage.get(code, 0.0)
                + HEAD_WEIGHT * 100 * heads.get(code, 0.0)
            )
            result[code] = (min(100.0, blended), row)
        posterior = self.evidence.posterior(matched)
        for i in np.flatnonzero(posterior > 1e-6).tolist():
            code = self.codes[i]
            blended, row = result.get(code, (0.0, None))
            gain = (100.0 - blended) * EVIDENCE_SHARE * float(posterior[i])
            result[code] = (blended + gain, row)
        return result

"""Words of job titles in the other language: "sweeper" is "balayeur", "menage" is "cleaning".

People describe a past job in whichever language they know it in, and the catalog may hold
that job only under its title in the other language. The glossary (seed/title_glossary.csv,
one French word and one English word per row) lets a query word reach the catalog words
that translate it. It carries word meanings only, never occupation codes.

Words are folded like titles (`variant_keys`: no accents, singular, both gender forms), and a
query word is looked up by near spelling too (`word_match.py`), so "swepper" still finds
"balayeur".
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from .text import variant_keys
from .word_match import Matches, WordMatcher, gram_matrix

TRANSLATION_CREDIT = 0.8  # a translated word counts a little less than the word itself


class Glossary:
    """Translations between French and English job-title words, folded."""

    def __init__(self, pairs: Iterable[tuple[str, str]]):
        """Index (French word, English word) pairs; cells holding several words are skipped."""
        translations: dict[str, list[str]] = {}
        masculine: set[str] = set()
        feminine: set[str] = set()
        for french, english in pairs:
            french_keys = [key for key in variant_keys(french) if " " not in key]
            english_keys = [key for key in variant_keys(english) if " " not in key]
            masculine.update(french_keys[:1])
            feminine.update(french_keys[1:])
            for left, right in ((french_keys, english_keys), (english_keys, french_keys)):
                for word in left:
                    known = translations.setdefault(word, [])
                    known.extend(other for other in right if other not in known and other != word)
        self._translations = {word: tuple(others) for word, others in translations.items()}
        # Feminine forms that are no word's masculine: titles hold both forms, so a query
        # translated into French needs only the masculine one.
        self.feminine = frozenset(feminine - masculine)
        words = sorted(self._translations)
        matrix, gram_ids = gram_matrix(words)
        self._words = WordMatcher(words, matrix, gram_ids)

    def knows(self, word: str) -> bool:
        """Tell whether a folded word is in the glossary."""
        return word in self._translations

    def translations(self, word: str) -> Matches:
        """Return (translated word, credit 0-1) pairs for a folded word, best first.

        A word spelt like a glossary word gives that word's translations with
        TRANSLATION_CREDIT times the spelling credit (`WordMatcher.matches`).
        """
        best: dict[str, float] = {}
        for near, credit in self._words.matches(word):
            for other in self._translations[near]:
                value = credit * TRANSLATION_CREDIT
                if value > best.get(other, 0.0):
                    best[other] = value
        return tuple(sorted(best.items(), key=lambda item: (-item[1], item[0])))


def read_glossary(path: Path) -> list[tuple[str, str]]:
    """Read (French, English) word pairs from a CSV with columns fr, en."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["fr"], row["en"]) for row in csv.DictReader(handle)]

"""Job title -> NOC 2021 occupation suggestions, from the bundled NOC data, aliases, glossary.

Every official title, example title and alias is indexed under both gender forms, folded
(lowercase, no accents, singular words): "Préposé/préposée aux bénéficiaires" is found as
"prepose aux beneficiaire" and "preposee aux beneficiaire". A query is folded the same way
and scored per occupation as described in `title_search.py`; ties break by NOC code.

Aliases (seed/occupation_aliases.csv) are the everyday forms people type ("PAB", "plongeur",
"agente administrative"). An alias also says what the title means in Québec's health
network: when NOC lists the same title under another group ("Agent administratif" is an
example of 13100), the alias's occupation takes it.

The aliases also hold the titles people type in the program's other languages (language
column es, pt, ht): Spanish, Portuguese and Haitian Creole names of the program's
occupations and of a few jobs often confused with them (nurse, babysitter, driver),
written by hand for this program, never machine-translated at run time. Each names
the occupation it means; benchmarks/occupation_queries.csv checks them as people type them.

The word glossary (seed/title_glossary.csv, `glossary.py`) lets a title typed in one
language reach titles the catalog holds in the other ("floor sweeper" -> "Balayeur/balayeuse
de planchers"); it translates words and names no occupation.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .glossary import Glossary, read_glossary
from .text import head_words, title_key, variant_keys
from .textmodel import TextModel
from .title_search import TitleSearch, content_words

# seed/ is beside the package in a checkout, inside it once installed (see setup.py).
_PACKAGE = Path(__file__).resolve().parents[1]
SEED_DIR = _PACKAGE / "seed" if (_PACKAGE / "seed").is_dir() else _PACKAGE.parent / "seed"
NOC_FILE = "noc2021_unit_groups.json"
ALIASES_FILE = "occupation_aliases.csv"
GLOSSARY_FILE = "title_glossary.csv"
PREFERRED_BONUS = 5.0
# No suggestion rather than a wrong one (`sure_suggestions`): below SURE_SCORE a match is
# too weak to propose; SURE_MARGIN below the best, an occupation is another reading of the
# words ("plongeur": the kitchen, not the athletes); and every word of the title must be a
# word of the catalog, the glossary or the aliases, or spelt within SURE_WORD of one, or the
# title is in a language the catalog does not know ("enfermera" before its alias).
SURE_SCORE = 60.0
SURE_MARGIN = 15.0
SURE_WORD = 0.6


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A suggested occupation for a typed title."""

    noc_code: str
    score: float
    title_fr: str
    title_en: str
    matched: str


@dataclass(frozen=True, slots=True)
class OccupationGroup:
    """One NOC 2021 unit group: code, official titles and example titles."""

    code: str
    title_en: str
    title_fr: str
    examples_en: tuple[str, ...] = ()
    examples_fr: tuple[str, ...] = ()


class OccupationCatalog:
    """NOC 2021 unit groups with fuzzy title -> occupation suggestions."""

    def __init__(
        self,
        groups: Iterable[OccupationGroup],
        aliases: Iterable[tuple[str, str]],
        glossary: Iterable[tuple[str, str]] = (),
    ):
        self._groups = {group.code: group for group in groups}
        titles: dict[str, dict[str, str]] = {}  # key -> {code: first original text}
        heads: dict[str, set[str]] = {}  # key -> head words (`head_words`)
        languages: dict[str, set[str]] = {}  # key -> languages of the titles giving it
        for group in self._groups.values():
            for language, texts in (
                ("fr", (group.title_fr, *group.examples_fr)),
                ("en", (group.title_en, *group.examples_en)),
            ):
                for text in texts:
                    text_heads = head_words(text, language)
                    for key in variant_keys(text):
                        titles.setdefault(key, {}).setdefault(group.code, text)
                        heads.setdefault(key, set()).update(text_heads)
                        languages.setdefault(key, set()).add(language)
        said: dict[str, dict[str, str]] = {}
        for alias, code in aliases:
            if code in self._groups:
                alias_heads = head_words(alias, "any")
                for key in variant_keys(alias):
                    said.setdefault(key, {}).setdefault(code, alias)
                    heads.setdefault(key, set()).update(alias_heads)
        titles.update(said)  # an alias says what a title means here, over NOC's other uses
        self._originals = list(titles.values())
        pairs = list(glossary)
        self._search = TitleSearch(
            list(titles),
            [sorted(owners) for owners in self._originals],
            Glossary(pairs) if pairs else None,
            heads=[heads.get(key, ()) for key in titles],
            languages=[languages.get(key, ()) for key in titles],
        )
        self._references = {
            code: tuple(dict.fromkeys((*variant_keys(g.title_fr), *variant_keys(g.title_en))))
            for code, g in self._groups.items()
        }
        self._text_model: TextModel | None = None

    @classmethod
    def from_groups(
        cls,
        groups: Iterable[dict[str, Any]],
        aliases: Iterable[tuple[str, str]] = (),
        exclude: Iterable[str] = (),
        glossary: Iterable[tuple[str, str]] = (),
    ) -> OccupationCatalog:
        """Build a catalog from NOC records, leaving out the example titles in `exclude`.

        Args:
            groups: dicts with code, title_en, title_fr, examples_en, examples_fr.
            aliases: (alias, NOC code) pairs; aliases of unknown codes are ignored.
            exclude: example titles (exact original text) to leave out, e.g. a held-out set.
            glossary: (French word, English word) pairs (`glossary.py`).

        Returns:
            The catalog.
        """
        skip = set(exclude)
        return cls(
            (
                OccupationGroup(
                    code=g["code"],
                    title_en=g["title_en"],
                    title_fr=g["title_fr"],
                    examples_en=tuple(t for t in g.get("examples_en", ()) if t not in skip),
                    examples_fr=tuple(t for t in g.get("examples_fr", ()) if t not in skip),
                )
                for g in groups
            ),
            aliases,
            glossary,
        )

    @classmethod
    def load(cls, path: Path | str | None = None) -> OccupationCatalog:
        """Read the NOC unit groups and aliases from the seed directory.

        Args:
            path: directory holding noc2021_unit_groups.json, occupation_aliases.csv and
                title_glossary.csv (default: the repository's seed/).

        Returns:
            The catalog.
        """
        folder = Path(path) if path is not None else SEED_DIR
        groups = json.loads((folder / NOC_FILE).read_text(encoding="utf-8"))
        return cls.from_groups(
            groups,
            read_aliases(folder / ALIASES_FILE),
            glossary=read_glossary(folder / GLOSSARY_FILE),
        )

    def codes(self) -> list[str]:
        """Return every NOC code in the catalog, sorted."""
        return sorted(self._groups)

    def title(self, code: str, locale: str = "fr") -> str:
        """Return the official title of `code` in `locale` ("fr" or "en"); KeyError if unknown."""
        group = self._groups[code]
        return group.title_en if locale.startswith("en") else group.title_fr

    def has_word(self, word: str) -> bool:
        """Tell whether a word (folded like titles, first gender form) is in some title."""
        keys = variant_keys(word)
        return bool(keys) and keys[0] in self._search.words.index

    def references(self, code: str) -> tuple[str, ...]:
        """Return the keys of the official FR and EN titles (both gender forms) of `code`."""
        return self._references.get(code, ())

    @property
    def text_model(self) -> TextModel:
        """Return the TF-IDF model whose IDF is fitted on this catalog's title words (once)."""
        if self._text_model is None:
            self._text_model = TextModel.fit(self._search.words_by_code.values())
        return self._text_model

    def suggest(self, text: str, limit: int = 3, prefer: Collection[str] = ()) -> list[Suggestion]:
        """Suggest the occupations whose titles best match a typed job title.

        Args:
            text: a job title in French, English or a mix, any case, with or without accents,
                one gender form or both.
            limit: how many occupations to return at most.
            prefer: codes to favour (e.g. the program's occupations): they get
                PREFERRED_BONUS extra points (capped at 100), which only reorders close calls.

        Returns:
            Suggestions, best first (ties by NOC code); empty when nothing resembles `text`.
        """
        query = title_key(text)
        if not query or limit <= 0:
            return []
        preferred = set(prefer)
        scored = [
            (score + (PREFERRED_BONUS if code in preferred else 0.0), code, row)
            for code, (score, row) in self._search.scores(query).items()
        ]
        scored.sort(key=lambda item: (-item[0], item[1]))
        return [self._suggestion(code, score, row) for score, code, row in scored[:limit]]

    def sure_suggestions(
        self, text: str, limit: int = 3, prefer: Collection[str] = ()
    ) -> list[Suggestion]:
        """Suggest only the occupations the evidence supports; none when it is weak.

        Args:
            text: a typed job title (as for `suggest`).
            limit: how many occupations to return at most.
            prefer: codes to favour (as for `suggest`).

        Returns:
            The suggestions of `suggest` scoring SURE_SCORE or more and within SURE_MARGIN
            of the best; empty when a word of `text` is unknown (see SURE_WORD).
        """
        if not self.recognized(text):
            return []
        found = self.suggest(text, limit, prefer)
        if not found:
            return []
        floor = max(SURE_SCORE, found[0].score - SURE_MARGIN)
        return [suggestion for suggestion in found if suggestion.score >= floor]

    def recognized(self, text: str) -> bool:
        """Tell whether every content word of a title is known, or spelt close to a known word."""
        query = title_key(text)
        if not query:
            return False
        words = content_words(self._search.respaced(query))
        return bool(words) and all(
            (matches := self._search.word_matches(word)) and matches[0][1] >= SURE_WORD
            for word in words)

    def _suggestion(self, code: str, score: float, row: int | None) -> Suggestion:
        group = self._groups[code]
        matched = self._originals[row][code] if row is not None else group.title_fr
        return Suggestion(
            code, round(min(score, 100.0), 1), group.title_fr, group.title_en, matched
        )


def read_aliases(path: Path) -> list[tuple[str, str]]:
    """Read (alias, NOC code) pairs from a CSV with columns alias, noc_code, language."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["alias"], row["noc_code"]) for row in csv.DictReader(handle)]


@cache
def default_catalog() -> OccupationCatalog:
    """Return the catalog loaded from the bundled seed data (loaded on first use)."""
    return OccupationCatalog.load()

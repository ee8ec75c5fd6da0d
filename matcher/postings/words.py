"""Words of the job board's search: folded for the stored text, stemmed for the query.

Stored words are folded (lowercase, no accents, singular) in both gender forms
("Préposé/préposée" gives "prepose preposee", "Cuisinier·ère" gives "cuisinier"). A query
word is matched by the words that *start with* one of its forms: the word itself, its
masculine form, and its French and English Snowball stems of four letters or more
("cuisine" -> "cuisin" finds "cuisinier"; "cooking" -> "cook"; "préposées" -> "prepose").
"""

import csv
import json
import re
import threading
from functools import cache, lru_cache

import snowballstemmer

from matcher.ranking.text import STOP_WORDS, gender_variants, singular, strip_accents
from matcher.reference_data import SEED_DIR

MIN_STEM = 4  # shorter stems ("aid", "pos") would find too many words
_NON_WORD = re.compile(r"[\W_]+")
_STEMMERS = (snowballstemmer.stemmer("french"), snowballstemmer.stemmer("english"))
_STEM_LOCK = threading.Lock()  # a Snowball stemmer keeps state while it stems


def fold_words(text: str) -> str:
    """Return text as folded words: lowercase, accent-free, singular, single spaces."""
    return " ".join(singular(_NON_WORD.sub(" ", strip_accents(text or ""))).split())


def index_words(text: str) -> list[str]:
    """Return the distinct folded words of a text, in order, in both gender forms."""
    words: list[str] = []
    for variant in gender_variants(strip_accents(text or "")):
        words.extend(singular(_NON_WORD.sub(" ", variant)).split())
    return list(dict.fromkeys(words))


def is_stop_word(word: str) -> bool:
    """Tell whether a folded word is a French or English stop word ("de", "aux", "the")."""
    return word in STOP_WORDS


@cache
def masculine_forms() -> dict[str, str]:
    """Return feminine -> masculine words, read from the double-gender titles of the catalog."""
    texts = [row["alias"] for row in _read_csv("occupation_aliases.csv")]
    for group in json.loads((SEED_DIR / "noc2021_unit_groups.json").read_text("utf-8")):
        texts += [group["title_fr"], *group.get("examples_fr", ())]
    pairs: dict[str, str] = {}
    for text in texts:
        if "/" not in text:
            continue
        masculine, feminine = (fold_words(v) for v in gender_variants(strip_accents(text)))
        left, right = masculine.split(), feminine.split()
        if len(left) == len(right):
            pairs.update((f, m) for m, f in zip(left, right, strict=True) if f != m)
    return pairs


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(SEED_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def stems(word: str) -> tuple[str, str]:
    """Return the French and English Snowball stems of a folded word."""
    with _STEM_LOCK:
        return tuple(stemmer.stemWord(word) for stemmer in _STEMMERS)


@lru_cache(maxsize=8192)
def word_forms(word: str) -> tuple[str, ...]:
    """Return the prefixes that find a folded query word, none a prefix of another."""
    forms = {word}
    masculine = masculine_forms().get(word)
    if masculine:
        forms.add(masculine)
    for form in list(forms):
        forms.update(stem for stem in stems(form) if len(stem) >= MIN_STEM)
    return tuple(sorted(form for form in forms
                        if not any(other != form and form.startswith(other) for other in forms)))

"""Text folding shared by titles, suggestions and the text-similarity model.

Folding lowercases, strips accents and collapses French double-gender forms to one form,
so "Préposé/préposée aux bénéficiaires", "préposé(e) aux bénéficiaires" and
"PREPOSE AUX BENEFICIAIRES" all read "prepose aux beneficiaires".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.utils import default_process

_LIGATURES = str.maketrans(
    {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "’": "'", "‘": "'", "ʼ": "'"}
)
_COMBINING = re.compile(r"[\u0300-\u036f]")
_SPACES = re.compile(r"\s+")
# Inclusive writing: préposé(e)s, préposé·e·s, employé.e.s, infirmier(ère) -> masculine form.
_INCLUSIVE = re.compile(
    r"(?<=\w)(?:\((?:e|ne|le|se|ere|euse|rice|trice|ice)\)|[·.](?:e|ne|le|se|ere|euse|rice|trice)"
    r"(?=[·.\s,;:)/-]|$))(?:[·.]?s\b)?"
)
_WORD_CHARS = re.compile(r"[^\w]+")
_MALE_FEMALE = {("homme", "femme"), ("man", "woman"), ("men", "women"), ("garcon", "fille")}
_MAX_GENDER_WORDS = 4


def strip_accents(text: str) -> str:
    """Return `text` lowercased, without accents and with ligatures spelled out."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return _COMBINING.sub("", decomposed).casefold()


def _bare(word: str) -> str:
    return _WORD_CHARS.sub("", word)


def _similar(left: str, right: str) -> bool:
    """Tell whether two words look like the masculine and feminine forms of one word."""
    a, b = _bare(left), _bare(right)
    if not a or not b:
        return False
    if a == b or (a, b) in _MALE_FEMALE:
        return True
    prefix = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        prefix += 1
    return prefix >= min(3, len(a), len(b)) and prefix >= min(len(a), len(b)) - 4


def _pair_width(left_words: list[str], right_words: list[str]) -> int:
    """Return how many words on each side of a slash form a gender pair (0: not one)."""
    limit = min(len(left_words), len(right_words), _MAX_GENDER_WORDS)
    for width in range(limit, 0, -1):
        pairs = zip(left_words[-width:], right_words[:width], strict=True)
        if all(_similar(a, b) for a, b in pairs):
            return width
    return 0


def _man_woman(left: str, right: str) -> str | None:
    """Spell the feminine of English compounds such as "councilman/woman"."""
    if _bare(right) in {"woman", "women"} and _bare(left).endswith(("man", "men")):
        return left[:-3] + right
    return None


def gender_variants(text: str) -> tuple[str, str]:
    """Split double-gender forms of accent-folded `text` into (masculine, feminine) texts.

    "adjoint administratif/adjointe administrative - medical" gives
    ("adjoint administratif - medical", "adjointe administrative - medical"). A slash that
    does not join two gender forms ("tv/radio") becomes a space in both variants.
    """
    if "(" in text or "." in text or "·" in text:
        text = _INCLUSIVE.sub("", text)
    if "/" not in text:
        return text, text
    tokens = text.split()
    masc: list[str] = []
    fem: list[str] = []
    boundary = 0  # words before this index belong to an earlier pair and cannot be reused
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.count("/") != 1 or token.startswith("/") or token.endswith("/"):
            masc.append(token)
            fem.append(token)
            i += 1
            continue
        left, right = token.split("/")
        left_words = tokens[boundary:i] + [left]
        right_words = [right] + tokens[i + 1 : i + _MAX_GENDER_WORDS]
        width = _pair_width(left_words, right_words)
        compound = _man_woman(left, right) if width <= 1 else None
        if compound is not None:
            masc.append(left)
            fem.append(compound)
            width = 1
        elif width == 0:
            masc.extend([left, right])
            fem.extend([left, right])
            width = 1
        else:
            tail = right_words[width - 1]
            punctuation = tail[len(tail.rstrip(",;:")) :]  # "infirmieres," ends the pair
            masc.append(left + punctuation if not left.endswith(punctuation) else left)
            del fem[len(fem) - (width - 1) :]
            fem.extend(right_words[:width])
        i += width
        boundary = i
    return " ".join(masc), " ".join(fem)


def fold(text: str) -> str:
    """Return `text` lowercased, accent-free, with double-gender forms reduced to one form."""
    masculine, _ = gender_variants(strip_accents(text))
    return _SPACES.sub(" ", masculine).strip()


# A final "s" after three or more letters, not "ss": "preposes" -> "prepose", "aux" stays.
_PLURAL_S = re.compile(r"(?<=\w\w\w)(?<!s)s\b")


def singular(text: str) -> str:
    """Drop the plural "s" of each word longer than three letters (not after another "s")."""
    return _PLURAL_S.sub("", text)


@lru_cache(maxsize=65536)
def title_key(text: str) -> str:
    """Return the comparison key of a job title: folded, punctuation-free, singular words."""
    return " ".join(singular(default_process(fold(text))).split())


@lru_cache(maxsize=1 << 17)
def variant_keys(text: str) -> tuple[str, ...]:
    """Return the distinct comparison keys of both gender forms of a catalog title."""
    keys: list[str] = []
    for variant in gender_variants(strip_accents(text)):
        key = " ".join(singular(default_process(variant)).split())
        if key and key not in keys:
            keys.append(key)
    return tuple(keys)


_QUALIFIER = re.compile(r"\s[-\u2013]\s|\(|,")


def head_words(text: str, language: str) -> frozenset[str]:
    """Return the folded head word(s) of a catalog title: what the job *is*.

    The head is the first content word of a French title ("reparateur de lave-vaisselle")
    and the last of an English one ("dishwasher repairer"), qualifiers after " - ", "(" or
    "," left out; both gender forms. `language` "fr", "en", or anything else for both ends.
    """
    heads = set()
    for key in variant_keys(_QUALIFIER.split(text)[0]):
        words = [word for word in key.split() if len(word) > 1 and word not in STOP_WORDS]
        if words:
            if language != "en":
                heads.add(words[0])
            if language != "fr":
                heads.add(words[-1])
    return frozenset(heads)


_FRENCH_STOP_WORDS = (
    "a au aux avec ce ces cet cette dans de des du elle en et eux il ils je la le les leur "
    "leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui "
    "sa se ses son sur ta te tes toi ton tu un une vos votre vous y etre avoir ete est sont "
    "etait fait plus tres tout tous toute toutes comme aussi ainsi chez entre sans sous vers"
)
_ENGLISH_STOP_WORDS = (
    "an and are as at be been but by for from had has have he her his i in into is it its "
    "me my of on or our she so than that the their them then there these they this to was "
    "we were what when which who will with you your also other all any can"
)
STOP_WORDS = frozenset(f"{_FRENCH_STOP_WORDS} {_ENGLISH_STOP_WORDS}".split())
_TOKEN = re.compile(r"[^\W\d_]{2,}")


def _whole_tokens(text: str) -> list[str]:
    words = _TOKEN.findall(singular(fold(text)))
    return [word for word in words if word not in STOP_WORDS]


@lru_cache(maxsize=1 << 16)
def _chunk_tokens(chunk: str) -> tuple[str, ...] | None:
    """Return the tokens of one whitespace-free chunk, or None when it holds a slash.

    Without a slash, folding reads no further than the neighbouring character (inclusive
    endings, plural "s", accents), and whitespace on either side of a chunk reads like the
    start or end of the text, so a text's tokens are its chunks' tokens in order. A slash
    may pair words across chunks ("infirmier/infirmiere"): the whole text is folded then.
    """
    if "/" in strip_accents(chunk):
        return None
    return tuple(_whole_tokens(chunk))


def tokens(text: str) -> list[str]:
    """Return the content words of free text: folded, singular, without stop words."""
    # Chunk by chunk, each distinct chunk folded once (a word vocabulary is small).
    words: list[str] = []
    for chunk in text.split():
        found = _chunk_tokens(chunk)
        if found is None:
            return _whole_tokens(text)
        words.extend(found)
    return words

"""Folding of accents, case and French double-gender forms."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from matcher.ranking.text import (
    STOP_WORDS,
    fold,
    gender_variants,
    singular,
    strip_accents,
    title_key,
    tokens,
    variant_keys,
)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Préposé/préposée aux bénéficiaires", "prepose aux beneficiaires"),
        ("PRÉPOSÉE AUX BÉNÉFICIAIRES", "preposee aux beneficiaires"),
        ("préposé(e)s aux bénéficiaires", "prepose aux beneficiaires"),
        ("employé·e de bureau", "employe de bureau"),
        (
            "Adjoint administratif/adjointe administrative - domaine médical",
            "adjoint administratif - domaine medical",
        ),
        ("Homme/femme à tout faire", "homme a tout faire"),
        ("Sœur auxiliaire", "soeur auxiliaire"),
        ("TV/radio", "tv radio"),
    ],
)
def test_fold_keeps_one_gender_form_without_accents(text, folded):
    assert fold(text) == folded


def test_gender_variants_split_multi_word_and_repeated_pairs():
    assert gender_variants(strip_accents("Aide ménager/aide ménagère - hôtel")) == (
        "aide menager - hotel",
        "aide menagere - hotel",
    )
    masculine, feminine = gender_variants(
        strip_accents(
            "Aides-infirmiers/aides-infirmières, aides-soignants/aides-soignantes"
            " et préposés/préposées"
        )
    )
    assert masculine == "aides-infirmiers, aides-soignants et preposes"
    assert feminine == "aides-infirmieres, aides-soignantes et preposees"
    assert gender_variants("city councilman/woman") == ("city councilman", "city councilwoman")


def test_catalog_keys_index_both_forms_and_typed_titles_match_one():
    keys = variant_keys("Préposé/préposée aux bénéficiaires")
    assert keys == ("prepose aux beneficiaire", "preposee aux beneficiaire")
    assert title_key("préposée aux bénéficiaires") in keys
    assert title_key("Préposé(e) aux bénéficiaires") in keys


def test_tokens_drop_stop_words_plural_s_and_accents():
    assert tokens("Soins d'hygiène aux patients et aide au bain") == [
        "soin",
        "hygiene",
        "patient",
        "aide",
        "bain",
    ]


_WORD = re.compile(r"[^\W\d_]{2,}")
_PIECES = st.sampled_from(
    [*"aéeEs/().·,-'’", " ", "\n", "\t", "\u00a0", "\u0301", "\u00a8", "\uff0f", "œ", "ß", "Σ",
     "12", "Préposé(e)s", "infirmier/ère", "employé.e.s", "homme/femme", "aux", "councilman/woman"]
)


@example("adjoint administratif/adjointe administrative")  # a slash pairs words across chunks
@example("a\uff0fb c")  # a fullwidth slash folds to "/"
@example("l'aide¨s")  # a spacing diaeresis folds to a space and a combining mark
@given(st.one_of(st.lists(_PIECES, max_size=25).map("".join), st.text()))
def test_tokens_chunk_by_chunk_equal_the_whole_text_folded_at_once(text):
    expected = [w for w in _WORD.findall(singular(fold(text))) if w not in STOP_WORDS]
    assert tokens(text) == expected

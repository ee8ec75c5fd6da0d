"""Title -> NOC suggestions from the bundled NOC 2021 data and aliases."""

from __future__ import annotations

import json

import pytest

from matcher.ranking import OccupationCatalog, Suggestion
from matcher.ranking.occupations import NOC_FILE, SEED_DIR, default_catalog
from matcher.ranking.text import gender_variants
from matcher.ranking.word_match import WordMatcher, gram_matrix


@pytest.fixture(scope="module")
def catalog() -> OccupationCatalog:
    return default_catalog()


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("préposée aux benéficiaires", "33102"),
        ("PAB", "33102"),
        ("nurse aide", "33102"),
        ("Préposé(e) aux bénéficiaires", "33102"),
        ("PREPOSE AU BENEFICIARE", "33102"),
        ("aide de cuisine", "65201"),
        ("plongeuse", "65201"),
        ("prepose entretien menager", "65310"),
        ("housekeeping", "65310"),
        ("concierge", "65312"),
        ("janitor", "65312"),
        ("cuisinière", "63200"),
        ("ASSS", "44101"),
        ("auxiliaire aux services de santé et sociaux", "44101"),
        ("secretaire medicale", "13112"),
        ("commis de bureau", "14100"),
        ("réceptionniste", "14101"),
        ("agente administrative", "14100"),
        ("Agent administratif", "14100"),
        ("plongeur", "65201"),
        ("aide-soignante", "33102"),
        ("femme de menage", "65310"),
        ("housekeeper", "65310"),
        ("cuisinier", "63200"),
        ("receptionist", "14101"),
    ],
)
def test_typed_titles_suggest_the_right_occupation_first(catalog, typed, code):
    suggestions = catalog.suggest(typed)
    assert suggestions[0].noc_code == code
    assert suggestions[0].score >= 90


def test_suggestions_are_sorted_bounded_and_described(catalog):
    suggestions = catalog.suggest("aide de cuisine", limit=5)
    assert len(suggestions) == 5
    assert [s.score for s in suggestions] == sorted((s.score for s in suggestions), reverse=True)
    assert all(0 <= s.score <= 100 for s in suggestions)
    assert len({s.noc_code for s in suggestions}) == 5
    first = suggestions[0]
    assert first == Suggestion(
        "65201",
        100.0,
        catalog.title("65201", "fr"),
        catalog.title("65201", "en"),
        "Aide de cuisine",
    )


@pytest.mark.parametrize("typed", ["", "   ", "!!!"])
def test_empty_titles_get_no_suggestion(catalog, typed):
    assert catalog.suggest(typed) == []


def test_catalog_lists_codes_and_titles_in_both_languages(catalog):
    codes = catalog.codes()
    assert len(codes) == 516
    assert codes == sorted(codes)
    assert catalog.title("33102", "en").startswith("Nurse aides")
    assert catalog.title("33102").startswith("Aides-infirmiers")
    with pytest.raises(KeyError):
        catalog.title("99999")


def test_from_groups_can_hold_titles_out_and_use_aliases():
    groups = [
        {
            "code": "65201",
            "title_en": "Kitchen helpers",
            "title_fr": "Aides de cuisine",
            "examples_en": ["Dishwasher"],
            "examples_fr": ["Plongeur/plongeuse"],
        },
        {
            "code": "65310",
            "title_en": "Light duty cleaners",
            "title_fr": "Préposés/préposées à l'entretien",
            "examples_en": ["Cleaner"],
            "examples_fr": ["Femme de ménage"],
        },
    ]
    catalog = OccupationCatalog.from_groups(
        groups, [("PEM", "65310"), ("X", "00000")], exclude={"Plongeur/plongeuse"}
    )
    assert catalog.suggest("PEM")[0].noc_code == "65310"
    assert catalog.suggest("plongeuse")[0].matched != "Plongeur/plongeuse"
    assert catalog.suggest("préposée à l'entretien")[0].noc_code == "65310"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("preposee aux beneficaires", "33102"),
        ("prepose entretien menager", "65310"),
        ("aide cuisinier", "65201"),
        ("RECEPTIONISTE", "14101"),
        ("concierge d ecole", "65312"),
        ("secretaire medical", "13112"),
    ],
)
def test_misspelt_or_unaccented_titles_still_come_first(catalog, typed, code):
    assert catalog.suggest(typed)[0].noc_code == code


def test_an_alias_takes_a_title_that_noc_lists_under_another_group():
    groups = [
        {"code": "13100", "title_en": "Administrative officers", "title_fr": "Agents",
         "examples_en": [], "examples_fr": ["Agent administratif/agente administrative"]},
        {"code": "14100", "title_en": "Office support", "title_fr": "Employés de bureau",
         "examples_en": ["Office clerk"], "examples_fr": []},
    ]  # fmt: skip
    plain = OccupationCatalog.from_groups(groups)
    said = OccupationCatalog.from_groups(groups, [("Agente administrative", "14100")])
    assert plain.suggest("agente administrative")[0].noc_code == "13100"
    first, *others = said.suggest("agente administrative")
    assert (first.noc_code, first.score, first.matched) == ("14100", 100.0, "Agente administrative")
    assert all(s.score < 100 for s in others)


@pytest.fixture(scope="module")
def held_out() -> OccupationCatalog:
    groups = json.loads((SEED_DIR / NOC_FILE).read_text(encoding="utf-8"))
    return OccupationCatalog.from_groups(groups, exclude=UNSEEN)


UNSEEN = {
    "Préposé/préposée aux soins": "33102",
    "Préposé/préposée à la morgue": "33109",
    "Aide-cuisinier/aide-cuisinière": "65201",
    "Records clerk": "14100",
    "Office clerk": "14100",
    "Laveur/laveuse de vaisselle": "65201",
}


@pytest.mark.parametrize(("title", "code"), UNSEEN.items())
def test_titles_missing_from_the_catalog_find_the_occupation_their_words_name(
    held_out, title, code
):
    typed = gender_variants(title.lower())[1]
    assert held_out.suggest(title)[0].matched != title
    assert code in [s.noc_code for s in held_out.suggest(typed, limit=3)]


def test_an_exact_title_keeps_100_whatever_the_other_titles_words_say(held_out):
    # The evidence only fills what a match leaves short of 100: it never outranks an exact title.
    for typed, code in [("Records management clerk", "14100"), ("Dishwasher", "65201")]:
        first = held_out.suggest(typed)[0]
        assert (first.noc_code, first.score) == (code, 100.0)


def test_near_spellings_cover_typos_and_the_other_languages_forms():
    words = ["readaptation", "hopital", "therapy", "therapist", "en", "bureau"]
    matrix, grams = gram_matrix(words)
    matcher = WordMatcher(words, matrix, grams)
    assert matcher.matches("readaptaiton")[0][0] == "readaptation"
    assert [w for w, _ in matcher.matches("hospital")] == ["hopital"]
    assert {w for w, _ in matcher.matches("therapie")} == {"therapy", "therapist"}
    assert matcher.matches("bureau") == (("bureau", 1.0),)
    assert matcher.matches("an") == ()  # short words only match themselves
    assert matcher.matches("zzzz") == ()
    credits = [c for _, c in matcher.matches("therapie")]
    assert credits == sorted(credits, reverse=True) and all(0 < c < 1 for c in credits)

"""Title -> NOC suggestions from the bundled NOC 2021 data and aliases."""

from __future__ import annotations

import pytest

from matcher.ranking import OccupationCatalog, Suggestion
from matcher.ranking.occupations import default_catalog


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

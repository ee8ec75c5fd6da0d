"""Title -> NOC suggestions from the bundled NOC 2021 data and aliases."""

from __future__ import annotations

import json

import pytest

from matcher.ranking import OccupationCatalog, Suggestion
from matcher.ranking.glossary import Glossary, read_glossary
from matcher.ranking.occupations import GLOSSARY_FILE, NOC_FILE, SEED_DIR, default_catalog
from matcher.ranking.text import gender_variants, head_words
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


def test_the_glossary_translates_folded_words_both_ways_and_forgives_typos():
    pairs = [("Balayeur/balayeuse", "Sweeper"), ("ménage", "cleaning"),
             ("nettoyage", "cleaning"), ("phrase entière", "whole phrase")]  # fmt: skip
    glossary = Glossary(pairs)
    assert glossary.translations("sweeper") == (("balayeur", 0.8), ("balayeuse", 0.8))
    assert glossary.translations("balayeuse") == (("sweeper", 0.8),)
    assert [w for w, _ in glossary.translations("cleaning")] == ["menage", "nettoyage"]
    typo = glossary.translations("swepper")
    assert [w for w, _ in typo] == ["balayeur", "balayeuse"] and 0 < typo[0][1] < 0.8
    assert glossary.translations("phrase") == () and glossary.translations("soin") == ()


def test_a_title_known_only_in_the_other_language_is_found_through_the_glossary():
    groups = [
        {"code": "65310", "title_en": "Light duty cleaners", "title_fr": "Préposés au ménage",
         "examples_en": ["Cleaner"], "examples_fr": ["Balayeur/balayeuse de planchers"]},
        {"code": "75211", "title_en": "Street sweeper operators", "title_fr": "Conducteurs",
         "examples_en": ["Street sweeper operator"], "examples_fr": ["Conducteur de balai"]},
    ]  # fmt: skip
    pairs = [("balayeur/balayeuse", "sweeper"), ("plancher", "floor")]
    plain = OccupationCatalog.from_groups(groups)
    bilingual = OccupationCatalog.from_groups(groups, glossary=pairs)
    assert plain.suggest("floor sweeper")[0].noc_code == "75211"
    first = bilingual.suggest("floor swepper")[0]
    assert (first.noc_code, first.matched) == ("65310", "Balayeur/balayeuse de planchers")
    assert first.score < 100  # reached through translation, not typed as listed
    assert bilingual.suggest("Street sweeper operator")[0].noc_code == "75211"
    assert bilingual.has_word("Balayeuse") and not bilingual.has_word("floor")


def test_the_bundled_glossary_is_well_formed_and_carries_no_occupation_codes():
    pairs = read_glossary(SEED_DIR / GLOSSARY_FILE)
    assert len(pairs) > 500
    assert len(set(pairs)) == len(pairs)
    for french, english in pairs:
        assert french and english and " " not in french + english, (french, english)
        assert not any(ch.isdigit() for ch in french + english), (french, english)


@pytest.mark.parametrize(
    ("title", "language", "heads"),
    [
        ("Réparateur/réparatrice de lave-vaisselle", "fr", {"reparateur", "reparatrice"}),
        ("Dishwasher repairer", "en", {"repairer"}),
        ("Cook - Canadian Armed Forces", "en", {"cook"}),
        ("Aides de cuisine (sauf en hôpital)", "fr", {"aide"}),
        ("PAB", "any", {"pab"}),
        ("Aide de cuisine", "any", {"aide", "cuisine"}),
    ],
)
def test_the_head_of_a_title_is_its_first_french_or_last_english_word(title, language, heads):
    assert head_words(title, language) == heads


def test_a_query_head_meets_title_heads_in_either_language():
    groups = [
        {"code": "65201", "title_en": "Kitchen helpers", "title_fr": "Aides de cuisine",
         "examples_en": ["Pot washer"], "examples_fr": ["Plongeur/plongeuse de restaurant"]},
        {"code": "72421", "title_en": "Appliance servicers", "title_fr": "Réparateurs",
         "examples_en": ["Dishwasher repairer"], "examples_fr": ["Réparateur de lave-vaisselle"]},
    ]  # fmt: skip
    catalog = OccupationCatalog.from_groups(groups, glossary=[("plongeur/plongeuse", "dishwasher")])
    search = catalog._search
    heads = search.head_matches([search.word_matches("dishwasher")])
    assert heads == {"65201": 0.8}  # "plongeur" heads a 65201 title; 72421's head is "repairer"
    french = search.head_matches([search.word_matches(w) for w in ("reparateur", "lave")])
    english = search.head_matches([search.word_matches(w) for w in ("dishwasher", "repairer")])
    assert french == {"72421": 1.0} and english == {"72421": 1.0}


@pytest.mark.parametrize(
    ("typed", "respaced"),
    [
        ("broilercook", "broiler cook"),
        ("home supportattendant", "home support attendant"),
        ("prepos eaux chambre", "prepose aux chambre"),
        ("medica loffice assistant", "medical office assistant"),
        ("nettoyeurd usine", "nettoyeur d usine"),
        ("crad filer", "crad filer"),  # a typo, not a missing space: "cra" + "d" is no split
        ("aide de cuisine", "aide de cuisine"),
    ],
)
def test_a_space_typed_too_few_or_in_the_wrong_place_is_put_back(catalog, typed, respaced):
    assert catalog._search.respaced(typed) == respaced


def test_translated_queries_combine_the_likeliest_translations_without_small_words(catalog):
    variants = catalog._search.translated_queries("laveur de marmite")
    assert "washer pot" in variants and all(" de " not in v for v in variants)
    assert len(variants) <= 6
    assert catalog._search.translated_queries("zzzz qqqq") == []


# Titles people type in the program's other languages (seed/occupation_aliases.csv), pinned.
@pytest.mark.parametrize(("typed", "code"), [
    ("enfermera", "31301"), ("auxiliar de enfermeria", "33102"), ("cocinero", "63200"),
    ("ayudante de cocina", "65201"), ("lavaplatos", "65201"), ("limpiadora", "65310"),
    ("conserje", "65312"), ("cuidadora de ancianos", "33102"),
    ("técnica de enfermagem", "33102"), ("cozinheira", "63200"),
    ("ajudante de cozinha", "65201"), ("faxineira", "65310"), ("zelador", "65312"),
    ("asistan enfimyè", "33102"), ("kizinyè", "63200"), ("èd kizin", "65201"),
    ("menajè", "65310"), ("konsyèj", "65312"), ("resepsyonis", "14101"),
    ("moun ki okipe granmoun", "33102"), ("gardienne d'enfants", "44100"),
    ("plongeur", "65201"),
])
def test_titles_in_spanish_portuguese_and_creole_are_surely_suggested(catalog, typed, code):
    assert catalog.sure_suggestions(typed)[0].noc_code == code


@pytest.mark.parametrize("typed", ["qwzrt", "blablabla", "mi casa es tu casa", "obrigado",
                                   "bonjou zanmi", "abogada"])
def test_no_suggestion_rather_than_a_wrong_one_when_the_words_name_no_known_job(catalog, typed):
    assert catalog.suggest(typed), "the plain search always finds something"
    assert catalog.sure_suggestions(typed) == []


def test_sure_suggestions_leave_out_other_readings_of_the_words(catalog):
    # "plongeur" is a kitchen job here, not a diving athlete; a babysitter is no prison guard.
    assert "53200" in [s.noc_code for s in catalog.suggest("plongeur", limit=4)]
    assert "53200" not in [s.noc_code for s in catalog.sure_suggestions("plongeur", limit=4)]
    assert [s.noc_code for s in catalog.sure_suggestions("gardienne d'enfants")] == ["44100"]


def test_a_title_in_an_unknown_language_gets_nothing_even_with_a_fair_score():
    groups = [
        {"code": "63200", "title_en": "Cooks", "title_fr": "Cuisiniers/cuisinières",
         "examples_en": ["cook"], "examples_fr": ["cuisinier/cuisinière"]},
        {"code": "94132", "title_en": "Industrial sewing machine operators",
         "title_fr": "Opérateurs/opératrices de machines à coudre industrielles",
         "examples_en": ["sewing machine operator"], "examples_fr": ["couturière industrielle"]},
    ]
    plain = OccupationCatalog.from_groups(groups)
    assert plain.suggest("cocinero") and plain.sure_suggestions("cocinero") == []
    aliased = OccupationCatalog.from_groups(groups, aliases=[("Cocinero/cocinera", "63200")])
    assert [s.noc_code for s in aliased.sure_suggestions("cocinera")] == ["63200"]


def test_the_multilingual_benchmark_set_is_answered_right_first():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from occupations import judge, read_queries

    catalog = OccupationCatalog.load()
    rows = read_queries()
    assert {language for _, language, _ in rows} >= {"es", "pt", "ht", "none"}
    wrong = [(query, accepted) for query, _, accepted in rows
             if not judge(catalog, query, accepted)[0]]
    assert wrong == []

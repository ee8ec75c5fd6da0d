"""The board finds what people type: occupations, abbreviations, forms of words, places.

The same table runs on SQLite and PostgreSQL (DATABASE_URL): both must return the same
postings in the same order.
"""

import re

import pytest

from matcher.extensions import db
from matcher.models import Posting
from matcher.postings.words import index_words, word_forms
from tests import factories as f
from tests.postings.helpers import POSTINGS, TODAY, make_board_world

TITLE_RE = re.compile(r'<h3><a href="/jobs/(\d+)">')

# query -> (the postings it must find, exactly; the first ones, in order, when it matters)
QUERIES = {
    "plongeur": ({"plongeur", "aide_cuisine"}, ["plongeur"]),
    "plongeuses": ({"plongeur", "aide_cuisine"}, ["plongeur"]),
    "dishwasher": ({"plongeur", "aide_cuisine"}, []),
    "montreal": ({"pab_mtl", "aide_cuisine", "asss"}, []),
    "Montréal": ({"pab_mtl", "aide_cuisine", "asss"}, []),
    "lévis": ({"pab_levis", "cook", "menage"}, ["cook", "pab_levis"]),  # city first, newest
    "Capitale-Nationale": ({"plongeur", "admin"}, []),
    "PAB": ({"pab_mtl", "pab_levis"}, []),
    "pab montreal": ({"pab_mtl"}, []),
    "PAB Lévis nuit": ({"pab_levis"}, []),
    "préposées aux bénéficiaires": ({"pab_mtl", "pab_levis"}, []),
    "prepose aux beneficiaire": ({"pab_mtl", "pab_levis"}, []),
    "nurse aides": ({"pab_mtl", "pab_levis"}, []),
    "cook": ({"cook"}, ["cook"]),
    "cooks": ({"cook"}, ["cook"]),
    "cuisinière": ({"cook", "plongeur", "aide_cuisine"}, ["cook"]),
    "cuisine": ({"cook", "plongeur", "aide_cuisine"}, ["aide_cuisine"]),
    "cuisinier levis": ({"cook"}, []),
    "kitchen helpers": ({"plongeur", "aide_cuisine"}, []),
    "ménage": ({"menage"}, []),
    "housekeeping": ({"menage"}, []),
    "agent administratif": ({"admin"}, []),
    "agentes administratives": ({"admin"}, []),
    "ASSS": ({"asss"}, []),
    "home support": ({"asss"}, []),
    "vaisselle": ({"plongeur"}, []),
    "astronaute": (set(), []),
    "pab capitale nationale": (set(), []),
}


@pytest.fixture
def world(app):
    """Postings in Montréal, Lévis, Saint-Georges (Beauce) and Québec City."""
    with app.app_context():
        ids = make_board_world()
        db.session.commit()
    return ids


def found(client, **params) -> list[int]:
    """Return the ids of the postings a board page lists, in order."""
    response = client.get("/jobs", query_string=params)
    assert response.status_code == 200
    return [int(i) for i in TITLE_RE.findall(response.get_data(as_text=True))]


@pytest.mark.parametrize("query", QUERIES)
def test_each_query_finds_its_postings_best_first(client, world, query):
    expected, first = QUERIES[query]
    ids = found(client, q=query)
    names = {posting_id: key for key, posting_id in world.items()}
    assert {names[i] for i in ids} == expected
    assert [names[i] for i in ids[:len(first)]] == first


def test_with_a_query_results_are_ranked_unless_another_order_is_chosen(client, world):
    by_relevance = found(client, q="cuisine")
    newest = found(client, q="cuisine", sort="newest")
    assert by_relevance[0] == world["aide_cuisine"]
    assert newest == sorted(newest, reverse=True), "published one day apart, in id order"
    assert found(client, q="cuisine", sort="relevance") == by_relevance
    assert found(client, sort="relevance") == found(client), "no query: newest first"


def test_the_page_says_which_occupation_and_place_it_understood(client, world):
    html = client.get("/jobs", query_string={"q": "PAB Lévis"}).get_data(as_text=True)
    assert "Métier cherché\u00a0:" in html and "Préposés aux bénéficiaires" in html
    assert "Lieu cherché\u00a0: Lévis" in html


def test_a_place_and_the_region_filter_both_apply(client, world):
    assert found(client, q="montreal", region="06") != []
    assert found(client, q="montreal", region="12") == []


def test_no_result_page_suggests_searches_that_find_something(client, world):
    html = client.get("/jobs", query_string={"q": "pab capitale nationale"}).get_data(
        as_text=True)
    assert "Aucune offre ouverte ne correspond à cette recherche." in html
    assert "seulement «\u00a0pab\u00a0»" in html and "(2\u00a0offres)" in html

    html = client.get("/jobs", query_string={"q": "cook", "region": "06"}).get_data(
        as_text=True)
    assert "«\u00a0cook\u00a0» sans les filtres" in html

    html = client.get("/jobs", query_string={"q": "cuisinierz"}).get_data(as_text=True)
    assert 'href="/jobs?occupation=63200"' in html
    assert found(client, occupation="63200") == [world["cook"]]


def test_no_result_page_points_to_places_when_none_was_typed(client, world):
    html = client.get("/jobs", query_string={"q": "astronaute"}).get_data(as_text=True)
    assert "tapez une ville ou une région" in html
    html = client.get("/jobs", query_string={"q": "astronaute montreal"}).get_data(
        as_text=True)
    assert "tapez une ville ou une région" not in html


def test_an_invalid_occupation_filter_is_ignored_not_a_500(client, world):
    for value in ("abc", "123456", "' OR 1=1"):
        assert len(found(client, occupation=value)) == len(POSTINGS)


def test_cards_show_the_posting_date_and_pay_the_way_the_job_is_paid(client, world):
    html = client.get("/jobs").get_data(as_text=True)
    assert "Publiée le 1er mai 2026" in html
    assert "environ 40\u00a0040\u00a0$ par année" in html  # full-time: 22 × 35 × 52
    assert "environ 770\u00a0$ par semaine" in html  # part-time: 22 × 35
    assert "sur appel\u00a0: payé selon les heures travaillées" in html
    detail = client.get(f"/jobs/{world['aide_cuisine']}").get_data(as_text=True)
    assert "par année" not in detail and "payé selon les heures travaillées" in detail


def test_english_pages_read_the_same_search_in_english(client, world):
    client.set_cookie("lang", "en")
    html = client.get("/jobs", query_string={"q": "PAB"}).get_data(as_text=True)
    assert "Occupation searched:" in html and "Published May" in html


def test_stored_words_keep_both_gender_forms_and_query_words_their_stems():
    assert index_words("Préposé/préposée aux bénéficiaires") == [
        "prepose", "aux", "beneficiaire", "preposee"]
    assert index_words("Cuisinier·ère") == ["cuisinier"]
    assert word_forms("cuisine") == ("cuisin",)
    assert word_forms("cuisiniere") == ("cuisini",)
    assert "plongeur" in word_forms("plongeuse"), "feminine -> masculine from the catalog"
    assert word_forms("aide") == ("aide",), "stems under four letters find too much"


def test_search_text_puts_the_title_first(app):
    with app.app_context():
        posting = f.make_posting(title="Cuisinier", noc_code="63200", description="Repas")
        head, rest = posting.search_text.split(" | ")
        assert head == " cuisinier" and "repa" in rest.split()
        db.session.rollback()


@pytest.fixture(autouse=True)
def _today(fixed_today):
    return TODAY


def test_closed_postings_stay_hidden_from_occupation_matches(client, world, app):
    with app.app_context():
        db.session.get(Posting, world["pab_mtl"]).status = "closed"
        db.session.commit()
    assert found(client, q="PAB") == [world["pab_levis"]]

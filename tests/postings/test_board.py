"""The public job board: words in French or English, accents optional, filters, pages."""

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import delete, update

from matcher.extensions import db
from matcher.models import Posting, PostingWord
from matcher.postings.search import PAGE_SIZE, fold_words, query_words
from tests import factories as f
from tests.postings.helpers import TODAY

TITLE_RE = re.compile(r'<h3><a href="/jobs/(\d+)">')


def found(client, **params) -> list[int]:
    """Return the ids of the postings a board page lists, in order."""
    response = client.get("/jobs", query_string=params)
    assert response.status_code == 200
    return [int(i) for i in TITLE_RE.findall(response.get_data(as_text=True))]


@pytest.fixture
def board(app):
    """Open postings of two establishments in Montréal and Québec City, and hidden ones."""
    with app.app_context():
        montreal = f.make_employer(name="CIUSSS Test Montréal (fictif)", region_code="06")
        quebec = f.make_employer(name="CHSLD Test Québec (fictif)", region_code="03")
        ids = {
            "pab": f.make_posting(montreal, title="Préposé aux bénéficiaires – CHSLD",
                                  description="Soins d’hygiène aux résidents.",
                                  shift_day=True, shift_night=True,
                                  start_date=TODAY + timedelta(days=60)).id,
            "kitchen": f.make_posting(quebec, noc_code="65201", title="Aide de cuisine",
                                      description="Plonge et préparation des plateaux.",
                                      employment_type="part_time", shift_weekend=True,
                                      start_date=TODAY + timedelta(days=10)).id,
            "desk": f.make_posting(quebec, noc_code="14101", title="Réceptionniste",
                                   description="Accueil des usagers au téléphone.",
                                   employment_type="casual", start_date=None).id,
        }
        for hidden in ("draft", "closed", "filled"):
            f.make_posting(montreal, status=hidden, title=f"Préposé caché {hidden}",
                           filled=2 if hidden == "filled" else 0)
        f.make_posting(montreal, title="Préposé expiré", closes_on=TODAY - timedelta(days=1),
                       start_date=TODAY + timedelta(days=5))
        for index, key in enumerate(("pab", "kitchen", "desk")):
            db.session.get(Posting, ids[key]).published_at = datetime(2026, 5, 1 + index,
                                                                       tzinfo=UTC)
        db.session.commit()
    return ids


def test_only_open_postings_are_listed(client, board):
    assert sorted(found(client)) == sorted(board.values())


@pytest.mark.parametrize(("words", "key"), [
    ("préposé aux bénéficiaires", "pab"), ("prepose aux beneficiaires", "pab"),
    ("PRÉPOSÉS AUX BÉNÉFICIAIRES", "pab"), ("bénéficiaires", "pab"),
    ("beneficiaire", "pab"), ("hygiene", "pab"), ("PAB", "pab"),
    ("nurse aide", "pab"), ("orderlies", "pab"), ("patient attendant", "pab"),
    ("aide de cuisine", "kitchen"), ("cuisine", "kitchen"), ("kitchen helper", "kitchen"),
    ("food counter", "kitchen"), ("plateaux", "kitchen"),
    ("réceptionniste", "desk"), ("receptionist", "desk"), ("telephone", "desk"),
])
def test_words_find_postings_in_french_or_english_with_or_without_accents(
        client, board, words, key):
    assert found(client, q=words) == [board[key]]


def test_all_words_must_match_and_words_match_from_their_start(client, board):
    assert found(client, q="réceptionniste cuisine") == []
    assert len(found(client, q="préposé")) == 3, "aliases: préposé à l’accueil, à la cafétéria"
    assert found(client, q="pose") == [], "a word matches from its start, not its middle"
    assert found(client, q="100% _x_") == []


def test_unaccented_titles_are_found_with_accented_words(app, client):
    with app.app_context():
        posting_id = f.make_posting(title="Prepose a l’entretien menager",
                                    noc_code="65310").id
        db.session.commit()
    assert found(client, q="préposé ménager") == [posting_id]


def test_filters_by_region_type_of_work_shift_and_employment_type(client, board):
    assert found(client, region="03", sort="start") == [board["desk"], board["kitchen"]]
    assert found(client, region="06") == [board["pab"]]
    assert found(client, family="kitchen") == [board["kitchen"]]
    assert found(client, family="administration") == [board["desk"]]
    assert found(client, shift="night") == [board["pab"]]
    assert found(client, shift="weekend") == [board["kitchen"]]
    assert found(client, employment_type="casual") == [board["desk"]]
    assert found(client, region="06", family="kitchen") == []


def test_sorts_by_newest_or_soonest_start(client, board):
    assert found(client) == [board["desk"], board["kitchen"], board["pab"]]
    assert found(client, sort="start") == [board["desk"], board["kitchen"], board["pab"]], \
        "no start date means as soon as possible"


def test_invalid_filters_are_ignored_with_an_error_not_a_500(client, board):
    for params in ({"region": "99"}, {"family": "astronaut"}, {"shift": "dawn"},
                   {"sort": "random"}, {"q": "x" * 101}):
        response = client.get("/jobs", query_string=params)
        assert response.status_code == 200, params
        assert "field-error" in response.get_data(as_text=True), params
        assert len(found(client, **params)) == 3, params
    for page in ("abc", "-4", "0", "99999999999999999999"):
        assert len(found(client, page=page)) == 3, page


def test_results_come_in_pages(app, client):
    with app.app_context():
        employer = f.make_employer()
        for number in range(PAGE_SIZE + 5):
            f.make_posting(employer, title=f"Poste {number}")
        db.session.commit()
    first, second = found(client), found(client, page="2")
    assert (len(first), len(second)) == (PAGE_SIZE, 5)
    assert not set(first) & set(second)
    html = client.get("/jobs?page=2").get_data(as_text=True)
    assert '<a href="/jobs?page=1" rel="prev">' in html and 'rel="next"' not in html
    assert found(client, page="50") == second, "past the end shows the last page"


def test_the_board_shows_no_candidate_data(app, client, board):
    with app.app_context():
        candidate = f.make_candidate(first_name="Wilson", last_name="Saint-Fleur",
                                     phone="514-555-0199")
        email = candidate.user.email
        db.session.commit()
    pages = [client.get("/jobs").get_data(as_text=True)] + [
        client.get(f"/jobs/{posting_id}").get_data(as_text=True) for posting_id in board.values()]
    for html in pages:
        for private in ("Wilson", "Saint-Fleur", "514-555-0199", email):
            assert private not in html


def test_the_detail_page_shows_what_the_job_asks(app, client):
    with app.app_context():
        posting = f.make_posting(min_french_oral=6, min_french_written=3,
                                 min_experience_months=12, training_provided=True,
                                 hourly_wage=Decimal("21.50"), hours_per_week=Decimal("37.5"))
        posting_id = posting.id
        db.session.commit()
    html = client.get(f"/jobs/{posting_id}").get_data(as_text=True)
    assert "Niveau 6 ou plus – intermédiaire (NCLC 6, CECR approx. B1)" in html
    assert "Niveau 3 ou plus – débutant (NCLC 3, CECR approx. A2)" in html
    assert "au moins 12 mois" in html
    assert "21,50\xa0$ l’heure" in html
    assert "41\xa0925\xa0$ par année" in html  # 21.50 × 37.5 × 52


def test_shifts_read_in_lower_case_after_a_colon_and_capitalized_alone(app, client):
    with app.app_context():
        posting = f.make_posting(shift_day=True, shift_evening=False, shift_night=True,
                                 shift_weekend=False)
        posting_id = posting.id
        db.session.commit()
    board = client.get("/jobs").get_data(as_text=True)
    assert "Quarts\xa0: jour, nuit" in board
    detail = client.get(f"/jobs/{posting_id}").get_data(as_text=True)
    assert "<dd>Jour, nuit</dd>" in detail


def test_draft_closed_filled_and_expired_postings_have_no_public_page(app, client, board):
    with app.app_context():
        hidden = [p.id for p in db.session.query(Posting).filter(
            Posting.title.like("Préposé %é%"), Posting.id.not_in(board.values()))]
        db.session.commit()
    assert len(hidden) == 4
    for posting_id in hidden:
        assert client.get(f"/jobs/{posting_id}").status_code == 404
    assert client.get("/jobs/999999").status_code == 404


def test_search_text_is_kept_in_step_with_the_posting(app):
    with app.app_context():
        posting = f.make_posting(title="Cuisinière", noc_code="63200")
        assert " cuisiniere" in posting.search_text and " cook" in posting.search_text
        posting.title = "Préposée à l’accueil"
        posting.noc_code = "14101"
        db.session.flush()
        assert " preposee" in posting.search_text and " receptionist" in posting.search_text
        assert " cook" not in posting.search_text
        db.session.rollback()


def test_folding_lowercases_strips_accents_and_plural_s():
    assert fold_words("Préposés aux Bénéficiaires") == "prepose aux beneficiaire"
    assert fold_words("Œuvre, SOINS-infirmiers!") == "oeuvre soin infirmier"
    assert query_words("Préposé préposé PREPOSE") == ["prepose"]


def test_deep_pages_read_in_one_pass_give_the_same_order(app, client, monkeypatch):
    with app.app_context():
        employer = f.make_employer()
        for number in range(45):
            f.make_posting(employer, title=f"Poste {number}",
                           start_date=TODAY + timedelta(days=number % 7) if number % 5 else None,
                           published_at=datetime(2026, 5, 1 + number % 9, tzinfo=UTC))
        db.session.commit()
    pages = {(sort, page): found(client, sort=sort, page=page)
             for sort in ("newest", "start") for page in ("1", "2", "3")}
    monkeypatch.setattr("matcher.postings.search.DEEP_OFFSET", 0)
    for (sort, page), ids in pages.items():
        assert found(client, sort=sort, page=page) == ids, (sort, page)
    assert sum(len(ids) for (sort, _page), ids in pages.items() if sort == "start") == 45


def test_search_text_can_be_rebuilt_for_existing_postings(app, client):
    from matcher.postings.search import refresh_all_search_text

    with app.app_context():
        posting_id = f.make_posting(title="Réceptionniste", noc_code="14101").id
        # Rows written behind the listeners' back: neither text nor words.
        db.session.execute(update(Posting).values(search_text=""))
        db.session.execute(delete(PostingWord))
        db.session.commit()
    # "receptionist" would find it by its occupation; a word of its description needs the text.
    assert found(client, q="hygiene") == []
    with app.app_context():
        assert refresh_all_search_text() == 1
        db.session.commit()
    assert found(client, q="hygiene") == [posting_id]

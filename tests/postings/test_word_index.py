"""The job board's word index: in step with the search text, and the same results as LIKE."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import and_, case, false, literal, or_, select, update

from matcher.extensions import db
from matcher.models import Occupation, Posting, PostingWord, Site
from matcher.postings import places, search, services
from matcher.postings.query import BoardQuery, parse, query_words
from matcher.postings.word_index import search_words, successor
from tests import factories as f
from tests.postings.helpers import TODAY


def stored_words(posting_id: int) -> dict[str, bool]:
    rows = db.session.execute(select(PostingWord.word, PostingWord.in_title)
                              .where(PostingWord.posting_id == posting_id))
    return {word: bool(in_title) for word, in_title in rows}


def assert_in_step(posting: Posting) -> None:
    db.session.flush()
    db.session.refresh(posting)
    assert stored_words(posting.id) == search_words(posting.search_text)


def test_words_follow_a_posting_from_creation_to_deletion(app):
    with app.app_context():
        posting = f.make_posting(title="Cuisinière", noc_code="63200",
                                 description="Préparation des repas.")
        assert_in_step(posting)
        words = stored_words(posting.id)
        assert words["cuisiniere"] is True and words["cook"] is False
        assert words["preparation"] is False
        posting.title, posting.noc_code = "Préposée à l’accueil", "14101"
        posting.description = "Accueil des visiteurs."
        assert_in_step(posting)
        words = stored_words(posting.id)
        assert words["preposee"] is True and "receptionist" in words and "visiteur" in words
        assert "cuisiniere" not in words and "cook" not in words and "repa" not in words
        for action in ("close", "reopen"):
            services.change_status(posting, action)
            assert_in_step(posting)
        assert stored_words(posting.id) == words
        posting_id = posting.id
        db.session.delete(posting)
        db.session.flush()
        assert stored_words(posting_id) == {}
        db.session.rollback()


def test_words_follow_the_occupation_catalog_when_the_texts_are_refreshed(app):
    with app.app_context():
        posting = f.make_posting(noc_code="65201", title="Plongeur")
        occupation = db.session.get(Occupation, "65201")
        occupation.title_en = "Dishwashers and sculleries"
        db.session.flush()
        assert "scullerie" not in stored_words(posting.id)
        assert search.refresh_all_search_text() >= 1
        assert "scullerie" in stored_words(posting.id)
        assert_in_step(posting)
        db.session.rollback()


def test_a_search_text_without_its_title_end_has_no_title_words():
    assert search_words(" cuisinier | cook repa") == {
        "cuisinier": True, "cook": False, "repa": False}
    assert search_words(" cuisinier repa") == {"cuisinier": False, "repa": False}
    assert search_words("") == {}
    assert search_words(" " + "x" * 41 + " | a") == {"a": False}


def test_a_prefix_range_ends_before_the_next_prefix():
    assert successor("prepos") == "prepot"
    assert successor("az") == "a{"
    assert successor("a\U0010ffff") == "b"
    assert successor("\ud7ff") == "\ue000"
    assert successor("\U0010ffff") is None


# The board as it was: LIKE patterns over each posting's search text (before issue 19).
def _like(word: str, *, in_title: bool = False, whole: bool = False) -> str:
    end = " %" if whole else "%"
    return f"% {word}{end}|%" if in_title else f"% {word}{end}"


def _old_matches(word, *, in_title: bool = False):
    return or_(*(Posting.search_text.like(_like(form, in_title=in_title))
                 for form in word.forms))


def _old_exact(word):
    return Posting.search_text.like(_like(word.text, in_title=True, whole=True))


def old_ordered_ids(terms: BoardQuery, filters: search.BoardFilters, sort: str) -> list[int]:
    """Return the ids the LIKE matching gave, in its order (filters: region and shift)."""
    query = search.public_postings().with_only_columns(Posting.id)
    points = []
    for word in terms.words:
        query = query.where(_old_matches(word))
        points.append(case((_old_exact(word), 2), (_old_matches(word, in_title=True), 1),
                           else_=0))
    for term in terms.occupations:
        words = [_old_matches(word) for word in term.words]
        query = query.where(or_(Posting.noc_code.in_(term.codes),
                                and_(*words) if words else false()))
        points.append(case((Posting.noc_code == term.codes[0], 4),
                           (Posting.noc_code.in_(term.codes), 3), else_=0))
        points.extend(case((_old_exact(word), 3), (_old_matches(word, in_title=True), 2),
                           (_old_matches(word), 1), else_=0) for word in term.words)
    if terms.places:
        query = query.where(Posting.site_id.in_(
            select(Site.id).where(Site.region_code.in_(sorted(terms.regions)))))
    if terms.city_sites:
        points.append(case((Posting.site_id.in_(terms.city_sites), 1), else_=0))
    if filters.region:
        query = query.where(Posting.site_id.in_(
            select(Site.id).where(Site.region_code == filters.region)))
    if filters.shift:
        query = query.where(search.SHIFT_COLUMNS[filters.shift].is_(True))
    if sort == "start":
        order = (Posting.start_date.asc().nulls_first(), Posting.id)
    elif sort == "relevance" and terms:
        relevance = sum(points[1:], points[0]) if points else literal(0)
        order = (relevance.desc(), Posting.published_at.desc().nulls_last(), Posting.id.desc())
    else:
        order = (Posting.published_at.desc(), Posting.id.desc())
    return list(db.session.scalars(query.order_by(*order)))


POSTINGS = [  # title, NOC, description, region, city
    ("Préposé aux bénéficiaires – CHSLD", "33102", "Soins d’hygiène aux résidents.", "06",
     "Montréal"),
    ("Préposée aux bénéficiaires de nuit", "33102", "Unité de soins prolongés.", "03",
     "Québec"),
    ("PAB – soins à domicile", "44101", "Aide aux bénéficiaires à domicile.", "12", "Lévis"),
    ("Aide de cuisine", "65201", "Plonge et préparation des plateaux.", "03", "Québec"),
    ("Cuisinier·ère", "63200", "Cuisine pour 120 résidents; cooking experience welcome.",
     "06", "Montréal"),
    ("Cook – long-term care", "63200", "Prepare meals, dishwashing.", "12", "Lévis"),
    ("Préposé·e à l’entretien ménager", "65310", "Hygiène et salubrité des chambres.", "06",
     "Laval"),
    ("Réceptionniste", "14101", "Accueil des usagers et des familles.", "03", "Lévis"),
    ("Agente administrative", "14100", "Soutien au bureau; nurse aide welcome.", "06",
     "Montréal"),
    ("Nurse aide (patient care)", "33102", "Préposé aux soins, hygiène.", "12", "Lévis"),
    ("Concierge", "65312", "Entretien général et réparations.", "03", "Québec"),
    ("Œuvre de soins", "33109", "Aide-soignante; soins d’hygiène.", "06", "Montréal"),
]
QUERIES = ["préposé bénéficiaires", "prepose", "PRÉPOSÉES", "préposée", "preposes", "PAB",
           "pab levis", "nurse aide", "cook", "cooking", "cuisine", "cuisinière", "aide",
           "soins", "hygiène", "oeuvre", "Lévis", "Montréal", "capitale nationale",
           "cook montreal", "pab gatineau nuit", "astronaute", "les", "entretien menager",
           "receptionist", "bureau quebec", "de", ""]


@pytest.fixture
def varied_board(app):
    """Open postings in three regions, with shifts, start dates and publication times."""
    with app.app_context():
        for number, (title, noc, description, region, city) in enumerate(POSTINGS):
            employer = f.make_employer(region_code=region)
            db.session.execute(update(Site).where(Site.employer_id == employer.id)
                               .values(city=city))
            f.make_posting(employer, title=title, noc_code=noc, description=description,
                           shift_night=number % 3 == 0,
                           start_date=TODAY + timedelta(days=number % 4) if number % 5 else None,
                           published_at=datetime(2026, 5, 1 + number % 3, tzinfo=UTC))
        f.make_posting(title="Préposé fermé", status="closed")
        db.session.commit()


@pytest.mark.parametrize("text", QUERIES)
def test_the_word_index_finds_what_like_found_in_the_same_order(app, varied_board, text):
    with app.app_context():
        gazetteer = places.gazetteer()
        terms = parse(text, gazetteer) if query_words(text) else BoardQuery()
        for filters in (search.BoardFilters(), search.BoardFilters(region="06"),
                        search.BoardFilters(shift="night")):
            for sort in ("relevance", "newest", "start"):
                expected = old_ordered_ids(terms, filters, sort)
                found = search._ordered_ids(terms, filters, search._order(sort, terms))
                assert found == expected, (filters, sort)
                assert search.count_postings(terms, filters) == len(expected)

"""HR's ranked list: facts, filters, people kept apart, the chart, the compare page."""

from datetime import date, datetime, timedelta

from matcher import clock
from matcher.extensions import db
from matcher.matching.pseudonyms import pseudonym
from matcher.models import Application, Candidate, Hire, Region
from tests import factories as f
from tests.conftest import Login, post_form, statements_of_one_get


def world(app):
    """An approved HR user, one posting in region 06 asking 12 months, and four candidates."""
    with app.app_context():
        employer = f.make_employer()
        f.make_employer_user(employer, email="rh@example.com")
        posting = f.make_posting(employer, min_experience_months=12)
        now = datetime.now(clock.UTC)
        people = {
            "verified": f.make_candidate(permit_verified_at=now, french_verified_at=now),
            "novice": f.make_candidate(experiences=0),
            "later": f.make_candidate(available_from=clock.today() + timedelta(days=20)),
            "mover": f.make_candidate(willing_to_relocate=True),
        }
        people["mover"].preferred_regions = [db.session.get(Region, "03")]
        posting.min_experience_months = 0  # the novice stays eligible
        db.session.commit()
        return posting.id, {name: c.id for name, c in people.items()}


def named(app, people):
    """Return each person's pseudonym (it needs the app's secret)."""
    with app.app_context():
        return {name: pseudonym(i) for name, i in people.items()}


def ranked(client, posting_id, query=""):
    response = client.get(f"/employer/postings/{posting_id}/candidates{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def codes(html, people, names):
    return {name for name in names if people[name] in html}


def test_each_row_shows_stars_months_french_availability_region_and_badges(app, client):
    posting_id, ids = world(app)
    people = named(app, ids)
    Login(client).as_user("rh@example.com")
    html = ranked(client, posting_id)
    assert codes(html, people, people) == set(people)
    assert "★" in html and "Comment lire les étoiles" in html
    assert "24\u00a0mois" in html or "24 mois" in html  # two years of experience, whole months
    assert "Permis vérifié" in html and "Français vérifié" in html
    assert "prêt·e à déménager" in html or "déménager" in html
    assert "Compréhension orale" in html or "Écoute" in html


def test_verified_only_keeps_the_verified_candidate(app, client):
    posting_id, ids = world(app)
    people = named(app, ids)
    Login(client).as_user("rh@example.com")
    html = ranked(client, posting_id, "?verified=y")
    assert codes(html, people, people) == {"verified"}


def test_minimum_experience_drops_the_novice(app, client):
    posting_id, ids = world(app)
    people = named(app, ids)
    Login(client).as_user("rh@example.com")
    html = ranked(client, posting_id, "?min_months=6")
    assert codes(html, people, people) == {"verified", "later", "mover"}


def test_available_by_drops_who_starts_later(app, client):
    posting_id, ids = world(app)
    people = named(app, ids)
    Login(client).as_user("rh@example.com")
    day = (clock.today() + timedelta(days=5)).isoformat()
    html = ranked(client, posting_id, f"?available_by={day}")
    assert codes(html, people, people) == {"verified", "novice", "mover"}


def test_region_keeps_who_prefers_it_or_would_relocate(app, client):
    posting_id, ids = world(app)
    people = named(app, ids)
    Login(client).as_user("rh@example.com")
    assert codes(ranked(client, posting_id, "?region=03"), people, people) == {"mover"}
    assert codes(ranked(client, posting_id, "?region=06"), people, people) == set(people)


def test_invalid_filters_are_ignored_not_a_500(app, client):
    posting_id, ids = world(app)
    people = named(app, ids)
    Login(client).as_user("rh@example.com")
    html = ranked(client, posting_id, "?min_months=abc&available_by=nope&region=zz")
    assert codes(html, people, people) == set(people)


def test_a_person_still_employed_is_not_offered_and_an_ended_hire_is(app, client):
    posting_id, ids = world(app)
    people = named(app, ids)
    with app.app_context():
        other = f.make_posting()
        for name, end_on in (("verified", None), ("novice", date(2026, 1, 1))):
            application = f.make_application(db.session.get(Candidate, ids[name]), other,
                                             status="hired")
            db.session.add(Hire(application=application, posting_id=other.id,
                                person_id=ids[name], start_on=date(2025, 6, 1),
                                end_on=end_on))
        db.session.commit()
    Login(client).as_user("rh@example.com")
    html = ranked(client, posting_id)
    assert codes(html, people, people) == {"novice", "later", "mover"}


def test_people_who_applied_or_were_invited_are_shown_apart_with_their_status(app, client):
    posting_id, ids = world(app)
    people = named(app, ids)
    with app.app_context():
        from matcher.models import Posting

        posting = db.session.get(Posting, posting_id)
        f.make_application(db.session.get(Candidate, ids["later"]), posting, status="invited")
        db.session.commit()
    Login(client).as_user("rh@example.com")
    html = ranked(client, posting_id)
    offered, apart = html.split("Personnes déjà candidates")
    assert people["later"] in apart and people["later"] not in offered
    assert "Invité" in apart
    assert "3 personnes à inviter" in offered


def test_the_chart_compares_each_requirement_in_the_third_person_with_whole_months(app, client):
    posting_id, ids = world(app)
    with app.app_context():
        from matcher.models import Posting

        db.session.get(Posting, posting_id).min_experience_months = 12
        db.session.commit()
    Login(client).as_user("rh@example.com")
    html = client.get(f"/employer/postings/{posting_id}/candidates/{ids['verified']}"
                      ).get_data(as_text=True)
    assert "Exigence par exigence" in html
    assert "Son expérience dans cette profession (24 mois) dépasse les 12 mois" in html
    assert "Dépassée" in html and "Remplie" in html
    assert "vous" not in html.split("Exigence par exigence")[1].split("Expérience</h2>")[0]
    assert "Inviter" in html


def test_inviting_from_the_chart_returns_to_the_chart(app, client):
    posting_id, ids = world(app)
    Login(client).as_user("rh@example.com")
    chart = f"/employer/postings/{posting_id}/candidates/{ids['mover']}"
    response = post_form(client, f"{chart}/invite", {"back": "chart"}, token_from=chart)
    assert response.status_code == 302 and response.headers["Location"].endswith(chart)
    with app.app_context():
        application = db.session.scalar(db.select(Application))
        assert (application.candidate_id, application.status) == (ids["mover"], "invited")


def test_compare_shows_three_candidates_side_by_side(app, client):
    posting_id, ids = world(app)
    people = named(app, ids)
    Login(client).as_user("rh@example.com")
    chosen = ["verified", "later", "mover"]
    query = "&".join(f"ids={ids[name]}" for name in chosen)
    response = client.get(f"/employer/postings/{posting_id}/compare?{query}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "compare-3" in html
    assert codes(html, people, people) == set(chosen)


def test_compare_refuses_one_or_five_candidates(app, client):
    posting_id, ids = world(app)
    Login(client).as_user("rh@example.com")
    for chosen in ([ids["verified"]], [*ids.values(), 999]):
        query = "&".join(f"ids={i}" for i in chosen)
        response = client.get(f"/employer/postings/{posting_id}/compare?{query}")
        assert response.status_code == 302
    assert "Choisissez de deux à quatre" in ranked(client, posting_id)


def test_another_employer_cannot_compare_on_this_posting(app, client):
    posting_id, ids = world(app)
    with app.app_context():
        f.make_employer_user(email="other@example.com")
        db.session.commit()
    Login(client).as_user("other@example.com")
    query = "&".join(f"ids={i}" for i in ids.values())
    assert client.get(f"/employer/postings/{posting_id}/compare?{query}").status_code == 404


def test_a_person_still_employed_cannot_be_invited_from_the_chart(app, client):
    posting_id, ids = world(app)
    with app.app_context():
        other = f.make_posting()
        application = f.make_application(db.session.get(Candidate, ids["mover"]), other,
                                         status="hired")
        db.session.add(Hire(application=application, posting_id=other.id,
                            person_id=ids["mover"], start_on=date(2025, 6, 1)))
        db.session.commit()
    Login(client).as_user("rh@example.com")
    chart = f"/employer/postings/{posting_id}/candidates/{ids['mover']}"
    post_form(client, f"{chart}/invite", {"back": "chart"}, token_from=chart)
    with app.app_context():
        assert db.session.scalar(db.select(Application).filter_by(posting_id=posting_id)) is None


def test_the_ranked_page_shows_fifty_cards_then_more_on_demand_with_the_filters_kept(
        app, client, monkeypatch):
    from matcher.matching import views

    monkeypatch.setattr(views, "RANKED_PAGE", 2)
    posting_id, ids = world(app)
    Login(client).as_user("rh@example.com")
    html = ranked(client, posting_id)
    assert html.count('class="ranked-card"') == 2
    assert "4\u00a0personnes à inviter" in html or "4 personnes à inviter" in html
    assert "Afficher 2\u00a0autres personnes" in html or "Afficher 2 autres personnes" in html
    html = ranked(client, posting_id, "?shown=4&region=&shown=junk")
    assert html.count('class="ranked-card"') == 4
    assert "Afficher" not in html.split('class="ranked-list"')[1].split("</ol>")[1][:300]
    # Filters ride along on the link; odd values of `shown` fall back to the first page.
    html = ranked(client, posting_id, "?min_months=12&_scheme=x&posting_id=9")
    assert "min_months=12" in html and "_scheme" not in html.split("show-more")[-1][:400]
    assert ranked(client, posting_id, "?shown=-5").count('class="ranked-card"') == 2
    assert ranked(client, posting_id, "?shown=99999").count('class="ranked-card"') == 4


def orm_ranked_list(posting, on, filters):
    """The ranked list as it was built from ORM objects (the reference of the Core reads)."""
    from matcher.matching import queries, ranked_list
    from matcher.ranking.fit import fit_band

    ranked = queries.ranked_candidates(posting, on, limit=200)
    reach = max((m.score for _c, m, _a in ranked), default=0.0)
    rows = []
    for candidate, match, application in ranked:
        regions = tuple(sorted(r.code for r in candidate.preferred_regions))
        row = ranked_list.Row(candidate, match, application, fit_band(match.score, reach),
                              ranked_list.months_in(candidate, posting, on),
                              ranked_list.french_skills(candidate, posting), regions)
        if ranked_list.keeps(row, filters):
            rows.append(row)
    return rows, reach


def facts(row):
    c = row.candidate
    return (c.id, row.match, row.application.status if row.application else None, row.band,
            row.months, row.french, row.regions, row.verified, c.display_name,
            c.available_from, c.willing_to_relocate, c.permit_verified_at, c.french_verified_at)


def test_the_ranked_list_reads_the_same_people_order_and_facts_as_the_orm_objects(app):
    from matcher.matching import ranked_list
    from matcher.models import Experience, Posting

    posting_id, ids = world(app)
    with app.app_context():
        posting = db.session.get(Posting, posting_id)
        later, mover, novice = (db.session.get(Candidate, ids[name])
                                for name in ("later", "mover", "novice"))
        later.experiences.append(Experience(  # part time, another occupation too
            title="Cuisinier", noc_code="63200", employer_name="Resto", country="Canada",
            start_on=date(2020, 1, 1), end_on=None, hours_per_week=20))
        later.experiences.append(Experience(
            title="Préposé", noc_code="33102", employer_name="CHSLD", country="Canada",
            start_on=date(2019, 3, 1), end_on=date(2024, 5, 31), hours_per_week=25))
        mover.preferred_regions.append(db.session.get(Region, "12"))
        f.make_candidate(matching_opt_in=False)
        f.make_application(novice, posting, status="invited")
        db.session.commit()
        on = clock.today()
        for filters in (ranked_list.Filters(), ranked_list.Filters(verified=True),
                        ranked_list.Filters(min_months=20), ranked_list.Filters(region="03"),
                        ranked_list.Filters(available_by=on + timedelta(days=5))):
            offered, in_touch, reach = ranked_list.ranked_list(posting, on, filters)
            expected, expected_reach = orm_ranked_list(posting, on, filters)
            assert [facts(r) for r in offered + in_touch] == [
                facts(r) for r in expected if r.application is None] + [
                facts(r) for r in expected if r.application is not None]
            assert reach == expected_reach and len(offered + in_touch) > 0


def statements_of_one_render(app, client, url) -> list[str]:
    """Render a page once, the indexes already built, and return the SQL it ran."""
    assert client.get(url).status_code == 200  # builds the indexes, fills the caches
    return statements_of_one_get(app, client, url)


# One ranked page: the user, their membership and posting, the change log, the posting's
# site and certifications, the regions, the unread messages, and the two reads of the
# ranked people (who may be shown, with their application and regions; their months).
RANKED_PAGE_STATEMENTS = 12


def test_one_ranked_page_runs_a_fixed_number_of_statements_whatever_the_cards(app, client):
    from matcher.models import Posting

    posting_id, _ids = world(app)
    Login(client).as_user("rh@example.com")
    url = f"/employer/postings/{posting_id}/candidates"
    few = statements_of_one_render(app, client, url)
    with app.app_context():
        for _ in range(6):
            extra = f.make_candidate(experiences=2)
            extra.preferred_regions.append(db.session.get(Region, "03"))
        # Someone who applied: one more statement, their contact-sharing consents.
        applied = f.make_candidate()
        f.make_application(applied, db.session.get(Posting, posting_id), status="applied")
        db.session.commit()
    many = statements_of_one_render(app, client, url)
    filtered = statements_of_one_render(app, client, f"{url}?min_months=3&region=03")
    assert ranked(client, posting_id).count('class="ranked-card"') == 11
    assert ranked(client, posting_id, "?min_months=3&region=03").count('class="ranked-card"') == 7
    assert (len(few), len(many), len(filtered)) == (
        RANKED_PAGE_STATEMENTS, RANKED_PAGE_STATEMENTS + 1, RANKED_PAGE_STATEMENTS), "\n".join(
        s.split("\n")[0][:90] for s in many)

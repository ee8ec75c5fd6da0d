"""On every posting a candidate sees whether they qualify, why, or what is missing."""

from matcher.extensions import db
from matcher.models import Candidate, Certification, Posting
from tests import factories as f


def setup(app, **candidate_fields):
    with app.app_context():
        employer = f.make_employer()
        fits = f.make_posting(employer, title="Préposée de jour")
        french = f.make_posting(employer, title="Préposée avec français avancé",
                                min_french_oral=8)
        cpr = db.session.get(Certification, "cpr")
        course = f.make_posting(employer, title="Préposée avec RCR")
        course.required_certifications = [cpr]
        candidate = f.make_candidate(f.make_user("candidate", email="ana@example.com"),
                                     **candidate_fields)
        db.session.commit()
        return fits.id, french.id, course.id, candidate.id


def test_a_qualifying_candidate_sees_why_and_can_apply(app, client, login):
    fits, *_ = setup(app)
    login.as_user("ana@example.com")
    html = client.get(f"/jobs/{fits}").get_data(as_text=True)
    assert "Vous êtes admissible à cet emploi" in html
    assert f'href="/jobs/{fits}/apply"' in html


def test_a_french_gap_shows_the_level_and_francisation_without_apply(app, client, login):
    _, french, *_ = setup(app)
    login.as_user("ana@example.com")
    html = client.get(f"/jobs/{french}").get_data(as_text=True)
    assert f'href="/jobs/{french}/apply"' not in html
    assert "niveau 8" in html and "Francisation Québec" in html


def test_a_missing_certification_says_where_and_how_long(app, client, login):
    *_, course, _ = setup(app)
    login.as_user("ana@example.com")
    html = client.get(f"/jobs/{course}").get_data(as_text=True)
    assert f'href="/jobs/{course}/apply"' not in html
    assert "Croix-Rouge" in html and "8 heures" in html


def test_no_apply_button_on_a_job_already_applied_to(app, client, login):
    fits, _, _, candidate_id = setup(app)
    with app.app_context():
        f.make_application(db.session.get(Candidate, candidate_id),
                           db.session.get(Posting, fits), status="hired")
        db.session.commit()
    login.as_user("ana@example.com")
    html = client.get(f"/jobs/{fits}").get_data(as_text=True)
    assert f'href="/jobs/{fits}/apply"' not in html
    matches = client.get("/matches").get_data(as_text=True)
    assert f'href="/jobs/{fits}/apply"' not in matches


def test_visitors_and_employers_see_no_fit(app, client):
    fits, *_ = setup(app)
    assert 'id="fit-heading"' not in client.get(f"/jobs/{fits}").get_data(as_text=True)


def test_my_matches_lists_every_gap_and_what_opens_most(app, client, login):
    setup(app, french_oral_production=4, french_oral_comprehension=4)
    login.as_user("ana@example.com")
    html = client.get("/matches").get_data(as_text=True)
    assert "Aucun emploi n’est à une seule exigence" not in html
    assert "Atteindre le niveau 8 à l’oral vous ouvrirait 2 emplois" in html
    assert "Francisation Québec" in html

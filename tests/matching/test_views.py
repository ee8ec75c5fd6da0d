"""What candidates and employers see of the matches."""

import re

from sqlalchemy import select

from matcher.extensions import db
from matcher.models import AuditEvent
from tests import factories as f
from tests.conftest import Login, post_form


def setup(app):
    with app.app_context():
        employer = f.make_employer()
        f.make_employer_user(employer, email="rh@example.com")
        posting = f.make_posting(employer, title="Préposé aux bénéficiaires de nuit",
                                 min_french_oral=6)
        near = f.make_posting(employer, title="Préposé avec français avancé", min_french_oral=8)
        user = f.make_user("candidate", email="marie@example.com")
        candidate = f.make_candidate(user, first_name="Marie", last_name="Joseph",
                                     french_oral_production=6, french_oral_comprehension=6)
        db.session.commit()
        return posting.id, near.id, candidate.id


def test_candidate_sees_matches_with_reasons_and_near_misses_in_french(app, client):
    posting_id, near_id, _ = setup(app)
    Login(client).as_user("marie@example.com")
    html = client.get("/matches").get_data(as_text=True)
    assert "Préposé aux bénéficiaires de nuit" in html
    assert "Pourquoi cet emploi vous convient" in html
    assert "Préposé avec français avancé" in html
    assert "Atteindre le niveau 8 à l’oral vous ouvrirait 1 emploi" in html


def test_employer_sees_pseudonymous_ranked_candidates_then_names_after_applying(app, client):
    posting_id, _, candidate_id = setup(app)
    Login(client).as_user("rh@example.com")
    html = client.get(f"/employer/postings/{posting_id}/candidates").get_data(as_text=True)
    assert "C-" in html and "Marie" not in html and "marie@example.com" not in html
    detail = client.get(f"/employer/postings/{posting_id}/candidates/{candidate_id}")
    assert detail.status_code == 200 and "Marie" not in detail.get_data(as_text=True)
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).filter_by(action="candidate.viewed"))
        assert event.subject_id == candidate_id and event.details == {"posting_id": posting_id}

    candidate_client = app.test_client()
    Login(candidate_client).as_user("marie@example.com")
    post_form(candidate_client, f"/jobs/{posting_id}/apply", {"share_contact": "y"})
    detail = client.get(f"/employer/postings/{posting_id}/candidates/{candidate_id}")
    assert "Marie Joseph" in detail.get_data(as_text=True)


def test_employer_invites_and_the_candidate_accepts(app, client):
    posting_id, _, candidate_id = setup(app)
    Login(client).as_user("rh@example.com")
    post_form(client, f"/employer/postings/{posting_id}/candidates/{candidate_id}/invite", {},
              token_from=f"/employer/postings/{posting_id}/candidates")
    candidate_client = app.test_client()
    Login(candidate_client).as_user("marie@example.com")
    page = candidate_client.get("/applications").get_data(as_text=True)
    assert "Accepter l’invitation" in page
    with app.app_context():
        from matcher.models import Application

        application_id = db.session.scalar(select(Application.id))
    post_form(candidate_client, f"/applications/{application_id}/respond",
              {"answer": "accept", "share_contact": "y"}, token_from="/applications")
    with app.app_context():
        assert db.session.get(Application, application_id).status == "applied"


def test_another_employer_cannot_open_the_candidate(app, client):
    posting_id, _, candidate_id = setup(app)
    with app.app_context():
        other = f.make_employer_user(email="other@example.com")
        other_posting = f.make_posting(other.membership.employer)
        db.session.commit()
        other_posting_id = other_posting.id
    Login(client).as_user("other@example.com")
    assert client.get(f"/employer/postings/{posting_id}/candidates").status_code == 404
    assert client.get(
        f"/employer/postings/{posting_id}/candidates/{candidate_id}").status_code == 404
    # Through their own posting they see only opted-in candidates (this one is).
    response = client.get(f"/employer/postings/{other_posting_id}/candidates/{candidate_id}")
    assert response.status_code == 200


def test_a_candidate_who_switched_matching_off_is_invisible_to_employers(app, client):
    posting_id, _, candidate_id = setup(app)
    with app.app_context():
        from matcher.models import Candidate

        db.session.get(Candidate, candidate_id).matching_opt_in = False
        db.session.commit()
    Login(client).as_user("rh@example.com")
    html = client.get(f"/employer/postings/{posting_id}/candidates").get_data(as_text=True)
    with app.app_context():
        from matcher.matching.pseudonyms import pseudonym

        # Not a bare "C-": a random CSRF token may hold those two characters.
        assert pseudonym(candidate_id) not in html
    assert client.get(
        f"/employer/postings/{posting_id}/candidates/{candidate_id}").status_code == 404


def test_my_matches_shows_ten_jobs_then_more_on_demand_with_the_true_count(app, client):
    setup(app)
    with app.app_context():
        employer = f.make_employer()
        for number in range(11):
            f.make_posting(employer, title=f"Préposé, poste {number}", min_french_oral=6)
        db.session.commit()
    Login(client).as_user("marie@example.com")
    html = client.get("/matches").get_data(as_text=True)
    assert "12 emplois correspondent à votre profil" in html
    assert html.count('<li class="card" id="match-') == 10
    assert 'href="/matches?shown=12#match-11"' in html
    assert "Afficher 2 emplois de plus" in html
    assert re.search(r"\d+ sur \d+", html)  # the breakdown's points, « 20 sur 30 »
    longer = client.get("/matches?shown=12").get_data(as_text=True)
    assert longer.count('<li class="card" id="match-') == 12
    assert "emplois de plus" not in longer
    assert client.get("/matches?shown=-5").status_code == 200


def test_an_empty_ranked_list_says_why_with_and_without_filters(app, client):
    _, near_id, _ = setup(app)  # nobody has the French the near posting asks
    Login(client).as_user("rh@example.com")
    html = client.get(f"/employer/postings/{near_id}/candidates").get_data(as_text=True)
    assert "Personne ne remplit encore toutes les exigences de cette offre." in html
    assert "ne correspond à ces filtres" not in html
    empty_form = client.get(f"/employer/postings/{near_id}/candidates?min_months=&region=")
    assert "Personne ne remplit encore" in empty_form.get_data(as_text=True)
    filtered = client.get(f"/employer/postings/{near_id}/candidates?verified=y")
    assert "Aucune personne admissible ne correspond à ces filtres." in filtered.get_data(
        as_text=True)

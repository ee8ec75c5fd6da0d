"""Each role lands on its own home; the candidate's leads to the next step."""

import re
from datetime import timedelta

from matcher import clock
from matcher.extensions import db
from matcher.models import ActionPlan, PlanAction
from tests import factories as f
from tests.conftest import Login


def test_each_role_lands_on_its_own_home_after_logging_in(app, client, candidate_user):
    with app.app_context():
        f.make_employer_user(email="rh@example.com")
        f.make_staff(email="agente@example.com")
        db.session.commit()
    homes = {candidate_user: "/home", "rh@example.com": "/employer",
             "agente@example.com": "/parcours"}
    for email, home in homes.items():
        each = app.test_client()
        assert Login(each).as_user(email).headers["Location"] == home


def test_a_new_candidate_sees_one_button_to_the_first_step(client, login, candidate_user):
    login.as_user(candidate_user)
    html = client.get("/home").get_data(as_text=True)
    assert "0 sur 6 étapes" in html
    assert 'class="button" href="/profile/about"' in html


def test_a_complete_profile_leads_to_the_matches_and_shows_applications(app, client, login):
    with app.app_context():
        candidate = f.make_candidate(f.make_user("candidate", email="ana@example.com"))
        f.make_application(candidate, f.make_posting(title="Cuisinier de jour"))
        db.session.commit()
    login.as_user("ana@example.com")
    html = client.get("/home").get_data(as_text=True)
    assert 'class="button" href="/matches"' in html
    assert "Cuisinier de jour" in html


def test_invitations_and_the_plans_next_action_show_on_the_home(app, client, login):
    with app.app_context():
        candidate = f.make_candidate(f.make_user("candidate", email="ana@example.com"))
        f.make_application(candidate, f.make_posting(title="Aide alimentaire"),
                           status="invited", source="invitation")
        plan = ActionPlan(candidate=candidate, status="actions")
        plan.actions.append(PlanAction(step="job_market", title="Cours RCR",
                                       due_on=clock.today() + timedelta(days=9)))
        db.session.add(plan)
        db.session.commit()
    login.as_user("ana@example.com")
    html = client.get("/home").get_data(as_text=True)
    assert "1 invitation attend votre réponse" in html and "Aide alimentaire" in html
    assert "Cours RCR" in html


def test_jobs_published_since_the_last_visit_are_new(app, client, login, freeze_clock):
    with app.app_context():
        f.make_candidate(f.make_user("candidate", email="ana@example.com"))
        db.session.commit()
    login.as_user("ana@example.com")
    freeze_clock(clock.today() + timedelta(days=2))
    with app.app_context():
        f.make_posting(title="Préposée de soir", published_at=clock.now())
        db.session.commit()
    again = app.test_client()
    Login(again).as_user("ana@example.com")
    html = again.get("/home").get_data(as_text=True)
    assert "1 nouvel emploi vous convient depuis votre dernière visite" in html
    assert "Préposée de soir" in html


def test_six_steps_count_with_preferences_done_without_a_start_date(app, client, login):
    with app.app_context():
        f.make_candidate(f.make_user("candidate", email="ana@example.com"),
                         available_from=None, matching_opt_in=False)
        db.session.commit()
    login.as_user("ana@example.com")
    html = client.get("/profile").get_data(as_text=True)
    assert "5 sur 6 étapes" in html
    assert 'href="/profile/preferences">Préférences<span aria-hidden="true"> ✓' in html


def test_the_permit_question_has_no_answer_chosen_in_advance(client, login, candidate_user):
    login.as_user(candidate_user)
    html = client.get("/profile/permit").get_data(as_text=True)
    assert 'checked id="permit_kind' not in html and 'class="permit-printed"' in html


def test_no_permit_chosen_is_kept_apart_from_no_answer_when_the_step_reopens(
        client, login, candidate_user):
    login.as_user(candidate_user)
    html = client.get("/profile").get_data(as_text=True)
    assert "Pas de permis de travail" not in html  # not answered yet: "to fill in"
    page = client.get("/profile/permit").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post("/profile/permit", data={"csrf_token": token, "permit_kind": "none"})
    assert response.status_code == 302
    html = client.get("/profile/permit").get_data(as_text=True)
    assert re.search(r'checked id="permit_kind-\d" name="permit_kind" required '
                     r'type="radio" value="none"', html)
    assert "Pas de permis de travail" in client.get("/profile").get_data(as_text=True)


def test_answering_no_permit_completes_the_step_so_the_home_moves_on(
        app, client, login, candidate_user):
    login.as_user(candidate_user)
    home = client.get("/home").get_data(as_text=True)
    assert 'href="/profile/about"' in home or 'href="/profile/permit"' in home
    page = client.get("/profile/permit").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/profile/permit", data={"csrf_token": token, "permit_kind": "none"})
    html = client.get("/profile").get_data(as_text=True)
    assert 'href="/profile/permit">Permis de travail<span aria-hidden="true"> ✓' in html
    assert "Continuer mon profil : Permis de travail" not in client.get("/home").get_data(
        as_text=True)

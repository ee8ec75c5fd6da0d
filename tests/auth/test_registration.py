"""Registering as a candidate or as an employer HR user."""

import pytest
from sqlalchemy import func, select

from matcher.extensions import db
from matcher.models import AuditEvent, Candidate, Employer, EmployerMember, OutboxMessage, User
from tests.conftest import Login, post_form
from tests.factories import make_user

GOOD = {"email": "Nadege@Example.com", "password": "une phrase facile", "confirm":
        "une phrase facile", "accept": "y"}
CONTACT = {"contact_name": "Nadège Tremblay", "job_title": "Conseillère RH",
           "phone": "418-555-0199"}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_candidate_registers_with_an_empty_profile_and_can_log_in_before_confirming(app,
                                                                                   client):
    response = post_form(client, "/register/candidate", GOOD)
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(email="nadege@example.com"))
        assert user.role == "candidate" and user.password_hash.startswith("$argon2id$")
        assert user.email_verified_at is None
        assert db.session.scalar(select(Candidate).filter_by(user_id=user.id)) is not None
        assert db.session.scalar(select(AuditEvent).filter_by(action="user.registered"))
        message = db.session.scalar(select(OutboxMessage))
        assert message.to_address == "nadege@example.com" and message.redact_after_send
        assert "/account/verify/" in message.body
    # Registering does not log in (a used address could not be answered the same way) ...
    assert "nadege@example.com" not in client.get("/login").get_data(as_text=True)
    # ... but the new account can log in at once and start its profile.
    Login(client).as_user("nadege@example.com", GOOD["password"])
    html = client.get("/profile").get_data(as_text=True)
    assert "Confirmez votre adresse courriel" in html


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"password": "court", "confirm": "court"}, "password", "au moins 8 caractères"),
    ({"password": "motdepasse", "confirm": "motdepasse"}, "password", "trop courant"),
    ({"password": "password123", "confirm": "password123"}, "password", "trop courant"),
    ({"confirm": "une autre phrase"}, "confirm", "ne correspondent pas"),
    ({"accept": ""}, "accept", "avis de confidentialité"),
    ({"email": "pas-un-courriel"}, "email", "adresse courriel valide"),
    ({"email": "a\x00b@example.com"}, "email", "contient un caractère"),
    ({"password": "x" * 129, "confirm": "x" * 129}, "password", "128"),
])
def test_bad_registration_shows_a_french_error_beside_the_field(app, client, changes, field,
                                                                message):
    response = post_form(client, "/register/candidate", {**GOOD, **changes})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{field}-error"' in html
    error = html.split(f'id="{field}-error">', 1)[1].split("</p>", 1)[0]
    assert message in error
    with app.app_context():
        assert count(User) == 0


def test_password_rules_have_no_composition_requirements(client):
    response = post_form(client, "/register/candidate", {
        **GOOD, "password": "toutes minuscules sans chiffres",
        "confirm": "toutes minuscules sans chiffres"})
    assert response.status_code == 302


def test_an_address_already_in_use_changes_nothing_and_its_owner_is_told(app, client):
    with app.app_context():
        owner = make_user("candidate", email="nadege@example.com")
        password_hash = owner.password_hash
        db.session.commit()
    response = post_form(client, "/register/candidate", GOOD)
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    with app.app_context():
        assert count(User) == 1
        assert db.session.scalar(select(User.password_hash)) == password_hash
        message = db.session.scalar(select(OutboxMessage))
        assert message.to_address == "nadege@example.com"
        assert "a essayé de créer un compte" in message.body


def test_employer_registers_pending_approval(app, client):
    with app.app_context():
        employer_id = db.session.scalar(select(Employer.id).where(Employer.name.like("%CHUM%")))
    response = post_form(client, "/register/employer", {**GOOD, "establishment": employer_id})
    assert response.status_code == 200  # name, job title and phone are asked
    page = response.get_data(as_text=True)
    assert 'id="contact_name-error"' in page and 'id="phone-error"' in page
    response = post_form(client, "/register/employer",
                         {**GOOD, **CONTACT, "establishment": employer_id})
    assert response.status_code == 302
    with app.app_context():
        member = db.session.scalar(select(EmployerMember))
        assert member.status == "pending" and member.employer_id == employer_id
        assert (member.contact_name, member.job_title, member.phone) == tuple(CONTACT.values())
        assert member.user.role == "employer" and not member.user.is_approved_employer
    Login(client).as_user("nadege@example.com", GOOD["password"])
    assert "attend l’approbation" in client.get("/employer").get_data(as_text=True)


def test_employer_must_choose_an_existing_establishment(app, client):
    for value in ("0", "999999", "abc"):
        response = post_form(client, "/register/employer",
                             {**GOOD, **CONTACT, "establishment": value})
        assert response.status_code == 200
        assert 'id="establishment-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert count(User) == 0


def test_forms_without_a_csrf_token_are_refused(app, client):
    response = client.post("/register/candidate", data=GOOD)
    assert response.status_code == 400
    with app.app_context():
        assert count(User) == 0


def test_a_ten_megabyte_field_is_refused_with_413_and_stores_nothing(app, client):
    response = post_form(client, "/register/candidate",
                         {**GOOD, "email": "a" * (10 * 1024 * 1024) + "@example.com"})
    assert response.status_code == 413
    assert "trop volumineux" in response.get_data(as_text=True)
    with app.app_context():
        assert count(User) == 0


def test_nul_in_a_query_string_is_a_clean_400(client):
    assert client.get("/login?next=%00").status_code == 400


def test_a_bad_address_is_called_an_adresse_courriel_in_french(client):
    response = post_form(client, "/register/candidate", {"email": "pas-un-courriel"})
    html = response.get_data(as_text=True)
    assert "Entrez une adresse courriel valide" in html
    assert "électronique" not in html and "e-mail" not in html.lower()


def test_each_kind_of_account_is_told_its_own_next_step_after_registering(app, client):
    with app.app_context():
        employer_id = db.session.scalar(select(Employer.id).where(Employer.name.like("%CHUM%")))
    post_form(client, "/register/employer", {**GOOD, **CONTACT, "establishment": employer_id})
    page = client.get("/login").get_data(as_text=True)
    assert "vos offres en brouillon" in page and "votre profil" not in page

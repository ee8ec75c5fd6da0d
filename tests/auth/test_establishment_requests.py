"""An establishment not in the list: HR requests it, drafts while pending, staff approve."""

from sqlalchemy import func, select

from matcher.extensions import db
from matcher.models import (
    AuditEvent,
    Employer,
    EmployerMember,
    EstablishmentRequest,
    OutboxMessage,
    Posting,
    User,
)
from tests import factories as f
from tests.auth.test_registration import CONTACT, GOOD
from tests.conftest import Login, post_form
from tests.postings.helpers import TODAY, valid_form

NEW = {"establishment": "-1", "new_name": "Résidence Les Pins (fictive)", "new_kind": "RPA",
       "new_region": "03", "new_address": "12, rue des Pins, Québec"}


def verify(email: str) -> None:
    """Confirm the address (the link of the message) so only the approval is missing."""
    from matcher import clock

    user = db.session.scalar(select(User).where(User.email == email))
    user.email_verified_at = clock.now()
    db.session.commit()


def test_the_registration_offers_an_establishment_not_in_the_list(app, client):
    page = client.get("/register/employer").get_data(as_text=True)
    assert 'value="-1"' in page and "pas dans la liste" in page


def test_a_new_establishment_needs_its_name_kind_region_and_address(app, client):
    response = post_form(client, "/register/employer",
                         {**GOOD, **CONTACT, "establishment": "-1", "new_kind": "castle",
                          "new_region": "99"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for field in ("new_name", "new_kind", "new_region", "new_address"):
        assert f'id="{field}-error"' in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_a_name_already_in_the_list_is_refused_at_the_field(app, client):
    with app.app_context():
        name = db.session.scalar(select(Employer.name).where(Employer.active).limit(1))
    response = post_form(client, "/register/employer",
                         {**GOOD, **CONTACT, **NEW, "new_name": name.upper()})
    assert response.status_code == 200
    assert 'id="new_name-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_request_drafts_while_pending_then_staff_approve_in_one_step(app, client, freeze_clock):
    freeze_clock(TODAY)  # the posting form's dates are written for this day
    response = post_form(client, "/register/employer", {**GOOD, **CONTACT, **NEW})
    assert response.status_code == 302
    with app.app_context():
        request = db.session.scalar(select(EstablishmentRequest))
        assert request.status == "pending" and not request.employer.active
        assert request.employer.region_code == "03" and request.address == NEW["new_address"]
        member_id = request.member_id
        verify("nadege@example.com")
    # The new establishment is not offered to others while pending.
    assert "Les Pins" not in app.test_client().get("/register/employer").get_data(as_text=True)
    Login(client).as_user("nadege@example.com", GOOD["password"])
    page = client.get("/employer").get_data(as_text=True)
    assert "Ce qui se passe ensuite" in page and "418-555-0199" in page
    assert "programme@passerelle.example" in page
    post_form(client, "/employer/postings/new", {**valid_form(None), "site_id": "new",
                                                 "new_site_name": "Pavillon A",
                                                 "new_site_city": "Québec",
                                                 "new_site_region": "03"},
              token_from="/employer/postings/new")
    with app.app_context():
        posting = db.session.scalar(select(Posting))
        assert posting is not None and posting.status == "draft", "the draft was not saved"
        posting_id = posting.id
    assert "brouillon" in client.get("/employer").get_data(as_text=True).lower()
    assert client.get(f"/jobs/{posting_id}").status_code == 404

    staff = app.test_client()
    with app.app_context():
        f.make_staff(email="agent@example.com")
        db.session.commit()
    Login(staff).as_user("agent@example.com")
    page = staff.get("/staff/employers").get_data(as_text=True)
    assert "Nadège Tremblay" in page and "Conseillère RH" in page and "12, rue des Pins" in page
    post_form(staff, f"/staff/employers/{member_id}/approved", {}, token_from="/staff/employers")
    with app.app_context():
        member = db.session.get(EmployerMember, member_id)
        assert member.status == "approved" and member.employer.active
        assert member.establishment_request.status == "approved"
        assert db.session.scalar(select(AuditEvent.id).filter_by(
            action="establishment_request.approved"))
        assert db.session.scalar(select(OutboxMessage.id).where(
            OutboxMessage.subject.contains("approuvé")))
    # Now the draft publishes.
    post_form(client, f"/employer/postings/{posting_id}/status", {"action": "publish"},
              token_from=f"/employer/postings/{posting_id}")
    assert client.get(f"/jobs/{posting_id}").status_code == 200


def test_refusing_the_person_refuses_the_establishment(app, client):
    post_form(client, "/register/employer", {**GOOD, **CONTACT, **NEW})
    with app.app_context():
        member_id = db.session.scalar(select(EmployerMember.id))
        f.make_staff(email="agent@example.com")
        db.session.commit()
    staff = app.test_client()
    Login(staff).as_user("agent@example.com")
    post_form(staff, f"/staff/employers/{member_id}/rejected", {}, token_from="/staff/employers")
    with app.app_context():
        request = db.session.scalar(select(EstablishmentRequest))
        assert request.status == "refused" and not request.employer.active

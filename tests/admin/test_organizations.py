"""Admins keep agencies, establishments and sites: create, rename, merge, deactivate."""

from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from matcher.admin import organizations
from matcher.extensions import db
from matcher.models import Agency, AuditEvent, Candidate, Employer, EmployerMember, Posting, Site
from tests import factories as f
from tests.conftest import Login, post_form


@pytest.fixture
def admin(app, client):
    with app.app_context():
        f.make_staff(role="admin", email="admin@example.com")
        db.session.commit()
    Login(client).as_user("admin@example.com")
    return client


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_admin_creates_and_renames_an_agency_and_each_change_is_audited(app, admin):
    response = post_form(admin, "/admin/agencies", {"name": "Libre Emploi", "region_code": "03"})
    assert response.status_code == 302
    with app.app_context():
        agency = db.session.scalar(select(Agency).filter_by(name="Libre Emploi"))
        url = f"/admin/agencies/{agency.id}"
    post_form(admin, url, {"name": "Libre Emploi Québec", "region_code": "03"})
    with app.app_context():
        assert db.session.get(Agency, agency.id).name == "Libre Emploi Québec"
        assert actions()[-2:] == ["agency.created", "agency.updated"]


@pytest.mark.parametrize(("data", "field"), [
    ({"name": "", "region_code": "06"}, "name"),
    ({"name": "x" * 201, "region_code": "06"}, "name"),
    ({"name": "Nouvel organisme", "region_code": "99"}, "region_code"),
    ({"name": "CREMCV", "region_code": "06"}, "name"),  # taken
])
def test_bad_agency_input_is_a_field_error_and_changes_nothing(app, admin, data, field):
    with app.app_context():
        f.make_agency("CREMCV")
        db.session.commit()
        before = db.session.scalar(select(func.count(Agency.id)))
    response = post_form(admin, "/admin/agencies", data)
    assert response.status_code == 200
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Agency.id))) == before


@pytest.fixture
def duplicate(app):
    """Two records of one establishment: the duplicate has sites, a posting, HR and a permit."""
    with app.app_context():
        target = f.make_employer(name="CIUSSS du Centre-Sud (fictif)")
        dup = f.make_employer(name="CIUSSS Centre Sud (fictif)", sites=2)
        hr = f.make_employer_user(dup, email="rh@example.com")
        posting = f.make_posting(dup)
        candidate = f.make_candidate(permit_kind="employer_specific", permit_employer_id=dup.id)
        ids = SimpleNamespace(target=target.id, dup=dup.id, posting=posting.id,
                              candidate=candidate.id, hr=hr.id)
        db.session.commit()
    return ids


def test_merging_asks_first_then_moves_everything_and_deletes_the_duplicate(app, admin,
                                                                           duplicate):
    url = f"/admin/establishments/{duplicate.dup}/merge"
    asked = post_form(admin, url, {"target": duplicate.target},
                      token_from=f"/admin/establishments/{duplicate.dup}")
    html = asked.get_data(as_text=True)
    assert "Fusionner CIUSSS Centre Sud (fictif) avec CIUSSS du Centre-Sud (fictif)" in html
    assert "2 installations passent" in html and "1 offre passe" in html
    with app.app_context():
        assert db.session.get(Employer, duplicate.dup) is not None, "nothing before confirming"
    done = post_form(admin, url, {"target": duplicate.target, "confirmed": "yes"},
                     token_from=f"/admin/establishments/{duplicate.dup}")
    assert done.headers["Location"] == f"/admin/establishments/{duplicate.target}"
    with app.app_context():
        assert db.session.get(Employer, duplicate.dup) is None
        assert db.session.scalar(select(func.count(Site.id)).filter_by(
            employer_id=duplicate.target)) == 3
        assert db.session.get(Posting, duplicate.posting).employer_id == duplicate.target
        assert db.session.scalar(select(EmployerMember.employer_id).filter_by(
            user_id=duplicate.hr)) == duplicate.target
        assert db.session.get(Candidate, duplicate.candidate).permit_employer_id == \
            duplicate.target
        event = db.session.scalar(select(AuditEvent).filter_by(action="employer.merged"))
        assert event.subject_id == duplicate.target
        assert event.details == {"merged_id": duplicate.dup,
                                 "merged_name": "CIUSSS Centre Sud (fictif)",
                                 "sites": 2, "postings": 1, "members": 1}
    hr = app.test_client()
    Login(hr).as_user("rh@example.com")
    assert hr.get(f"/employer/postings/{duplicate.posting}").status_code == 200


def test_a_merge_that_fails_halfway_moves_nothing(app, admin, duplicate, monkeypatch):
    def fail(condition):
        raise organizations.OrganizationError({"target": "panne simulée"})

    monkeypatch.setattr(organizations, "_touch_postings", fail)  # after the moves
    post_form(admin, f"/admin/establishments/{duplicate.dup}/merge",
              {"target": duplicate.target, "confirmed": "yes"},
              token_from=f"/admin/establishments/{duplicate.dup}")
    with app.app_context():
        assert db.session.get(Employer, duplicate.dup) is not None
        assert db.session.get(Posting, duplicate.posting).employer_id == duplicate.dup
        assert db.session.scalar(select(func.count(Site.id)).filter_by(
            employer_id=duplicate.dup)) == 2
        assert "employer.merged" not in actions()


def test_an_establishment_cannot_merge_into_itself_or_an_unknown_one(app, admin, duplicate):
    for target in (duplicate.dup, 999999, "abc"):
        response = post_form(admin, f"/admin/establishments/{duplicate.dup}/merge",
                             {"target": target, "confirmed": "yes"},
                             token_from=f"/admin/establishments/{duplicate.dup}")
        assert response.status_code in (302, 404), target
    with app.app_context():
        assert db.session.get(Employer, duplicate.dup) is not None


def test_deactivating_an_establishment_is_confirmed_and_refused_while_postings_are_open(
        app, admin, duplicate):
    url = f"/admin/establishments/{duplicate.dup}/deactivate"
    page = f"/admin/establishments/{duplicate.dup}"
    assert "Désactiver l’établissement" in post_form(admin, url, {}, token_from=page).get_data(
        as_text=True)
    post_form(admin, url, {"confirmed": "yes"}, token_from=page)
    with app.app_context():
        assert db.session.get(Employer, duplicate.dup).active, "an open posting remains"
        db.session.get(Posting, duplicate.posting).status = "closed"
        db.session.commit()
    post_form(admin, url, {"confirmed": "yes"}, token_from=page)
    with app.app_context():
        assert db.session.get(Employer, duplicate.dup).active is False
        assert actions()[-1] == "employer.deactivated"
    assert "CIUSSS Centre Sud" not in admin.get("/register/employer").get_data(as_text=True)
    hr = app.test_client()
    Login(hr).as_user("rh@example.com")
    assert hr.get("/employer/postings/new").status_code == 403


def test_sites_are_added_renamed_and_deactivated(app, admin, duplicate):
    page = f"/admin/establishments/{duplicate.target}"
    post_form(admin, f"{page}/sites", {"name": "CHSLD Saint-Henri", "city": "Montréal",
                                       "region_code": "06"}, token_from=page)
    post_form(admin, f"{page}/sites", {"name": "", "city": "", "region_code": "99"},
              token_from=page)
    with app.app_context():
        site = db.session.scalar(select(Site).filter_by(name="CHSLD Saint-Henri"))
        assert db.session.scalar(select(func.count(Site.id)).filter_by(
            employer_id=duplicate.target)) == 2, "the bad one was not added"
    post_form(admin, f"/admin/sites/{site.id}", {"name": "CHSLD Saint-Henri (pavillon B)",
                                                  "city": "Montréal", "region_code": "06"})
    post_form(admin, f"/admin/sites/{site.id}/deactivate", {"confirmed": "yes"},
              token_from=f"/admin/sites/{site.id}")
    with app.app_context():
        site = db.session.get(Site, site.id)
        assert (site.name, site.active) == ("CHSLD Saint-Henri (pavillon B)", False)
        assert actions()[-3:] == ["site.created", "site.updated", "site.deactivated"]


def test_staff_are_attached_to_an_active_agency_and_it_is_audited(app, admin):
    with app.app_context():
        staff = f.make_staff(email="agent@example.com")
        other = f.make_agency("Libre Emploi")
        closed = f.make_agency("Ancien organisme")
        closed.active = False
        ids = SimpleNamespace(staff=staff.id, other=other.id, closed=closed.id)
        db.session.commit()
    page = f"/admin/users/{ids.staff}"
    html = admin.get(page).get_data(as_text=True)
    assert "Libre Emploi" in html and "Ancien organisme" not in html
    post_form(admin, f"{page}/agency", {"agency": ids.other}, token_from=page)
    post_form(admin, f"{page}/agency", {"agency": ids.closed}, token_from=page)
    with app.app_context():
        from matcher.models import User
        assert db.session.get(User, ids.staff).agency_id == ids.other
        assert actions()[-1] == "user.agency_changed"


def test_user_searches_are_posted_and_never_in_the_url(app, admin):
    with app.app_context():
        f.make_candidate(f.make_user(email="wilson@example.com"), first_name="Wilson")
        db.session.commit()
    response = post_form(admin, "/admin/users", {"q": "Wilson"})
    assert response.status_code == 302 and "ilson" not in response.headers["Location"]
    html = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert ">wilson@example.com</a>" in html and ">admin@example.com</a>" not in html
    html = admin.get("/admin/users?q=wilson").get_data(as_text=True)
    assert ">admin@example.com</a>" in html, "a search in the URL is not read"

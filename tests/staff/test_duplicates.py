"""Likely duplicate files: flagged by email, phone or close names; dismissed or merged."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from matcher import policy
from matcher.extensions import db
from matcher.models import (
    ActionPlan,
    Application,
    AuditEvent,
    Candidate,
    CaseNote,
    Consent,
    DuplicateDismissal,
    Hire,
    PlanAction,
    User,
)
from matcher.staff import duplicates, merge
from tests import factories as f
from tests.candidates.conftest import TODAY
from tests.conftest import Login, post_form

ARRIVAL = date(2025, 11, 2)


@pytest.fixture(autouse=True)
def fixed_today(freeze_clock):
    freeze_clock(TODAY)


def person(agency, email, first, last, phone="", city="", arrival=None, **fields):
    user = f.make_user("candidate", email=email)
    return f.make_candidate(user, agency=agency, first_name=first, last_name=last,
                            phone=phone, city=city, arrival_date=arrival, **fields)


@pytest.fixture
def world(app):
    """A family sharing a phone, one person registered twice, and strangers."""
    with app.app_context():
        agency, other = f.make_agency("Agence A"), f.make_agency("Agence B")
        staff = f.make_staff(agency, email="agent@example.com")
        ids = {
            "staff": staff.id,
            # The same person twice: a Gmail address with dots and a +tag, close names.
            "kept": person(agency, "marie.joseph@gmail.com", "Marie", "Joseph",
                           "514 555-0101", "Montréal", ARRIVAL).id,
            "away": person(agency, "mariejoseph+emploi@gmail.com", "Marie", "Josef",
                           "", "Laval", None).id,
            # A mother and her son: one phone, two people.
            "mother": person(agency, "nadia@example.com", "Nadia", "Haddad",
                             "+1 (418) 555-0199", "Québec").id,
            "son": person(agency, "karim@example.com", "Karim", "Haddad",
                          "418-555-0199", "Québec").id,
            # Namesakes arrived the same day.
            "same_day_a": person(agency, "jean1@example.com", "Jean-Pierre", "Dupuis",
                                 "", "", ARRIVAL + timedelta(days=30)).id,
            "same_day_b": person(agency, "jean2@example.com", "Jean Pierre", "Dupuis",
                                 "", "", ARRIVAL + timedelta(days=30)).id,
            "stranger": person(agency, "ana@example.com", "Ana", "Silva", "514-555-0000",
                               "Montréal").id,
            "elsewhere": person(other, "m.joseph@gmail.com", "Marie", "Joseph",
                                "514 555-0101", "Montréal", ARRIVAL).id,
        }
        db.session.commit()
        return ids


def pairs_in_scope(app, world):
    with app.app_context():
        staff = db.session.get(User, world["staff"])
        return {(p.first, p.second): p.reasons
                for p in duplicates.find_pairs(policy.candidates_for_staff(staff))}


def test_normalizing_emails_and_phones():
    assert duplicates.normalize_email(" Marie.Joseph+job@GoogleMail.com ") == (
        "mariejoseph@gmail.com")
    assert duplicates.normalize_email("a.b@example.com") == "a.b@example.com"
    assert duplicates.normalize_phone("+1 (514) 555-0101") == "5145550101"
    assert duplicates.normalize_phone("555") == ""


def test_pairs_are_flagged_by_email_phone_and_close_names_within_the_staff_scope(app, world):
    pairs = pairs_in_scope(app, world)
    assert pairs == {
        (world["kept"], world["away"]): ("email",),
        (world["mother"], world["son"]): ("phone",),
        (world["same_day_a"], world["same_day_b"]): ("name_arrival",),
    }  # another agency's file (same email and phone) is not in this officer's scope


def test_a_family_sharing_a_phone_is_flagged_for_review_never_merged_by_itself(app, world):
    with app.app_context():
        pair = next(p for p in duplicates.find_pairs(select(Candidate))
                    if {p.first, p.second} == {world["mother"], world["son"]})
        assert pair.phone_only
        assert db.session.get(Candidate, world["son"]).user.active  # nothing happened


def test_a_dismissed_pair_is_remembered_audited_and_not_flagged_again(client, app, world):
    Login(client).as_user("agent@example.com")
    assert "Karim Haddad" in client.get("/staff/duplicates").get_data(as_text=True)
    response = post_form(client, "/staff/duplicates/dismiss",
                         {"first": world["son"], "second": world["mother"]},
                         token_from="/staff/duplicates")
    assert response.status_code == 302
    assert "Karim Haddad" not in client.get("/staff/duplicates").get_data(as_text=True)
    assert (world["mother"], world["son"]) not in pairs_in_scope(app, world)
    with app.app_context():
        row = db.session.scalars(select(DuplicateDismissal)).one()
        assert (row.first_id, row.second_id) == (world["mother"], world["son"])
        assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "candidate.duplicate_dismissed")) == 1


def test_staff_cannot_dismiss_or_merge_files_of_another_agency(client, app, world):
    Login(client).as_user("agent@example.com")
    for url in ("/staff/duplicates/dismiss", "/staff/duplicates/merge"):
        response = post_form(client, url, {"first": world["kept"], "second": world["elsewhere"],
                                           "keep": world["kept"]},
                             token_from="/staff/duplicates")
        assert response.status_code == 404
    with app.app_context():
        assert db.session.get(Candidate, world["elsewhere"]).user.active


def _history(app, world):
    """Give both files of Marie applications, a hire, plans, notes and consents."""
    with app.app_context():
        kept, away = (db.session.get(Candidate, world[k]) for k in ("kept", "away"))
        staff = db.session.get(User, world["staff"])
        shared, other, third = f.make_posting(), f.make_posting(), f.make_posting()
        f.make_application(kept, shared, status="applied")
        won = f.make_application(away, shared, status="interview")
        f.make_application(away, other, status="applied")
        hired = f.make_application(away, third, status="hired")
        db.session.add(Hire(application_id=hired.id, person_id=away.id,
                            posting_id=third.id, start_on=TODAY - timedelta(days=20)))
        db.session.add(ActionPlan(candidate_id=kept.id, status="new"))
        plan = ActionPlan(candidate_id=away.id, status="plan", first_meeting_on=ARRIVAL,
                          first_meeting_mode="phone")
        plan.actions.append(PlanAction(step="arrival", kind="sin", status="to_do"))
        db.session.add(plan)
        db.session.add(CaseNote(candidate_id=away.id, author_id=staff.id,
                                agency_id=staff.agency_id, text="Rencontre au bureau."))
        db.session.add(Consent(user_id=away.user_id, purpose="matching",
                               policy_version="2026-01"))
        db.session.commit()
        return {"won": won.id, "hire_application": hired.id}


def test_a_merge_moves_the_whole_story_to_the_kept_file_and_deactivates_the_other(
        client, app, world):
    made = _history(app, world)
    Login(client).as_user("agent@example.com")
    response = post_form(client, "/staff/duplicates/merge",
                         {"first": world["kept"], "second": world["away"],
                          "keep": world["kept"]}, token_from="/staff/duplicates")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/staff/candidates/{world['kept']}")
    with app.app_context():
        kept, away = (db.session.get(Candidate, world[k]) for k in ("kept", "away"))
        assert not away.user.active and not away.matching_opt_in
        assert away.experiences == [] and len(kept.experiences) == 2
        statuses = dict(db.session.execute(select(Application.id, Application.status).where(
            Application.candidate_id == kept.id)).all())
        # Of two applications to one posting the furthest (the interview) is kept.
        assert made["won"] in statuses and len(statuses) == 3
        assert db.session.scalars(select(Application).where(
            Application.candidate_id == away.id)).one().status == "withdrawn"
        # The hire now counts for the kept file: the person counts once.
        assert db.session.scalars(select(Hire.person_id)).all() == [kept.id]
        plan = db.session.scalars(select(ActionPlan)).one()
        assert plan.candidate_id == kept.id and plan.first_meeting_on == ARRIVAL
        assert [a.kind for a in plan.actions] == ["sin"] and plan.status == "plan"
        assert db.session.scalars(select(CaseNote.candidate_id)).all() == [kept.id]
        assert db.session.scalars(select(Consent.user_id)).all() == [kept.user_id]
        assert kept.matching_opt_in
        event = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "candidate.merged")).one()
        assert event.subject_id == kept.id and event.details["merged_id"] == away.id
        assert event.details["hires"] == 1 and event.details["notes"] == 1
    assert (world["kept"], world["away"]) not in pairs_in_scope(app, world)


def test_two_files_each_employed_now_are_not_merged_and_nothing_changes(client, app, world):
    with app.app_context():
        for key in ("kept", "away"):
            candidate = db.session.get(Candidate, world[key])
            application = f.make_application(candidate, f.make_posting(), status="hired")
            db.session.add(Hire(application_id=application.id, person_id=candidate.id,
                                posting_id=application.posting_id,
                                start_on=TODAY - timedelta(days=10)))
        db.session.commit()
    Login(client).as_user("agent@example.com")
    response = post_form(client, "/staff/duplicates/merge",
                         {"first": world["kept"], "second": world["away"],
                          "keep": world["away"]}, token_from="/staff/duplicates",
                         follow_redirects=True)
    assert "Les deux dossiers occupent un emploi" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Candidate, world["kept"]).user.active
        assert sorted(db.session.scalars(select(Hire.person_id))) == sorted(
            [world["kept"], world["away"]])


def test_a_merge_failing_midway_leaves_both_files_as_they_were(client, app, world,
                                                               monkeypatch):
    _history(app, world)

    def broken(*args):
        raise duplicates.DuplicateError("inactive")

    monkeypatch.setattr(merge, "_move_consents", broken)  # after applications and hires
    Login(client).as_user("agent@example.com")
    post_form(client, "/staff/duplicates/merge", {"first": world["kept"],
              "second": world["away"], "keep": world["kept"]}, token_from="/staff/duplicates")
    with app.app_context():
        away = db.session.get(Candidate, world["away"])
        assert away.user.active and len(away.experiences) == 1
        assert db.session.scalars(select(Hire.person_id)).all() == [away.id]
        assert db.session.scalar(select(func.count()).select_from(Application).where(
            Application.candidate_id == away.id)) == 3
        assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action.like("candidate.merged%"))) == 0


def test_a_merge_without_a_file_chosen_is_refused(client, app, world):
    Login(client).as_user("agent@example.com")
    response = post_form(client, "/staff/duplicates/merge",
                         {"first": world["kept"], "second": world["away"], "keep": ""},
                         token_from="/staff/duplicates", follow_redirects=True)
    assert "Choisissez le dossier à garder" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Candidate, world["away"]).user.active


def test_the_profile_page_points_to_a_possible_duplicate(client, app, world):
    Login(client).as_user("agent@example.com")
    html = client.get(f"/staff/candidates/{world['away']}").get_data(as_text=True)
    assert "Ce dossier ressemble à 1 autre dossier" in html
    html = client.get(f"/staff/candidates/{world['stranger']}").get_data(as_text=True)
    assert "ressemble à" not in html


def test_registering_again_under_a_variant_of_the_address_is_flagged(client, app, world):
    response = post_form(client, "/register/candidate", {
        "email": "Marie.Joseph+2@GMAIL.com", "password": "une phrase facile",
        "confirm": "une phrase facile", "accept": "y"})
    assert response.status_code == 302
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "candidate.duplicate_suspected")).all()
        assert len(event) == 2  # both files of Marie already there
        assert {e.details["reasons"][0] for e in event} == {"email"}


def test_an_import_says_how_many_new_files_look_like_files_already_here(
        app, world, runner, tmp_path):
    import json
    line = {"external_id": "X-1", "email": "nadia.h@example.org", "first_name": "Nadia",
            "last_name": "Hadad", "phone": "418 555 0199", "city": "Québec"}
    path = tmp_path / "people.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    result = runner.invoke(args=["import", "candidates", str(path), "--agency", "Agence A"])
    assert result.exit_code == 0, result.output
    assert "1 of them look like files already here" in result.output


def test_a_profile_finds_a_namesake_in_its_city_without_reading_every_file(app, world):
    with app.app_context():
        agency = db.session.get(User, world["staff"]).agency
        first = person(agency, "jt@example.com", "Jean", "Tremblay", "", "Laval")
        second = person(agency, "tremblay.j@example.net", "Jean", "Tremblai", "", "laval")
        person(agency, "other@example.net", "Luc", "Gagnon", "", "Laval")
        found = duplicates.pairs_with(first, select(Candidate))
        assert [(p.first, p.second, p.reasons) for p in found] == [
            (first.id, second.id, ("name_city",))]

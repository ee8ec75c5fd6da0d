"""Text arrives in Unicode form NFC wherever it comes from: forms and JSON Lines imports.

"é" typed as "e" + a combining accent (NFD) looks the same but compares differently: an
email stored one way would not be found when typed the other way.
"""

import json
import unicodedata
from datetime import timedelta

from sqlalchemy import select

from matcher.extensions import db
from matcher.models import Candidate, Posting, User
from tests import factories as f
from tests.conftest import Login, post_form
from tests.postings.helpers import TODAY

PASSWORD = "une phrase facile"


def nfd(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text  # the test means something only if the forms differ
    return decomposed


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def test_registration_stores_an_nfd_email_as_nfc_and_login_finds_it_either_way(app, client):
    response = post_form(client, "/register/candidate", {
        "email": nfd("Hélène@Exemple.ca"), "password": PASSWORD, "confirm": PASSWORD,
        "accept": "y"})
    assert response.status_code == 302
    with app.app_context():
        (email,) = db.session.scalars(select(User.email)).all()
    assert email == nfc("hélène@exemple.ca")
    for typed in (nfd("hélène@exemple.ca"), nfc("HÉLÈNE@exemple.ca")):
        fresh = app.test_client()
        Login(fresh).as_user(typed, PASSWORD)


def test_profile_text_typed_in_nfd_is_stored_in_nfc(app, client):
    with app.app_context():
        user = f.make_user("candidate")
        db.session.add(Candidate(user=user))
        email = user.email
        db.session.commit()
    Login(client).as_user(email)
    response = post_form(client, "/profile/about", {
        "first_name": nfd("Hélène"), "last_name": nfd("Côté-Lefèvre"), "phone": "514 555-0199",
        "city": nfd("Trois-Rivières")})
    assert response.status_code == 302
    with app.app_context():
        candidate = db.session.scalar(select(Candidate))
        assert (candidate.first_name, candidate.last_name, candidate.city) == (
            nfc("Hélène"), nfc("Côté-Lefèvre"), nfc("Trois-Rivières"))


def test_candidate_import_stores_nfd_text_as_nfc(app, runner, tmp_path):
    with app.app_context():
        f.make_agency("CRÉMCV")
        db.session.commit()
    line = {"external_id": nfd("CR-É1"), "email": nfd("éloïse@exemple.ca"),
            "first_name": nfd("Éloïse"), "last_name": nfd("Bélanger"),
            "city": nfd("Lévis"), "permit_kind": "pending"}
    path = tmp_path / "candidates.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    result = runner.invoke(args=["import", "candidates", str(path), "--agency", "CRÉMCV"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        candidate = db.session.scalar(select(Candidate))
        assert candidate.user.email == nfc("éloïse@exemple.ca")
        assert (candidate.external_id, candidate.first_name, candidate.last_name,
                candidate.city) == (nfc("CR-É1"), nfc("Éloïse"), nfc("Bélanger"), nfc("Lévis"))


def test_posting_import_stores_nfd_text_as_nfc(app, runner, tmp_path, freeze_clock):
    freeze_clock(TODAY)
    line = {
        "external_id": nfd("RH-É1"), "title": nfd("Préposé·e aux bénéficiaires"),
        "description": nfd("Soins de nuit en CHSLD, équipe stable."), "noc_code": "33102",
        "site_name": nfd("CHSLD Saint-Éloi"), "site_city": nfd("Montréal"),
        "shifts": ["night"], "employment_type": "full_time", "hours_per_week": 37.5,
        "hourly_wage": 22.10, "openings": 2,
        "start_date": (TODAY + timedelta(days=40)).isoformat(),
        "closes_on": (TODAY + timedelta(days=20)).isoformat(),
    }
    path = tmp_path / "postings.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    result = runner.invoke(args=["import", "postings", str(path), "--establishment",
                                 "CIUSSS du Centre-Sud-de-l'Île-de-Montréal"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        posting = db.session.scalar(select(Posting))
        assert (posting.external_id, posting.title, posting.description) == (
            nfc("RH-É1"), nfc("Préposé·e aux bénéficiaires"),
            nfc("Soins de nuit en CHSLD, équipe stable."))
        assert (posting.site.name, posting.site.city) == (nfc("CHSLD Saint-Éloi"),
                                                          nfc("Montréal"))

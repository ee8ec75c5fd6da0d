"""The employer's home: each posting with its status, openings and applications."""

import html as html_lib
import re

from matcher.extensions import db
from matcher.models import Application, Employer
from tests import factories as f
from tests.conftest import Login


def rows_of(html: str) -> list[str]:
    """Return the text of each row of the postings table."""
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split())
            for row in body.split("</tr>") if "<td" in row]


def test_the_home_lists_status_openings_filled_and_applications(app, hr):
    with app.app_context():
        employer = db.session.get(Employer, hr.employer_id)
        busy = f.make_posting(employer, title="Préposé – jour", openings=3, filled=1)
        f.make_posting(employer, title="Cuisinier – brouillon", status="draft", openings=1)
        for status in ("applied", "interview", "invited", "declined"):
            db.session.add(Application(candidate=f.make_candidate(), posting=busy,
                                       status=status, source="candidate"))
        db.session.commit()
    html = hr.client.get("/employer").get_data(as_text=True)
    assert "CHSLD des Tests (fictif)" in html
    open_row, draft_row = rows_of(html)
    assert open_row.startswith("Préposé – jour") and "Ouvert" in open_row
    assert "1 / 3" in open_row
    assert " 2 " in f" {open_row} ", "invitations not accepted are not applications"
    assert draft_row.startswith("Cuisinier – brouillon") and "Brouillon" in draft_row
    assert "0 / 1" in draft_row


def test_the_home_counts_eligible_opted_in_candidates_per_open_posting(app, hr):
    with app.app_context():
        posting = f.make_posting(db.session.get(Employer, hr.employer_id))
        f.make_candidate()
        f.make_candidate()
        f.make_candidate(matching_opt_in=False)
        f.make_candidate(french_oral_production=4)
        db.session.commit()
        link = f'href="/employer/postings/{posting.id}/candidates">2<'
    html = hr.client.get("/employer").get_data(as_text=True)
    assert "Candidats admissibles" in html
    assert link in html


def test_an_establishment_without_postings_is_invited_to_post(app, hr):
    html = hr.client.get("/employer").get_data(as_text=True)
    assert "Nouvelle offre" in html and "<table" not in html


def test_pending_and_rejected_accounts_are_told_where_they_stand(app):
    with app.app_context():
        employer = f.make_employer(name="CHSLD En Attente (fictif)")
        f.make_posting(employer, title="Poste secret de l’établissement")
        pending = f.make_employer_user(employer, status="pending").email
        rejected = f.make_employer_user(employer, status="rejected").email
        db.session.commit()
    for email, message in ((pending, "attend l’approbation"), (rejected, "pas approuvé")):
        client = app.test_client()
        Login(client).as_user(email)
        response = client.get("/employer")
        html = html_lib.unescape(response.get_data(as_text=True))
        assert response.status_code == 200
        assert message in html and "CHSLD En Attente (fictif)" in html
        assert "Poste secret" not in html
        # A pending HR user may prepare drafts (published once approved); a rejected one not.
        assert ('href="/employer/postings/new"' in html) == (email == pending)


def test_postings_needing_attention_come_first_with_their_reasons(app, hr, freeze_clock):
    from datetime import date, timedelta

    freeze_clock(date(2026, 6, 1))
    with app.app_context():
        employer = db.session.get(Employer, hr.employer_id)
        busy = f.make_posting(employer, title="Préposé – nuit", openings=3, filled=1,
                              closes_on=date(2026, 6, 5))
        f.make_posting(employer, title="Cuisinier – calme",
                       closes_on=date(2026, 6, 1) + timedelta(days=30))
        for status in ("applied", "applied", "interview"):
            db.session.add(Application(candidate=f.make_candidate(), posting=busy,
                                       status=status, source="candidate"))
        db.session.commit()
    html = hr.client.get("/employer").get_data(as_text=True)
    attention = html.split("À traiter")[1].split("Toutes les offres")[0]
    assert "Préposé – nuit" in attention and "Cuisinier – calme" not in attention
    assert "2 nouvelles candidatures à examiner" in attention
    assert "1 personne à l’étape de l’entrevue" in attention
    assert "Se termine le 5 juin 2026" in attention and "2 postes à pourvoir" in attention
    assert "personnes admissibles" in attention or "personne admissible" in attention


def test_a_pending_account_without_a_phone_is_not_told_it_is_called_at_a_dash(app):
    with app.app_context():
        employer = f.make_employer(name="CHSLD Sans Téléphone (fictif)")
        member = f.make_employer_user(employer, status="pending")
        member.membership.phone = None
        email = member.email
        db.session.commit()
    client = app.test_client()
    Login(client).as_user(email)
    html = html_lib.unescape(client.get("/employer").get_data(as_text=True))
    assert "au —" not in html and "at —" not in html
    assert "communique avec vous pour confirmer" in html

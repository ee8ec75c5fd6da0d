"""The dashboard pages: who may see them, what they show, filters, exports, settings."""

from datetime import date

import pytest
from sqlalchemy import select

from matcher.extensions import db
from matcher.models import Agency, AuditEvent, Hire, ProgramSettings
from tests import factories as f
from tests.conftest import Login, post_form


def page(client, url="/staff/dashboard"):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["candidate", "employer"])
def test_candidates_and_employers_may_not_see_the_dashboard(app, client, role):
    with app.app_context():
        user = f.make_employer_user() if role == "employer" else f.make_user("candidate")
        email = user.email
        db.session.commit()
    Login(client).as_user(email)
    for url in ("/staff/dashboard", "/staff/dashboard/funnel.csv", "/admin/program"):
        assert client.get(url).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get("/staff/dashboard")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_staff_see_the_figures_in_french_with_a_described_chart(client, program):
    Login(client).as_user("agent@example.com")
    html = page(client)
    assert "Tableau de bord du programme" in html
    assert 'role="img"' in html and "<title id=\"progress-chart-title\">" in html
    # The text alternative states the key figures in words, formatted the French way.
    assert ("8 personnes étaient en poste au 30 septembre 2024\u00a0: 2,2\u00a0% de la cible "
            "de 366.") in html
    assert "Au rythme régulier vers la cible, 273 personnes seraient en poste" in html
    assert ("Au cours des 90 derniers jours, 1 personne est entrée en poste, soit environ 0,3 "
            "par mois.") in html
    assert "le programme atteindrait 9 embauches au 1er janvier 2025" in html
    assert "il faudrait désormais 117 embauches par mois" in html
    assert "septembre 2024" in html and "Toujours en poste" in html
    assert "et 1 entrée en poste à venir, pas encore comptée" in html
    # Admins only may change the settings.
    assert "/admin/program" not in html


def test_staff_see_the_figures_in_english(client, program):
    Login(client).as_user("staff-en@example.com")
    html = page(client)
    assert "8 people had started work by September 30, 2024: 2.2% of the target of 366." in html
    assert "At that pace, the program would reach 9 hires by January 1, 2025" in html
    assert "85.7%" in html and "60%" in html  # retention at 90 and 180 days
    assert "Eligible for at least one open posting" in html


def test_filters_narrow_the_detail_tables_and_keep_the_progress_whole(client, program):
    Login(client).as_user("staff-en@example.com")
    html = page(client, "/staff/dashboard?start=2024-03-01&end=2024-05-31&region=03&agency=")
    assert "Hires that started from March 1, 2024 to May 31, 2024" in html
    assert "8 people had started work by September 30, 2024" in html  # whole program
    assert ('href="/staff/dashboard/region.csv?format=excel_fr&amp;start=2024-03-01'
            '&amp;end=2024-05-31&amp;region=03"') in html


@pytest.mark.parametrize("query, field, message", [
    ("start=2024-13-45", "start", "date"),
    ("start=2024-06-01&end=2024-05-01", "end", "La fin de la période précède son début."),
    ("region=99", "region", ""),
    ("agency=abc", "agency", ""),
    ("start=1024-01-01", "start", "1900"),
])
def test_bad_filters_are_field_errors_and_the_page_still_shows(client, program, query, field,
                                                                message):
    Login(client).as_user("agent@example.com")
    html = page(client, f"/staff/dashboard?{query}")
    assert f'id="{field}-error"' in html
    assert message in html
    assert "Embauches ayant débuté du 1er janvier 2024 au 30 septembre 2024" in html
    assert client.get(f"/staff/dashboard/region.csv?{query}").status_code == 400


def test_nul_bytes_in_filters_are_refused(client, program):
    Login(client).as_user("agent@example.com")
    assert client.get("/staff/dashboard?region=0%006").status_code == 400


def test_each_table_downloads_as_csv_with_the_filters(client, program):
    Login(client).as_user("staff-en@example.com")
    response = client.get("/staff/dashboard/region.csv?region=03")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="passerelle-region-2024-09-30.csv"')
    text = response.get_data(as_text=True)
    assert text == ("\ufeffRegion,People hired,Share of people hired (%)\r\n"
                    "03 – Capitale-Nationale,4,100.0\r\n")
    months = client.get("/staff/dashboard/months.csv").get_data(as_text=True).splitlines()
    assert months[1] == "2024-01,2,2,30" and months[-1] == "2024-09,1,8,273"
    retention = client.get("/staff/dashboard/retention.csv").get_data(as_text=True).splitlines()
    assert retention[1:] == ["90 days,7,6,85.7", "180 days,5,3,60.0", "365 days,0,0,"]
    for table in ("role_family", "noc", "establishment", "agency", "funnel"):
        assert client.get(f"/staff/dashboard/{table}.csv").status_code == 200
    assert client.get("/staff/dashboard/users.csv").status_code == 404


def test_csv_export_neutralizes_formulas_in_names(app, client, program):
    with app.app_context():
        evil = db.session.get(Agency, program["sud"])
        evil.name = '=HYPERLINK("http://evil.example","x")'
        db.session.commit()
        assert db.session.scalar(select(Hire.id).where(Hire.agency_id == evil.id))
    Login(client).as_user("staff-en@example.com")
    text = client.get("/staff/dashboard/agency.csv").get_data(as_text=True)
    assert '"\'=HYPERLINK(""http://evil.example"",""x"")",' in text
    assert "\n=" not in text


def test_admin_changes_the_program_settings_and_it_is_audited(app, client, program):
    Login(client).as_user("admin@example.com")
    assert "/admin/program" in page(client)
    response = post_form(client, "/admin/program", {
        "target_hires": "1200", "starts_on": "2024-01-01", "ends_on": "2026-12-31"})
    assert response.status_code == 302
    with app.app_context():
        settings = db.session.get(ProgramSettings, 1)
        assert (settings.target_hires, settings.ends_on) == (1200, date(2026, 12, 31))
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "program.settings_changed"))
        assert event.subject_type == "ProgramSettings" and event.subject_id == 1
        assert event.details["before"]["target_hires"] == 366
        assert event.details["after"] == {"target_hires": 1200, "starts_on": "2024-01-01",
                                          "ends_on": "2026-12-31"}
    assert "1\u00a0200 embauches du 1er janvier 2024 au 31 décembre 2026" in page(client)


@pytest.mark.parametrize("data, field", [
    ({"target_hires": "0"}, "target_hires"),
    ({"target_hires": "abc"}, "target_hires"),
    ({"target_hires": "99999999999"}, "target_hires"),
    ({"ends_on": "2023-12-31"}, "ends_on"),
    ({"starts_on": "2024-02-30"}, "starts_on"),
    ({"starts_on": "20255-01-01"}, "starts_on"),
    ({"target_hires": "15\x0000"}, "target_hires"),
])
def test_bad_settings_are_field_errors_and_change_nothing(app, client, program, data, field):
    Login(client).as_user("admin@example.com")
    values = {"target_hires": "1500", "starts_on": "2024-01-01", "ends_on": "2025-01-01"}
    response = post_form(client, "/admin/program", {**values, **data})
    assert response.status_code == 200
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(ProgramSettings, 1).target_hires == 366
        assert db.session.scalar(select(AuditEvent.id).where(
            AuditEvent.action == "program.settings_changed")) is None


def test_staff_may_not_change_the_settings(client, program):
    Login(client).as_user("agent@example.com")
    assert client.get("/admin/program").status_code == 403
    assert client.post("/admin/program", data={"target_hires": "1"}).status_code in (400, 403)



def test_csv_comes_as_excel_in_french_or_as_standard_csv(client, program):
    Login(client).as_user("agent@example.com")
    html = page(client)
    assert "Excel (français)" in html and "CSV standard" in html
    assert "/staff/dashboard/region.csv?format=excel_fr" in html
    excel = client.get("/staff/dashboard/region.csv?format=excel_fr&region=03")
    assert excel.get_data(as_text=True) == (
        "\ufeffRégion;Personnes embauchées;Part des personnes embauchées (%)\r\n"
        "03 – Capitale-Nationale;4;100,0\r\n")
    standard = client.get("/staff/dashboard/region.csv?format=standard&region=03")
    assert standard.get_data(as_text=True).endswith("03 – Capitale-Nationale,4,100.0\r\n")
    assert client.get("/staff/dashboard/region.csv?region=03").get_data() == excel.get_data(), \
        "French pages offer Excel in French first"
    assert client.get("/staff/dashboard/region.csv?format=xlsx").status_code == 200

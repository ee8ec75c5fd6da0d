"""The experience step: jobs, occupation suggestions (with and without JS), months counted."""

from datetime import date

import pytest
from sqlalchemy import select

from matcher.extensions import db
from matcher.models import Candidate, Experience, User
from tests import factories as f
from tests.conftest import Login, post_form

JOB = {
    "title": "Préposée aux bénéficiaires", "noc_code": "33102", "employer_name": "CHSLD Bon Air",
    "country": "Haïti", "start_on": "2020-01-01", "end_on": "2021-12-31",
    "hours_per_week": "37,5", "description": "Soins d’hygiène, repas.", "action": "save",
}


def jobs(app, email: str) -> list[Experience]:
    with app.app_context():
        rows = db.session.scalars(
            select(Experience).join(Candidate).join(User, Candidate.user_id == User.id)
            .where(User.email == email).order_by(Experience.start_on)).all()
        db.session.expunge_all()
        return rows


def test_a_job_is_saved_with_its_occupation(candidate_client, app, candidate_user):
    response = post_form(candidate_client, "/profile/experience/new", JOB)
    assert response.status_code == 302 and response.headers["Location"].endswith("/experience")
    (job,) = jobs(app, candidate_user)
    assert (job.noc_code, job.end_on, float(job.hours_per_week)) == ("33102", date(2021, 12, 31),
                                                                   37.5)
    html = candidate_client.get("/profile/experience").get_data(as_text=True)
    assert "Préposée aux bénéficiaires" in html
    assert "Mois d’expérience par profession" in html


@pytest.mark.parametrize("title", ["PAB", "prepose aux beneficiaires", "Préposé aux bénéficiaires",
                                   "nurse aide", "Aide-soignante"])
def test_titles_suggest_the_patient_care_occupation_without_js(candidate_client, title):
    response = post_form(candidate_client, "/profile/experience/new",
                         {"title": title, "action": "suggest"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'type="radio" value="33102"' in html
    assert "(CNP 33102)" in html
    assert 'value="none"' in html and "Aucune de celles-ci\u00a0: je décris l’emploi" in html
    assert 'class="field-error"' not in html, "asking for suggestions is not an error"


@pytest.mark.parametrize(("title", "code", "label"), [
    ("cuidadora de ancianos", "33102", "Préposés aux bénéficiaires, aides-soignants et "
                                       "aides-infirmiers (CNP 33102)"),
    ("kizinyè", "63200", "Cuisiniers (CNP 63200)"),
    ("faxineira", "65310", "Préposés à l’entretien ménager (CNP 65310)"),
])
def test_titles_in_the_persons_language_get_short_labels(candidate_client, title, code, label):
    data = candidate_client.get("/profile/occupations", query_string={"q": title}).get_json()
    assert data["suggestions"][0] == {"code": code, "label": label}


def test_a_title_with_no_sure_occupation_offers_to_describe_it(candidate_client):
    response = post_form(candidate_client, "/profile/experience/new",
                         {"title": "blablabla", "action": "suggest"})
    html = response.get_data(as_text=True)
    assert html.count('name="noc_code"') == 1  # only the "describe it" answer
    assert "Aucune profession trouvée\u00a0: je décris l’emploi dans mes mots" in html


def test_saving_without_choosing_asks_to_pick_an_occupation_or_none(candidate_client, app,
                                                                   candidate_user):
    data = {key: value for key, value in JOB.items() if key != "noc_code"}
    response = post_form(candidate_client, "/profile/experience/new", data)
    html = response.get_data(as_text=True)
    assert 'id="noc_code-error"' in html and "Aucune de celles-ci" in html
    assert jobs(app, candidate_user) == []
    response = post_form(candidate_client, "/profile/experience/new", {**data, "noc_code": "none"})
    assert response.status_code == 302
    assert jobs(app, candidate_user)[0].noc_code is None


def test_the_json_endpoint_suggests_as_the_title_is_typed(candidate_client):
    data = candidate_client.get("/profile/occupations?q=aide%20de%20cuisine").get_json()
    assert data["suggestions"][0]["code"] == "65201"
    assert "(CNP 65201)" in data["suggestions"][0]["label"]
    assert candidate_client.get("/profile/occupations?q=").get_json() == {"suggestions": []}
    assert candidate_client.get("/profile/occupations?q=" + "x" * 5000).status_code == 200


def test_the_json_endpoint_is_for_candidates_only(client, app):
    assert "/login" in client.get("/profile/occupations?q=PAB").headers["Location"]


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"end_on": "2019-12-31"}, "end_on", "avant la date de début"),
    ({"end_on": "2026-03-11"}, "end_on", "dans le futur"),
    ({"end_on": ""}, "end_on", "J’y travaille encore"),
    ({"start_on": "2026-03-11", "end_on": ""}, "start_on", "dans le futur"),
    ({"start_on": ""}, "start_on", "Entrez la date"),
    ({"start_on": "2020-02-30"}, "start_on", "date valide"),
    ({"start_on": "0001-01-01"}, "start_on", "entre 1900 et 2100"),
    ({"noc_code": "99999"}, "noc_code", "Code de profession inconnu"),
    ({"noc_code": "3310200"}, "noc_code", ""),
    ({"title": ""}, "title", ""),
    ({"title": "t" * 151}, "title", ""),
    ({"title": "Cuisinier\x00"}, "title", ""),
    ({"employer_name": "e" * 151}, "employer_name", ""),
    ({"country": "c" * 81}, "country", ""),
    ({"description": "d" * 2001}, "description", ""),
    ({"hours_per_week": "0"}, "hours_per_week", "entre 1 et 80"),
    ({"hours_per_week": "81"}, "hours_per_week", "entre 1 et 80"),
    ({"hours_per_week": "NaN"}, "hours_per_week", "Entrez un nombre"),
    ({"hours_per_week": "Infinity"}, "hours_per_week", "Entrez un nombre"),
    ({"hours_per_week": "trente"}, "hours_per_week", "Entrez un nombre"),
    ({"hours_per_week": ""}, "hours_per_week", ""),
])
def test_bad_job_input_is_a_field_error(candidate_client, app, candidate_user, data, field,
                                        message):
    response = post_form(candidate_client, "/profile/experience/new", {**JOB, **data})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert message in html
    assert jobs(app, candidate_user) == []


def test_an_end_date_and_still_working_there_is_a_field_error(candidate_client, app,
                                                              candidate_user):
    response = post_form(candidate_client, "/profile/experience/new",
                         {**JOB, "end_on": "2025-01-01", "ongoing": "y"})
    assert response.status_code == 200 and jobs(app, candidate_user) == []
    assert "effacez la date si vous y travaillez encore" in response.get_data(as_text=True)
    post_form(candidate_client, "/profile/experience/new", {**JOB, "end_on": "", "ongoing": "y"})
    assert jobs(app, candidate_user)[0].end_on is None


def test_removing_a_job_asks_first_without_javascript(candidate_client):
    post_form(candidate_client, "/profile/experience/new", JOB)
    html = candidate_client.get("/profile/experience").get_data(as_text=True)
    assert '<details class="confirm">' in html and "Oui, retirer cet emploi" in html


def test_overlapping_jobs_are_allowed_and_count_once(candidate_client, app, candidate_user):
    """Two full-time jobs in the same occupation over the same year count 12 months, not 24."""
    year = {**JOB, "start_on": "2023-01-01", "end_on": "2023-12-31"}
    assert post_form(candidate_client, "/profile/experience/new", year).status_code == 302
    assert post_form(candidate_client, "/profile/experience/new",
                     {**year, "title": "Aide-soignante de nuit"}).status_code == 302
    html = candidate_client.get("/profile/experience").get_data(as_text=True)
    assert "<td>12</td>" in html
    assert "se chevauchent" in html


def test_part_time_counts_in_proportion(candidate_client):
    post_form(candidate_client, "/profile/experience/new",
              {**JOB, "start_on": "2023-01-01", "end_on": "2023-12-31", "hours_per_week": "15"})
    assert "<td>6</td>" in candidate_client.get("/profile/experience").get_data(as_text=True)


def test_a_job_can_be_changed_and_removed(candidate_client, app, candidate_user):
    post_form(candidate_client, "/profile/experience/new", JOB)
    (job,) = jobs(app, candidate_user)
    url = f"/profile/experience/{job.id}"
    html = candidate_client.get(url).get_data(as_text=True)
    assert '<input checked id="noc_code-0" name="noc_code" type="radio" value="33102">' in html
    assert post_form(candidate_client, url, {**JOB, "title": "PAB"}).status_code == 302
    assert jobs(app, candidate_user)[0].title == "PAB"
    response = post_form(candidate_client, f"{url}/remove", {}, token_from="/profile/experience")
    assert response.status_code == 302
    assert jobs(app, candidate_user) == []


def test_another_candidates_job_is_not_found(candidate_client, app):
    with app.app_context():
        other = f.make_candidate()
        job_id = other.experiences[0].id
        db.session.commit()
    assert candidate_client.get(f"/profile/experience/{job_id}").status_code == 404
    response = post_form(candidate_client, f"/profile/experience/{job_id}/remove", {},
                         token_from="/profile/experience")
    assert response.status_code == 404
    with app.app_context():
        assert db.session.get(Experience, job_id) is not None


def test_saving_a_job_creates_a_missing_profile(client, app):
    with app.app_context():
        email = f.make_user("candidate").email
        db.session.commit()
    Login(client).as_user(email)
    assert post_form(client, "/profile/experience/new", JOB).status_code == 302
    assert len(jobs(app, email)) == 1

"""Bad input gets a clear error at its field, changes nothing, and never a 500."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from matcher.extensions import db
from matcher.postings.search import BoardFilters, search_board
from tests import factories as f
from tests.conftest import examples
from tests.postings.helpers import TODAY, count_postings, create, field_errors

IN_30_DAYS = (TODAY + timedelta(days=30)).isoformat()

BAD_INPUT = [
    # (field shown in error, overrides)
    ("hourly_wage", {"hourly_wage": "15.00"}),          # below $16.60
    ("hourly_wage", {"hourly_wage": "16,59"}),
    ("hourly_wage", {"hourly_wage": "0"}),
    ("hourly_wage", {"hourly_wage": "-21"}),
    ("hourly_wage", {"hourly_wage": "abc"}),
    ("hourly_wage", {"hourly_wage": "NaN"}),
    ("hourly_wage", {"hourly_wage": "Infinity"}),
    ("hourly_wage", {"hourly_wage": "1e400"}),
    ("hourly_wage", {"hourly_wage": "21.555"}),
    ("hourly_wage", {"hourly_wage": "9" * 4000}),
    ("hourly_wage", {"hourly_wage": ""}),
    ("hours_per_week", {"hours_per_week": "0"}),
    ("hours_per_week", {"hours_per_week": "61"}),
    ("hours_per_week", {"hours_per_week": "-Infinity"}),
    ("hours_per_week", {"hours_per_week": "37.55"}),
    ("openings", {"openings": "0"}),
    ("openings", {"openings": "-3"}),
    ("openings", {"openings": "501"}),
    ("openings", {"openings": "9" * 30}),
    ("openings", {"openings": "2.5"}),
    ("openings", {"openings": "trois"}),
    ("min_french_oral", {"min_french_oral": "4"}),
    ("min_french_oral", {"min_french_oral": "1"}),
    ("min_french_oral", {"min_french_oral": "13"}),
    ("min_french_oral", {"min_french_oral": "cinq"}),
    ("min_french_written", {"min_french_written": "0"}),
    ("min_french_written", {"min_french_written": "99999999999999999999"}),
    ("min_experience_months", {"min_experience_months": "-1"}),
    ("min_experience_months", {"min_experience_months": "241"}),
    ("start_date", {"start_date": "2026-02-30"}),
    ("start_date", {"start_date": "demain"}),
    ("start_date", {"start_date": "99999-01-01"}),
    ("start_date", {"start_date": "9999-12-31"}),
    ("start_date", {"start_date": (TODAY - timedelta(days=1)).isoformat(),
                    "closes_on": ""}),
    ("closes_on", {"closes_on": "2026-13-01"}),
    ("closes_on", {"closes_on": (TODAY - timedelta(days=1)).isoformat()}),
    ("closes_on", {"closes_on": (TODAY + timedelta(days=31)).isoformat()}),  # after start
    ("title", {"title": ""}),
    ("title", {"title": "   "}),
    ("title", {"title": "x" * 151}),
    ("title", {"title": "Préposé\x00"}),
    ("description", {"description": "x" * 5001}),
    ("description", {"description": "Soins\x00"}),
    ("shifts", {"shifts": []}),
    ("shifts", {"shifts": ["dawn"]}),
    ("employment_type", {"employment_type": "forever"}),
    ("hours_per_week", {"employment_type": "full_time", "hours_per_week": "22,5"}),
    ("hours_per_week", {"employment_type": "full_time", "hours_per_week": "10"}),
    ("hours_per_week", {"employment_type": "part_time", "hours_per_week": "30"}),
    ("hours_per_week", {"employment_type": "part_time", "hours_per_week": "37,5"}),
    ("noc_code", {"noc_code": "99999"}),
    ("noc_code", {"noc_code": "21231"}),                 # a real NOC, not the program's
    ("noc_code", {"noc_code": "33\x00102"}),
    ("certifications", {"certifications": ["astronaut"]}),
    ("site_id", {"site_id": "999999"}),
    ("site_id", {"site_id": "abc\x00"}),
]


@pytest.mark.parametrize(("field", "overrides"), BAD_INPUT,
                         ids=[f"{field}-{i}" for i, (field, _o) in enumerate(BAD_INPUT)])
def test_bad_input_is_a_field_error_and_saves_nothing(app, hr, field, overrides):
    response = create(hr, **overrides)
    assert response.status_code == 200
    assert field in field_errors(response), field_errors(response)
    with app.app_context():
        assert count_postings() == 0


def test_everything_wrong_at_once_lists_every_field(app, hr):
    response = create(hr, title="", hourly_wage="x", openings="0", start_date="x",
                      shifts=[], min_french_oral="2", noc_code="")
    assert response.status_code == 200
    assert {"title", "hourly_wage", "openings", "start_date", "shifts"} <= set(
        field_errors(response))
    assert 'class="error-summary"' in response.get_data(as_text=True)


def test_the_wage_is_checked_against_the_minimum_in_effect_on_the_start_date(
        app, hr, freeze_clock):
    # On 2026-04-15 the minimum is $16.10; from 2026-05-01 it is $16.60.
    freeze_clock(date(2026, 4, 15))
    before = create(hr, hourly_wage="16.30", start_date="2026-04-30", closes_on="")
    assert before.status_code == 302
    after = create(hr, hourly_wage="16.30", start_date="2026-05-01", closes_on="")
    assert "hourly_wage" in field_errors(after)
    no_start = create(hr, hourly_wage="16.10", start_date="", closes_on="")
    assert no_start.status_code == 302, "without a start date, today's minimum applies"


def test_the_minimum_wage_itself_is_accepted(app, hr):
    assert create(hr, hourly_wage="16.60").status_code == 302


def test_wages_and_hours_may_be_typed_the_quebec_way(app, hr):
    assert create(hr, hourly_wage="21,50 $", hours_per_week="37,5").status_code == 302


def test_the_wage_error_names_the_minimum_in_french(app, hr):
    message = field_errors(create(hr, hourly_wage="15"))["hourly_wage"]
    assert "16,60" in message and "salaire minimum" in message


def test_french_below_the_program_floor_is_explained(app, hr):
    message = field_errors(create(hr, min_french_oral="4"))["min_french_oral"]
    assert "5" in message and "intermédiaire" in message


def test_a_site_of_another_establishment_cannot_be_used(app, hr):
    with app.app_context():
        other_site = f.make_employer().sites[0].id
        db.session.commit()
    response = create(hr, site_id=str(other_site))
    assert "site_id" in field_errors(response)
    with app.app_context():
        assert count_postings() == 0


def test_a_past_start_date_already_saved_may_stay_when_editing(app, hr, freeze_clock):
    from tests.conftest import post_form
    from tests.postings.helpers import posting_id_from, valid_form

    posting_id = posting_id_from(create(hr, start_date=IN_30_DAYS, closes_on=""))
    freeze_clock(TODAY + timedelta(days=40))
    edit = f"/employer/postings/{posting_id}/edit"
    unchanged_date = post_form(hr.client, edit, valid_form(
        hr.site_id, start_date=IN_30_DAYS, closes_on="", title="Nouveau titre"))
    assert unchanged_date.status_code == 302
    moved_to_past = post_form(hr.client, edit, valid_form(
        hr.site_id, start_date=(TODAY + timedelta(days=35)).isoformat(), closes_on=""))
    assert "start_date" in field_errors(moved_to_past)


def test_text_that_grows_when_folded_still_saves(app, hr):
    # "ﬃ" folds to "ffi": 5,000 characters of such words fold to over 12,000.
    description = " ".join(f"{'ﬃ' * 10}{n}" for n in range(400))[:5000]
    assert create(hr, description=description).status_code == 302
    with app.app_context():
        from matcher.models import Posting

        text = db.session.query(Posting).one().search_text
        assert 7900 < len(text) <= 8000
        assert text.startswith(" prepose aux beneficiaire "), "title and occupation first"


FIELDS = ["noc_code", "site_id", "title", "description", "employment_type", "hours_per_week",
          "hourly_wage", "openings", "start_date", "closes_on", "min_french_oral",
          "min_french_written", "min_experience_months", "new_site_name", "new_site_city",
          "new_site_region"]


@settings(max_examples=examples(60),
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(FIELDS), value=st.text(max_size=60))
def test_no_input_to_the_posting_form_gives_a_500(app, hr, field, value):
    response = create(hr, **{field: value})
    assert response.status_code in (200, 302)


@settings(max_examples=examples(60),
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(params={"shift": " "})  # found by hypothesis: a blank shift went past Optional()
@example(params={"region": " ", "family": "\t", "employment_type": " "})
@given(params=st.dictionaries(
    st.sampled_from(["q", "region", "family", "shift", "employment_type", "sort", "page"]),
    st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
            max_size=40), max_size=4))
def test_no_query_on_the_board_gives_a_500(client, params):
    assert client.get("/jobs", query_string=params).status_code == 200


def test_a_blank_shift_is_ignored_like_no_shift(client):
    assert client.get("/jobs?shift=%20").status_code == 200
    with client.application.app_context():
        assert search_board(filters=BoardFilters(shift=" ")).total == search_board().total


def test_a_contradiction_is_listed_in_the_summary_with_a_link_to_its_field(app, hr):
    response = create(hr, employment_type="full_time", hours_per_week="22,5")
    html = response.get_data(as_text=True)
    assert 'data-error-summary' in html and 'href="#hours_per_week"' in html
    assert "Le temps plein compte au moins 30\u00a0heures par semaine" in html


def test_part_time_under_thirty_hours_and_on_call_are_accepted(app, hr):
    assert create(hr, employment_type="part_time", hours_per_week="22,5").status_code == 302
    assert create(hr, employment_type="casual", hours_per_week="10").status_code == 302


def test_an_on_call_posting_shows_the_hourly_wage_and_no_yearly_salary(app, hr):
    from matcher.models import Posting

    create(hr, employment_type="casual", hours_per_week="15")
    with app.app_context():
        posting_id = db.session.scalar(db.select(Posting.id))
    html = hr.client.get(f"/jobs/{posting_id}").get_data(as_text=True)
    assert "21,50\u00a0$" in html and "par année" not in html and "sur appel" in html

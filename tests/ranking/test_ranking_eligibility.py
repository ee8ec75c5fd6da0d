"""Each hard rule of DESIGN §4.1 at its boundary, with its reason code and figures."""

from __future__ import annotations

from datetime import date

import pytest

from matcher.ranking import FrenchLevels, Reason, evaluate

from .factories import TODAY, candidate, days, job, posting


def reasons(p, c, today=TODAY):
    return evaluate(p, c, today).reasons


def codes(p, c, today=TODAY):
    return [r.code for r in reasons(p, c, today)]


def test_baseline_pair_is_eligible_with_a_positive_score():
    result = evaluate(posting(), candidate(), TODAY)
    assert result.eligible
    assert result.reasons == ()
    assert 0 < result.score <= 100


@pytest.mark.parametrize("kind", ["none", "pending"])
def test_candidate_without_a_work_permit_is_not_eligible(kind):
    result = evaluate(posting(), candidate(permit_kind=kind), TODAY)
    assert not result.eligible
    assert result.reasons == (Reason("permit_missing", {"permit_kind": kind}),)
    assert result.score == 0.0
    assert result.explanation == ()


def test_employer_specific_permit_is_valid_only_for_its_employer():
    mine = candidate(permit_kind="employer_specific", permit_employer_id=10)
    other = candidate(permit_kind="employer_specific", permit_employer_id=11)
    assert codes(posting(employer_id=10), mine) == []
    assert reasons(posting(employer_id=10), other) == (
        Reason("permit_other_employer", {"permit_employer_id": 11, "employer_id": 10}),
    )


@pytest.mark.parametrize(("expiry", "eligible"), [(29, False), (30, True), (31, True)])
def test_permit_must_be_valid_on_the_start_date_inclusive(expiry, eligible):
    start = days(30)
    result = evaluate(posting(start_date=start), candidate(permit_expires_on=days(expiry)), TODAY)
    assert result.eligible is eligible
    if not eligible:
        assert result.reasons == (
            Reason(
                "permit_expires_before_start",
                {"expires_on": days(expiry), "start": start, "days_short": 1},
            ),
        )


@pytest.mark.parametrize("start_date", [None, days(-5)])
def test_start_is_today_when_the_posting_has_none_or_it_has_passed(start_date):
    p = posting(start_date=start_date)
    assert evaluate(p, candidate(permit_expires_on=TODAY), TODAY).eligible
    figures = reasons(p, candidate(permit_expires_on=days(-1)))[0].figures
    assert figures == {"expires_on": days(-1), "start": TODAY, "days_short": 1}


@pytest.mark.parametrize(("filed", "eligible"), [(-1, True), (0, True), (1, False)])
def test_renewal_filed_on_or_before_expiry_keeps_maintained_status(filed, eligible):
    expiry = days(-10)
    c = candidate(permit_expires_on=expiry, permit_renewal_applied_on=days(-10 + filed))
    result = evaluate(posting(), c, TODAY)
    assert result.eligible is eligible
    assert ("maintained_status" in result.flags) is eligible
    if not eligible:
        assert codes(posting(), c) == ["permit_expires_before_start"]


def test_valid_permit_raises_no_maintained_status_flag_even_with_a_renewal_filed():
    c = candidate(permit_expires_on=days(100), permit_renewal_applied_on=days(50))
    assert evaluate(posting(), c, TODAY).flags == frozenset()


def test_permit_barring_health_occupations_is_not_eligible():
    result = evaluate(posting(), candidate(permit_health_restricted=True), TODAY)
    assert result.reasons == (Reason("permit_health_restricted", {}),)


@pytest.mark.parametrize(("level", "eligible"), [(4, False), (5, True), (6, True)])
def test_oral_level_is_the_lower_of_comprehension_and_production(level, eligible):
    c = candidate(french=FrenchLevels(9, level, 5, 5))
    result = evaluate(posting(min_french_oral=5), c, TODAY)
    assert result.eligible is eligible
    if not eligible:
        assert result.reasons == (Reason("french_oral_below_required", {"have": level, "need": 5}),)


@pytest.mark.parametrize(("level", "eligible"), [(4, False), (5, True), (6, True)])
def test_written_level_is_the_lower_of_reading_and_writing(level, eligible):
    c = candidate(french=FrenchLevels(6, 6, level, 12))
    result = evaluate(posting(min_french_written=5), c, TODAY)
    assert result.eligible is eligible
    if not eligible:
        assert result.reasons == (
            Reason("french_written_below_required", {"have": level, "need": 5}),
        )


@pytest.mark.parametrize(
    ("end", "eligible", "have"),
    [
        (date(2022, 12, 30), False, 11.9),
        (date(2022, 12, 31), True, None),
        (date(2023, 1, 1), True, None),
    ],
)
def test_experience_in_the_posting_noc_must_reach_the_required_months(end, eligible, have):
    c = candidate(experiences=(job(date(2022, 1, 1), end),))
    result = evaluate(posting(min_experience_months=12), c, TODAY)
    assert result.eligible is eligible
    if not eligible:
        assert result.reasons == (Reason("experience_below_required", {"have": have, "need": 12}),)


def test_experience_in_another_noc_does_not_count_toward_the_requirement():
    c = candidate(experiences=(job(date(2015, 1, 1), None, noc="65201"),))
    assert reasons(posting(min_experience_months=6), c) == (
        Reason("experience_below_required", {"have": 0.0, "need": 6}),
    )


def test_region_outside_preferences_fails_unless_willing_to_relocate():
    c = candidate(preferred_regions=frozenset({"03", "12"}))
    assert reasons(posting(region="06"), c) == (Reason("region_not_preferred", {"region": "06"}),)
    assert (
        codes(
            posting(region="06"),
            candidate(preferred_regions=frozenset({"03"}), willing_to_relocate=True),
        )
        == []
    )


def test_empty_preferred_regions_means_no_preference():
    assert codes(posting(region="09"), candidate(preferred_regions=frozenset())) == []


def test_every_missing_shift_is_reported_sorted():
    p = posting(shifts=frozenset({"night", "day", "weekend"}))
    assert reasons(p, candidate(shifts=frozenset({"day"}))) == (
        Reason("shift_unavailable", {"missing": ["night", "weekend"]}),
    )


def test_candidate_without_declared_shifts_fails_a_posting_with_shifts():
    assert reasons(posting(), candidate(shifts=frozenset())) == (
        Reason("shift_unavailable", {"missing": ["day"]}),
    )


def test_posting_without_shifts_never_fails_the_shift_rule():
    assert codes(posting(shifts=frozenset()), candidate(shifts=frozenset())) == []


@pytest.mark.parametrize(("available", "eligible"), [(29, True), (30, True), (31, False)])
def test_candidate_must_be_available_by_the_start_date_inclusive(available, eligible):
    start = days(30)
    result = evaluate(posting(start_date=start), candidate(available_from=days(available)), TODAY)
    assert result.eligible is eligible
    if not eligible:
        assert result.reasons == (
            Reason("not_available_by_start", {"available_from": days(31), "start": start}),
        )


def test_missing_certifications_are_reported_sorted_without_training():
    p = posting(required_certifications=frozenset({"pdsb", "cpr", "whmis"}))
    assert reasons(p, candidate(certifications=frozenset({"pdsb"}))) == (
        Reason("certification_missing", {"missing": ["cpr", "whmis"]}),
    )


def test_missing_certification_with_training_provided_is_eligible_and_flagged():
    p = posting(required_certifications=frozenset({"cpr"}), training_provided=True)
    result = evaluate(p, candidate(certifications=frozenset()), TODAY)
    assert result.eligible
    assert result.flags == frozenset({"training_needed"})


def test_every_failing_rule_is_reported_in_table_order():
    c = candidate(
        permit_kind="employer_specific",
        permit_employer_id=3,
        permit_expires_on=days(-1),
        permit_health_restricted=True,
        french=FrenchLevels(4, 4, 1, 1),
        experiences=(),
        preferred_regions=frozenset({"03"}),
        shifts=frozenset(),
        available_from=days(10),
        certifications=frozenset(),
    )
    p = posting(
        min_french_written=3, min_experience_months=1, required_certifications=frozenset({"cpr"})
    )
    assert codes(p, c) == [
        "permit_other_employer",
        "permit_expires_before_start",
        "permit_health_restricted",
        "french_oral_below_required",
        "french_written_below_required",
        "experience_below_required",
        "region_not_preferred",
        "shift_unavailable",
        "not_available_by_start",
        "certification_missing",
    ]

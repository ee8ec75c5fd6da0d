"""Score components (DESIGN §4.2), explanations and ordering."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from matcher.ranking import (
    FrenchLevels,
    RankingConfig,
    evaluate,
    rank_candidates,
    rank_postings,
)

from .factories import TODAY, candidate, days, job, posting

CODES = ["occupation", "experience", "text", "french", "logistics", "certifications"]


def component(result, code):
    return next(c for c in result.explanation if c.code == code)


def test_explanation_lists_every_component_with_default_weights():
    result = evaluate(posting(), candidate(), TODAY)
    assert [c.code for c in result.explanation] == CODES
    assert [c.weight for c in result.explanation] == [30, 20, 20, 15, 10, 5]
    for c in result.explanation:
        assert 0.0 <= c.value <= 1.0
        assert (
            c.points == round(c.value * c.weight, 1) or abs(c.points - c.value * c.weight) <= 0.05
        )


def test_points_sum_exactly_to_the_score():
    result = evaluate(posting(), candidate(), TODAY)
    assert sum(round(c.points * 10) for c in result.explanation) == round(result.score * 10)
    assert round(sum(c.points for c in result.explanation), 1) == result.score


def test_occupation_fit_is_one_when_an_experience_noc_matches():
    c = candidate(
        desired_noc_codes=frozenset(),
        experiences=(job(date(2020, 1, 1), date(2020, 2, 1), title="Plongeur"),),
    )
    assert component(evaluate(posting(), c, TODAY), "occupation").value == 1.0


def test_occupation_fit_is_one_when_a_desired_noc_matches():
    c = candidate(experiences=(), desired_noc_codes=frozenset({"33102"}))
    assert component(evaluate(posting(), c, TODAY), "occupation").value == 1.0


def test_occupation_fit_uses_title_similarity_without_a_noc_match():
    def fit(title):
        c = candidate(
            desired_noc_codes=frozenset(),
            experiences=(job(date(2020, 1, 1), date(2021, 1, 1), noc=None, title=title),),
        )
        return component(evaluate(posting(), c, TODAY), "occupation").value

    assert fit("Aide-soignante") == 1.0  # a word set contained in the official French title
    assert 0.5 < fit("Prepose aux beneficaires") < 1.0  # a typo, accents dropped
    assert fit("Ingénieur civil") == 0.0


def test_relevant_experience_saturates_at_twenty_four_months():
    def value(end):
        c = candidate(experiences=(job(date(2021, 1, 1), end),))
        return component(evaluate(posting(), c, TODAY), "experience").value

    assert value(date(2021, 12, 31)) == 0.5
    assert value(date(2022, 12, 31)) == 1.0
    assert value(date(2024, 12, 31)) == 1.0


@pytest.mark.parametrize(("oral", "value"), [(5, 0.5), (6, 0.625), (7, 0.75), (9, 1.0), (12, 1.0)])
def test_french_is_half_at_the_required_oral_level_and_full_four_levels_above(oral, value):
    result = evaluate(
        posting(min_french_oral=5), candidate(french=FrenchLevels(oral, 12, 5, 5)), TODAY
    )
    assert component(result, "french").value == value


def test_logistics_prefers_a_preferred_region_and_sooner_availability():
    def value(**changes):
        p = posting(start_date=days(60))
        return component(evaluate(p, candidate(**changes), TODAY), "logistics").value

    assert value() == 1.0
    assert value(preferred_regions=frozenset()) == 1.0
    assert value(preferred_regions=frozenset({"03"}), willing_to_relocate=True) == 0.75
    assert value(available_from=days(45)) == 0.75
    assert value(available_from=days(-45)) == 1.0


def test_certifications_component_is_the_share_of_required_ones_held():
    p = posting(required_certifications=frozenset({"cpr", "pdsb"}), training_provided=True)
    assert (
        component(
            evaluate(p, candidate(certifications=frozenset({"pdsb"})), TODAY), "certifications"
        ).value
        == 0.5
    )
    assert component(evaluate(posting(), candidate(), TODAY), "certifications").value == 1.0


def test_text_similarity_rewards_shared_vocabulary():
    def value(text):
        c = candidate(experiences=(), skills_text=text)
        return component(evaluate(posting(), c, TODAY), "text").value

    assert (
        value("soins d'hygiène et de confort aux résidents, repas") > value("comptabilité") == 0.0
    )


def test_custom_weights_change_points_not_values():
    config = RankingConfig(weight_text=0.0, weight_occupation=50.0)
    default = evaluate(posting(), candidate(), TODAY)
    custom = evaluate(posting(), candidate(), TODAY, config=config)
    assert [c.value for c in custom.explanation] == [c.value for c in default.explanation]
    assert component(custom, "text").points == 0.0
    assert component(custom, "occupation").points == 50.0


def test_invalid_config_is_refused():
    with pytest.raises(ValueError, match="weights"):
        RankingConfig(weight_french=-1)


def test_evaluation_is_deterministic_and_independent_of_the_id():
    first = evaluate(posting(), candidate(), TODAY)
    assert evaluate(posting(), candidate(), TODAY) == first
    assert evaluate(posting(), candidate(id=999), TODAY) == first


def test_rank_candidates_returns_eligible_only_best_first_ties_by_id():
    strong = candidate(id=5, french=FrenchLevels(9, 9, 9, 9))
    twins = [candidate(id=9), candidate(id=3)]
    ineligible = candidate(id=1, permit_kind="none")
    ranked = rank_candidates(posting(), [*twins, ineligible, strong], TODAY)
    assert [m.id for m in ranked] == [5, 3, 9]
    assert ranked[1].score == ranked[2].score
    assert rank_candidates(posting(), [*twins, strong], TODAY, limit=2)[-1].id == 3


def test_rank_postings_returns_eligible_only_best_first_ties_by_id():
    kitchen = posting(id=7, noc_code="65201", title="Aide de cuisine", description="Plonge")
    same = [posting(id=30), posting(id=20)]
    closed_to_me = posting(id=1, region="09", shifts=frozenset({"night"}))
    ranked = rank_postings(candidate(), [kitchen, *same, closed_to_me], TODAY)
    assert [m.id for m in ranked] == [20, 30, 7]
    assert ranked[0].score == ranked[1].score > ranked[2].score


def test_matches_carry_flags():
    p = posting(required_certifications=frozenset({"cpr"}), training_provided=True)
    c = replace(candidate(), permit_expires_on=days(-3), permit_renewal_applied_on=days(-30))
    [match] = rank_candidates(p, [c], TODAY)
    assert match.flags == frozenset({"training_needed", "maintained_status"})

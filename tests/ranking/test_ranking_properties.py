"""Properties of DESIGN §4.2 on random profiles: monotonicity, determinism, exact sums."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.ranking import Experience, FrenchLevels, evaluate

from .factories import TODAY
from .strategies import CERTS, candidates, examples_of, postings

PROPERTY = settings(max_examples=examples_of(40, 1000))


def score(posting, candidate):
    return evaluate(posting, candidate, TODAY).score


@PROPERTY
@given(postings(), candidates(), st.data())
def test_longer_or_fuller_experience_never_lowers_the_score(posting, candidate, data):
    if not candidate.experiences:
        return
    at = data.draw(st.integers(0, len(candidate.experiences) - 1))
    exp = candidate.experiences[at]
    end = (
        None
        if exp.end is None or data.draw(st.booleans())
        else exp.end + timedelta(days=data.draw(st.integers(1, 800)))
    )
    hours = exp.hours_per_week + data.draw(st.sampled_from([0.0, 5.0, 20.0]))
    longer = replace(
        exp,
        start=exp.start - timedelta(days=data.draw(st.integers(0, 400))),
        end=end,
        hours_per_week=hours,
    )
    experiences = (*candidate.experiences[:at], longer, *candidate.experiences[at + 1 :])
    assert score(posting, replace(candidate, experiences=experiences)) >= score(posting, candidate)


@PROPERTY
@given(postings(), candidates(), st.integers(1, 900), st.sampled_from([10.0, 30.0, 37.5]))
def test_an_added_experience_in_the_posting_noc_never_lowers_the_score(
    posting, candidate, length, hours
):
    added = Experience("Préposé", posting.noc_code, TODAY - timedelta(days=length), None, hours)
    more = replace(candidate, experiences=(*candidate.experiences, added))
    assert score(posting, more) >= score(posting, candidate)


@PROPERTY
@given(postings(), candidates(), st.integers(0, 3), st.integers(1, 4))
def test_a_higher_french_level_never_lowers_the_score(posting, candidate, skill, step):
    levels = [
        candidate.french.oral_comprehension,
        candidate.french.oral_production,
        candidate.french.reading,
        candidate.french.writing,
    ]
    levels[skill] = min(12, levels[skill] + step)
    better = replace(candidate, french=FrenchLevels(*levels))
    assert score(posting, better) >= score(posting, candidate)


@PROPERTY
@given(postings(), candidates(), st.sampled_from([*CERTS, "whmis", "first_aid"]))
def test_an_extra_certification_never_lowers_the_score(posting, candidate, certification):
    more = replace(candidate, certifications=candidate.certifications | {certification})
    assert score(posting, more) >= score(posting, candidate)


@PROPERTY
@given(postings(), candidates(), st.integers(1, 10**6))
def test_equal_inputs_give_equal_evaluations(posting, candidate, other_id):
    first = evaluate(posting, candidate, TODAY)
    assert evaluate(posting, candidate, TODAY) == first
    assert evaluate(posting, replace(candidate, id=other_id), TODAY) == first


@PROPERTY
@given(postings(), candidates())
def test_points_always_sum_to_the_score(posting, candidate):
    result = evaluate(posting, candidate, TODAY)
    assert 0.0 <= result.score <= 100.0
    if result.eligible:
        assert sum(round(c.points * 10) for c in result.explanation) == round(result.score * 10)
        assert all(0.0 <= c.value <= 1.0 for c in result.explanation)
    else:
        assert result.score == 0.0
        assert result.reasons

"""Gap plans: each gap kind becomes an action, near misses rank by reach, doors add up."""

from hypothesis import given
from hypothesis import strategies as st

from matcher.ranking.eligibility import RULES
from matcher.ranking.gap_plan import (
    Gap,
    Need,
    PostingNeeds,
    build,
    covers,
    doors,
    needs_for,
    plan,
    rank,
    rules_of,
)


def mask(*codes: str) -> int:
    return sum(1 << RULES.index(code) for code in codes)


POSTING = PostingNeeds(french_oral=7, french_written=5, experience_months=12,
                       missing_certifications=("cpr", "pdsb"))


def test_mask_bits_name_the_failed_rules():
    assert rules_of(mask("permit_missing", "certification_missing")) == [
        "permit_missing", "certification_missing"]


def test_french_gaps_ask_for_the_posting_level():
    assert needs_for(mask("french_oral_below_required", "french_written_below_required"),
                     POSTING) == {Need("french_oral", 7), Need("french_written", 5)}


def test_each_missing_certification_is_its_own_action():
    assert needs_for(mask("certification_missing"), POSTING) == {
        Need("certification", "cpr"), Need("certification", "pdsb")}


def test_permit_gaps_point_to_a_permit_a_renewal_or_the_medical_exam():
    assert needs_for(mask("permit_missing"), POSTING) == {Need("permit")}
    assert needs_for(mask("permit_other_employer"), POSTING) == {Need("permit")}
    assert needs_for(mask("permit_expires_before_start"), POSTING) == {Need("permit_renewal")}
    assert needs_for(mask("permit_health_restricted"), POSTING) == {Need("medical_exam")}


def test_region_shift_and_start_date_are_one_change_of_preferences():
    assert needs_for(mask("region_not_preferred", "shift_unavailable",
                          "not_available_by_start"), POSTING) == {Need("preferences")}


def test_experience_gap_asks_for_the_posting_months():
    assert needs_for(mask("experience_below_required"), POSTING) == {Need("experience", 12)}


def test_near_misses_rank_by_how_few_then_how_reachable_the_gaps_are():
    french = Gap(1, frozenset({Need("french_oral", 7)}))
    course = Gap(2, frozenset({Need("certification", "cpr")}))
    two = Gap(3, frozenset({Need("certification", "cpr"), Need("preferences")}))
    assert [g.posting_id for g in rank([two, french, course])] == [2, 1, 3]


def test_preferred_postings_come_first_among_equal_gaps():
    a, b = (Gap(pid, frozenset({Need("certification", "cpr")})) for pid in (1, 2))
    assert [g.posting_id for g in rank([a, b], preferred=frozenset({2}))] == [2, 1]


def test_a_higher_level_covers_a_lower_one_of_the_same_skill_only():
    assert covers(Need("french_oral", 7), Need("french_oral", 6))
    assert not covers(Need("french_oral", 6), Need("french_oral", 7))
    assert not covers(Need("french_oral", 7), Need("french_written", 5))
    assert not covers(Need("certification", "cpr"), Need("certification", "pdsb"))


def test_doors_count_the_postings_an_action_alone_would_open():
    gaps = [Gap(1, frozenset({Need("french_oral", 6)})),
            Gap(2, frozenset({Need("french_oral", 7)})),
            Gap(3, frozenset({Need("french_oral", 7), Need("certification", "cpr")})),
            Gap(4, frozenset({Need("certification", "cpr")}))]
    assert doors(gaps) == [(Need("french_oral", 7), 2), (Need("certification", "cpr"), 1),
                           (Need("french_oral", 6), 1)]


def test_doors_are_empty_when_every_job_needs_several_actions():
    gaps = [Gap(1, frozenset({Need("french_oral", 7), Need("certification", "cpr")}))]
    assert doors(gaps) == []


def test_build_skips_postings_it_does_not_know():
    gaps = build([(1, mask("permit_missing")), (2, mask("permit_missing"))], {1: POSTING})
    assert gaps == [Gap(1, frozenset({Need("permit")}))]


KINDS = [PostingNeeds(), POSTING, PostingNeeds(6, 3, 0, ("cpr",)),
         PostingNeeds(7, 5, 24, ()), PostingNeeds(5, 1, 12, ("mapaq", "pdsb"))]


@given(st.lists(st.tuples(st.integers(0, 2 ** len(RULES) - 1), st.integers(0, len(KINDS)),
                          st.booleans()), max_size=60),
       st.integers(0, 12))
def test_the_grouped_plan_is_rank_doors_and_count_of_the_gaps(postings, limit):
    """plan() groups alike postings: the same near misses, doors and total as one by one."""
    masks = [(pid, m) for pid, (m, _kind, _own) in enumerate(postings)]
    kinds = {pid: kind for pid, (_m, kind, _own) in enumerate(postings) if kind < len(KINDS)}
    preferred = frozenset(pid for pid, (_m, _kind, own) in enumerate(postings) if own)
    gaps = build(masks, {pid: KINDS[kind] for pid, kind in kinds.items()})
    assert plan(masks, kinds, KINDS, preferred, limit) == (
        rank(gaps, preferred)[:limit], doors(gaps), len(gaps))


@given(st.lists(st.tuples(st.integers(0, 2 ** len(RULES) - 1), st.integers(0, len(KINDS) - 1)),
                max_size=60))
def test_doors_count_for_each_action_the_postings_it_alone_opens(postings):
    """doors() equals counting, action by action, the gaps it closes entirely."""
    gaps = build([(pid, m) for pid, (m, _kind) in enumerate(postings)],
                 {pid: KINDS[kind] for pid, (_m, kind) in enumerate(postings)})
    actions = {need for gap in gaps for need in gap.needs}
    counts = {action: sum(1 for gap in gaps if gap.needs
                          and all(covers(action, need) for need in gap.needs))
              for action in actions}
    assert sorted(doors(gaps)) == sorted((a, c) for a, c in counts.items() if c)


def test_the_nearest_postings_are_chosen_right_whatever_the_ids():
    """Ids too far apart for one sort key fall back to sorting by columns."""
    masks = [(2 ** 62, mask("permit_missing")), (1, mask("permit_missing")),
             (2 ** 61, mask("shift_unavailable")),
             (7, mask("permit_missing", "region_not_preferred"))]
    gaps = build(masks, dict.fromkeys((2 ** 62, 1, 2 ** 61, 7), POSTING))
    for limit in range(5):
        assert plan(masks, dict.fromkeys((2 ** 62, 1, 2 ** 61, 7), 0), [POSTING],
                    frozenset({2 ** 62}), limit) == (
            rank(gaps, frozenset({2 ** 62}))[:limit], doors(gaps), 4)

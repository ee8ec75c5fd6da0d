"""Placement rounds (DESIGN §7.6): the stable allocation, checked against brute force."""

from __future__ import annotations

import copy
import math
from collections import Counter
from typing import NamedTuple

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from matcher.ranking import allocate
from matcher.ranking.allocation_baselines import greedy_allocation, maximum_placements
from tests.conftest import examples

# Derandomized so CI runs the same examples every time; no profile exists in tests/conftest.py.
PROPERTY = settings(max_examples=examples(200))
STRAY = 0  # a candidate id no candidate list has, a posting id no posting list has


class Instance(NamedTuple):
    capacities: dict[int, int]
    candidate_prefs: dict[int, list[int]]
    posting_prefs: dict[int, list[int]]


@st.composite
def instances(draw) -> Instance:
    """Draw ≤ 6 candidates and ≤ 4 postings with capacities 0–3 and random strict lists."""
    candidates = draw(st.lists(st.integers(1, 9), unique=True, max_size=6))
    postings = draw(st.lists(st.integers(1, 9), unique=True, max_size=4))
    capacities = {}
    for posting in [*postings, STRAY]:
        capacity = draw(st.integers(-1, 3))  # -1: left out of capacities
        if capacity >= 0:
            capacities[posting] = capacity
    posting_ids = st.sampled_from([*postings, STRAY])
    candidate_ids = st.sampled_from([*candidates, STRAY])
    return Instance(
        capacities,
        {c: draw(st.lists(posting_ids, unique=True, max_size=5)) for c in candidates},
        {p: draw(st.lists(candidate_ids, unique=True, max_size=7)) for p in postings},
    )


def reordered(mapping: dict, order: list) -> dict:
    return {key: mapping[key] for key in order}


@st.composite
def shuffled(draw, instance: Instance) -> Instance:
    """Return the same instance with every dict built in another insertion order."""
    return Instance(*(reordered(m, draw(st.permutations(list(m)))) for m in instance))


def run(instance: Instance) -> dict[int, int]:
    return allocate(*instance)


# Brute force, independent of the module: every feasible matching, then the stable ones.


def acceptable(instance: Instance, candidate: int, posting: int) -> bool:
    capacities, candidate_prefs, posting_prefs = instance
    return (
        capacities.get(posting, 0) > 0
        and posting in candidate_prefs.get(candidate, [])
        and candidate in posting_prefs.get(posting, [])
    )


def all_matchings(instance: Instance) -> list[dict[int, int]]:
    """Return every matching over acceptable pairs that respects the capacities."""
    candidates = sorted(instance.candidate_prefs)
    found: list[dict[int, int]] = []

    def extend(at: int, matching: dict[int, int], used: Counter) -> None:
        if at == len(candidates):
            found.append(dict(matching))
            return
        candidate = candidates[at]
        extend(at + 1, matching, used)
        for posting in instance.candidate_prefs[candidate]:
            room = used[posting] < instance.capacities.get(posting, 0)
            if room and acceptable(instance, candidate, posting):
                matching[candidate] = posting
                used[posting] += 1
                extend(at + 1, matching, used)
                used[posting] -= 1
                del matching[candidate]

    extend(0, {}, Counter())
    return found


def candidate_rank(instance: Instance, candidate: int, posting: int | None) -> float:
    """Position of `posting` in the candidate's list; unplaced ranks last."""
    if posting is None:
        return math.inf
    return instance.candidate_prefs[candidate].index(posting)


def blocking_pairs(instance: Instance, matching: dict[int, int]) -> list[tuple[int, int]]:
    """Return the acceptable pairs that would both rather be together than as matched."""
    held: dict[int, list[int]] = {}
    for candidate, posting in matching.items():
        held.setdefault(posting, []).append(candidate)
    blocking = []
    for candidate, prefs in instance.candidate_prefs.items():
        current = candidate_rank(instance, candidate, matching.get(candidate))
        for posting in prefs:
            if not acceptable(instance, candidate, posting) or prefs.index(posting) >= current:
                continue
            others = held.get(posting, [])
            order = instance.posting_prefs[posting]
            if len(others) < instance.capacities[posting] or any(
                order.index(candidate) < order.index(other) for other in others
            ):
                blocking.append((candidate, posting))
    return blocking


def stable_matchings(instance: Instance) -> list[dict[int, int]]:
    return [m for m in all_matchings(instance) if not blocking_pairs(instance, m)]


def check_feasible(instance: Instance, matching: dict[int, int]) -> None:
    """Assert capacities hold and every pair is mutually acceptable."""
    for candidate, posting in matching.items():
        assert acceptable(instance, candidate, posting), (candidate, posting)
    for posting, count in Counter(matching.values()).items():
        assert count <= instance.capacities[posting]


# Properties of the stable allocation.


@PROPERTY
@given(instances())
@example(Instance({1: 1, 2: 1}, {1: [1, 2], 2: [2, 1]}, {1: [2, 1], 2: [1, 2]}))
def test_allocation_respects_capacities_and_mutual_acceptability(instance):
    check_feasible(instance, run(instance))


@PROPERTY
@given(instances())
def test_allocation_has_no_blocking_pair(instance):
    assert blocking_pairs(instance, run(instance)) == []


@PROPERTY
@given(instances())
@example(Instance({1: 1, 2: 1}, {1: [1, 2], 2: [2, 1]}, {1: [2, 1], 2: [1, 2]}))
def test_every_candidate_gets_their_best_posting_over_all_stable_matchings(instance):
    result = run(instance)
    stable = stable_matchings(instance)
    assert result in stable
    for candidate in instance.candidate_prefs:
        best = min(candidate_rank(instance, candidate, m.get(candidate)) for m in stable)
        assert candidate_rank(instance, candidate, result.get(candidate)) == best


@PROPERTY
@given(instances())
def test_every_stable_matching_places_the_same_candidates(instance):
    # The rural hospitals theorem: a check on the brute force as much as on allocate.
    placed = {frozenset(m) for m in stable_matchings(instance)}
    assert placed == {frozenset(run(instance))}


@PROPERTY
@given(st.data())
def test_allocation_does_not_depend_on_dict_insertion_order(data):
    instance = data.draw(instances())
    again = data.draw(shuffled(instance))
    assert list(run(again).items()) == list(run(instance).items())


@PROPERTY
@given(instances())
def test_allocation_is_deterministic_sorted_by_candidate_and_leaves_inputs_alone(instance):
    before = copy.deepcopy(instance)
    first = run(instance)
    assert list(run(instance).items()) == list(first.items())
    assert list(first) == sorted(first)
    assert instance == before


# Hand-written examples.

# Gale & Shapley (1962), three men and three women: men's first choices, women's first choices
# and everyone's second choice are the three stable matchings. Candidates 1-3 are the men
# α, β, γ; postings 1-3 are the women A, B, C.
GALE_SHAPLEY = Instance(
    {1: 1, 2: 1, 3: 1},
    {1: [1, 2, 3], 2: [2, 3, 1], 3: [3, 1, 2]},
    {1: [2, 3, 1], 2: [3, 1, 2], 3: [1, 2, 3]},
)


def test_gale_shapley_example_gives_the_proposers_their_first_choices():
    assert run(GALE_SHAPLEY) == {1: 1, 2: 2, 3: 3}


def test_brute_force_finds_the_three_stable_matchings_of_the_gale_shapley_example():
    assert sorted(stable_matchings(GALE_SHAPLEY), key=lambda m: m[1]) == [
        {1: 1, 2: 2, 3: 3},
        {1: 2, 2: 3, 3: 1},
        {1: 3, 2: 1, 3: 2},
    ]


# Hospitals/residents worked by hand: posting 10 has two openings, posting 20 one.
# 3 displaces 1 at 10; 1 displaces 4 at 20; 4 displaces 2 at 10; 20 rejects 2, who ends unplaced.
HOSPITALS = Instance(
    {10: 2, 20: 1},
    {1: [10, 20], 2: [10, 20], 3: [10], 4: [20, 10]},
    {10: [4, 3, 2, 1], 20: [1, 2, 4]},
)


def test_hospitals_residents_example_fills_openings_with_displacement():
    assert run(HOSPITALS) == {1: 20, 3: 10, 4: 10}
    assert stable_matchings(HOSPITALS) == [run(HOSPITALS)]


def test_empty_inputs_place_nobody():
    assert allocate({}, {}, {}) == {}
    assert allocate({1: 2}, {5: []}, {1: []}) == {}


def test_candidate_skips_a_posting_with_no_openings():
    assert allocate({1: 0, 2: 1}, {7: [1, 2]}, {1: [7], 2: [7]}) == {7: 2}


def test_posting_missing_from_capacities_has_no_openings():
    assert allocate({2: 1}, {7: [1, 2]}, {1: [7], 2: [7]}) == {7: 2}
    assert allocate({}, {7: [1]}, {1: [7]}) == {}


def test_pairs_need_acceptance_from_both_sides():
    assert allocate({1: 1}, {7: [1]}, {1: [8]}) == {}
    assert allocate({1: 1}, {8: []}, {1: [8]}) == {}
    assert allocate({1: 1}, {7: [1]}, {}) == {}
    assert allocate({1: 1}, {}, {1: [7]}) == {}


def test_lower_ranked_candidate_is_held_when_the_better_one_rejects_the_posting():
    # Posting 1 prefers 8, but 8 does not list it, so 7 keeps the only opening.
    assert allocate({1: 1}, {7: [1], 8: [2]}, {1: [8, 7], 2: [8]}) == {7: 1}


@pytest.mark.parametrize(
    ("instance", "message"),
    [
        (Instance({1: 1}, {7: [1, 2, 1]}, {1: [7]}), "candidate 7 lists posting 1 twice"),
        (Instance({1: 1}, {7: [1]}, {1: [7, 8, 7]}), "posting 1 lists candidate 7 twice"),
        (Instance({1: 1, 2: -1}, {7: [1]}, {1: [7]}), "posting 2 has capacity -1"),
    ],
)
def test_invalid_input_is_refused_with_a_message_naming_it(instance, message):
    with pytest.raises(ValueError, match=message):
        allocate(*instance)
    with pytest.raises(ValueError, match=message):
        maximum_placements(*instance)


def test_repeats_are_refused_even_where_no_pair_is_acceptable():
    with pytest.raises(ValueError, match="candidate 7 lists posting 3 twice"):
        allocate({}, {7: [3, 3]}, {})


# Baselines: greedy by score and the maximum number of placements.


@st.composite
def scored_instances(draw) -> tuple[Instance, dict[tuple[int, int], float]]:
    """Draw an instance and scores with frequent ties for its mutually acceptable pairs."""
    instance = draw(instances())
    scores = {
        (p, c): float(draw(st.integers(0, 3)))
        for c, prefs in instance.candidate_prefs.items()
        for p in prefs
        if c in instance.posting_prefs.get(p, [])
    }
    return instance, scores


def greedy(instance: Instance, scores: dict[tuple[int, int], float]) -> dict[int, int]:
    return greedy_allocation(instance.capacities, instance.posting_prefs, scores)


@PROPERTY
@given(scored_instances())
def test_greedy_is_feasible_and_leaves_no_pair_it_could_still_add(scored):
    instance, scores = scored
    result = greedy(instance, scores)
    check_feasible(instance, result)
    used = Counter(result.values())
    for posting, candidate in scores:
        free_opening = used[posting] < instance.capacities.get(posting, 0)
        assert candidate in result or not free_opening


@PROPERTY
@given(scored_instances())
def test_maximum_is_the_largest_feasible_matching_and_bounds_stable_and_greedy(scored):
    instance, scores = scored
    maximum = maximum_placements(*instance)
    assert maximum == max(len(m) for m in all_matchings(instance))
    stable, by_score = len(run(instance)), len(greedy(instance, scores))
    assert stable <= maximum <= 2 * stable  # a stable matching is maximal
    assert by_score <= maximum <= 2 * by_score


@PROPERTY
@given(st.data())
def test_greedy_does_not_depend_on_dict_insertion_order(data):
    instance, scores = data.draw(scored_instances())
    again = data.draw(shuffled(instance))
    scores_again = reordered(scores, data.draw(st.permutations(list(scores))))
    assert list(greedy(again, scores_again).items()) == list(greedy(instance, scores).items())


def test_greedy_can_place_fewer_than_the_maximum():
    # 1 is everyone's best pair, so greedy gives it posting 1 and 2 is left with nothing.
    instance = Instance({1: 1, 2: 1}, {1: [1, 2], 2: [1]}, {1: [1, 2], 2: [1]})
    scores = {(1, 1): 0.9, (1, 2): 0.8, (2, 1): 0.5}
    assert greedy(instance, scores) == {1: 1}
    assert run(instance) == {1: 1}
    assert maximum_placements(*instance) == 2


def test_greedy_breaks_ties_by_posting_id_then_candidate_id():
    instance = Instance({1: 1, 2: 1}, {5: [2, 1], 6: [2, 1]}, {1: [6, 5], 2: [6, 5]})
    scores = {(2, 6): 1.0, (2, 5): 1.0, (1, 6): 1.0, (1, 5): 1.0}
    assert greedy(instance, scores) == {5: 1, 6: 2}


def test_greedy_skips_pairs_the_posting_does_not_list_or_without_openings():
    instance = Instance({1: 1}, {5: [1], 6: [1], 7: [2]}, {1: [6], 2: [7]})
    assert greedy(instance, {(1, 5): 9.0, (1, 6): 1.0, (2, 7): 5.0}) == {6: 1}


def test_greedy_refuses_negative_capacities_repeats_and_nan_scores():
    with pytest.raises(ValueError, match="posting 1 has capacity -2"):
        greedy_allocation({1: -2}, {1: [5]}, {(1, 5): 1.0})
    with pytest.raises(ValueError, match="posting 1 lists candidate 5 twice"):
        greedy_allocation({1: 1}, {1: [5, 5]}, {(1, 5): 1.0})
    with pytest.raises(ValueError, match="NaN"):
        greedy_allocation({1: 1}, {1: [5]}, {(1, 5): math.nan})


def test_maximum_counts_each_opening_once_and_caps_slots_at_the_takers():
    instance = Instance({1: 5, 2: 1}, {5: [1], 6: [1, 2], 7: [2]}, {1: [5, 6], 2: [6, 7]})
    assert maximum_placements(*instance) == 3
    assert maximum_placements({1: 5}, {5: [1]}, {1: [5]}) == 1
    assert maximum_placements({}, {}, {}) == 0

"""The indexes return exactly what the brute-force loops return, before and after updates."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.ranking import (
    CandidateIndex,
    FrenchLevels,
    PostingIndex,
    rank_candidates,
    rank_postings,
)
from matcher.ranking import store as store_module
from matcher.ranking.config import RankingConfig
from matcher.ranking.features import candidate_text
from matcher.ranking.index_query import Query

from .factories import TODAY, candidate, days, job, posting
from .strategies import candidates, examples_of, postings

INDEX = settings(max_examples=examples_of(10, 400))
ids = st.integers(1, 80)


def pool(draw_ids, profiles):
    """Give generated profiles distinct ids (hypothesis may repeat them)."""
    unique = dict(zip(draw_ids, profiles, strict=False))
    return [replace(p, id=i) for i, p in unique.items()]


@INDEX
@given(
    st.lists(ids, min_size=0, max_size=60, unique=True),
    st.lists(candidates(), min_size=60, max_size=60),
    st.lists(postings(), min_size=1, max_size=3),
    st.sampled_from([1, 3, 50]),
    st.sampled_from([1, 2, 8, 512]),
)
def test_candidate_index_ranks_like_the_brute_force_loop(
    pool_ids, profiles, queries, limit, first_pass
):
    people = pool(pool_ids, profiles)
    index = CandidateIndex(people, first_pass=first_pass)
    for p in queries:
        assert index.rank(p, TODAY, limit) == rank_candidates(p, people, TODAY, limit)


@INDEX
@given(
    st.lists(ids, min_size=5, max_size=40, unique=True),
    st.lists(candidates(), min_size=40, max_size=40),
    st.lists(st.tuples(st.booleans(), ids, candidates()), max_size=40),
    postings(),
)
def test_candidate_index_stays_exact_after_upserts_and_removes(pool_ids, profiles, changes, query):
    people = {c.id: c for c in pool(pool_ids, profiles)}
    index = CandidateIndex(people.values(), first_pass=2, compact_ratio=0.05)
    for is_upsert, target, profile in changes:
        if is_upsert:
            people[target] = replace(profile, id=target)
            index.upsert(people[target])
        else:
            assert index.remove(target) == (people.pop(target, None) is not None)
    assert len(index) == len(people)
    for limit in (2, 50):
        assert index.rank(query, TODAY, limit) == rank_candidates(
            query, people.values(), TODAY, limit
        )


@INDEX
@given(
    st.lists(ids, min_size=0, max_size=40, unique=True),
    st.lists(postings(), min_size=40, max_size=40),
    st.lists(candidates(), min_size=1, max_size=3),
    st.lists(st.tuples(st.booleans(), ids, postings()), max_size=15),
    st.sampled_from([1, 3, 50]),
)
def test_posting_index_ranks_like_the_brute_force_loop(pool_ids, profiles, people, changes, limit):
    openings = {p.id: p for p in pool(pool_ids, profiles)}
    index = PostingIndex(openings.values(), first_pass=2, compact_ratio=0.05)
    for c in people:
        assert index.rank(c, TODAY, limit) == rank_postings(c, openings.values(), TODAY, limit)
    for is_upsert, target, profile in changes:
        if is_upsert:
            openings[target] = replace(profile, id=target)
            index.upsert(openings[target])
        else:
            assert index.remove(target) == (openings.pop(target, None) is not None)
    for c in people:
        assert index.rank(c, TODAY, limit) == rank_postings(c, openings.values(), TODAY, limit)


ALL = 10**9  # a limit no pool reaches: rank returns every eligible item


@INDEX
@given(
    st.lists(ids, min_size=0, max_size=60, unique=True),
    st.lists(candidates(), min_size=60, max_size=60),
    st.lists(postings(), min_size=1, max_size=3),
    st.lists(st.tuples(st.booleans(), ids, candidates()), max_size=20),
)
def test_candidate_index_counts_the_eligible_candidates_rank_would_return(
    pool_ids, profiles, queries, changes
):
    people = {c.id: c for c in pool(pool_ids, profiles)}
    index = CandidateIndex(people.values(), compact_ratio=0.05)
    for round_ in range(2):
        for p in queries:
            expected = len(rank_candidates(p, people.values(), TODAY, ALL))
            assert index.count_eligible(p, TODAY) == expected
            assert len(index.rank(p, TODAY, ALL)) == expected
        if round_ == 0:
            for is_upsert, target, profile in changes:
                if is_upsert:
                    people[target] = replace(profile, id=target)
                    index.upsert(people[target])
                else:
                    index.remove(target)
                    people.pop(target, None)


@INDEX
@given(
    st.lists(ids, min_size=0, max_size=40, unique=True),
    st.lists(postings(), min_size=40, max_size=40),
    st.lists(candidates(), min_size=1, max_size=3),
    st.lists(st.tuples(st.booleans(), ids, postings()), max_size=15),
)
def test_posting_index_counts_the_eligible_postings_rank_would_return(
    pool_ids, profiles, people, changes
):
    openings = {p.id: p for p in pool(pool_ids, profiles)}
    index = PostingIndex(openings.values(), compact_ratio=0.05)
    for round_ in range(2):
        for c in people:
            expected = len(rank_postings(c, openings.values(), TODAY, ALL))
            assert index.count_eligible(c, TODAY) == expected
            assert len(index.rank(c, TODAY, ALL)) == expected
        if round_ == 0:
            for is_upsert, target, profile in changes:
                if is_upsert:
                    openings[target] = replace(profile, id=target)
                    index.upsert(openings[target])
                else:
                    index.remove(target)
                    openings.pop(target, None)


def test_count_eligible_counts_flagged_candidates_and_leaves_out_ineligible_ones():
    flagged = candidate(id=2, permit_expires_on=days(-3), permit_renewal_applied_on=days(-9))
    people = [candidate(id=1), flagged, candidate(id=3, permit_kind="none")]
    assert CandidateIndex(people).count_eligible(posting(), TODAY) == 2
    assert CandidateIndex([]).count_eligible(posting(), TODAY) == 0
    openings = [posting(id=1), posting(id=2, min_french_oral=12), posting(id=3)]
    index = PostingIndex(openings)
    assert index.count_eligible(candidate(id=1), TODAY) == 2
    assert index.count_eligible(candidate(id=1, permit_kind="none"), TODAY) == 0
    index.remove(3)
    assert index.count_eligible(candidate(id=1), TODAY) == 1


def test_index_reports_flags_and_explanations_like_evaluate():
    flagged = candidate(
        id=2,
        permit_expires_on=days(-3),
        permit_renewal_applied_on=days(-9),
        certifications=frozenset(),
    )
    p = posting(required_certifications=frozenset({"pdsb"}), training_provided=True)
    people = [candidate(id=1), flagged, candidate(id=3, permit_kind="none")]
    ranked = CandidateIndex(people).rank(p, TODAY)
    assert ranked == rank_candidates(p, people, TODAY)
    assert [m.id for m in ranked] == [1, 2]
    assert ranked[1].flags == frozenset({"maintained_status", "training_needed"})


def test_index_upsert_replaces_and_remove_forgets():
    index = CandidateIndex([candidate(id=1), candidate(id=2)])
    index.upsert(candidate(id=2, permit_kind="none"))
    assert [m.id for m in index.rank(posting(), TODAY)] == [1]
    assert index.remove(1) is True
    assert index.remove(1) is False
    assert index.rank(posting(), TODAY) == []
    index.upsert(candidate(id=7))
    assert [m.id for m in index.rank(posting(), TODAY)] == [7]


def test_unknown_codes_in_a_posting_match_no_one_but_relocation_and_training_still_apply():
    people = [
        candidate(id=1, preferred_regions=frozenset()),
        candidate(id=2, willing_to_relocate=True),
        candidate(id=3),
    ]
    p = posting(
        region="10", required_certifications=frozenset({"new-cert"}), training_provided=True
    )
    assert [m.id for m in CandidateIndex(people).rank(p, TODAY)] == [1, 2]
    assert CandidateIndex(people).rank(posting(shifts=frozenset({"split"})), TODAY) == []


def test_bounds_prune_costly_components_without_changing_the_result(monkeypatch):
    rng = random.Random(7)
    texts = ["soins d'hygiène aux résidents", "aide aux repas", "plonge", "accueil", ""]
    people = [
        candidate(
            id=i,
            french=FrenchLevels(*(rng.randint(5, 12) for _ in range(4))),
            experiences=(
                job(
                    days(-rng.randint(30, 1500)),
                    None,
                    hours=rng.choice([15, 30, 37.5]),
                    noc=rng.choice(["33102", None]),
                    title=rng.choice(["PAB", "Plongeur"]),
                    description=rng.choice(texts),
                ),
            ),
            desired_noc_codes=frozenset(),
        )
        for i in range(1, 301)
    ]
    scored: list[int] = []
    exact_totals = Query.exact_totals

    def counting(self, positions):
        scored.append(len(positions))
        return exact_totals(self, positions)

    monkeypatch.setattr(Query, "exact_totals", counting)
    ranked = CandidateIndex(people, first_pass=16).rank(posting(), TODAY, limit=2)
    assert ranked == rank_candidates(posting(), people, TODAY, limit=2)
    assert len(ranked) == 2
    assert scored[0] == 16  # the first pass: best lower bounds
    assert sum(scored) < len(people) // 2


def test_rows_without_experience_in_the_noc_are_read_only_when_they_can_make_the_list(
        monkeypatch):
    rng = random.Random(11)
    experienced = [
        candidate(id=i, french=FrenchLevels(10, 10, 8, 8), experiences=(
            job(days(-rng.randint(800, 1500)), None, description="Soins d'hygiène aux résidents"),
        ))
        for i in range(1, 41)
    ]
    others = [
        candidate(
            id=i,
            french=FrenchLevels(*(rng.randint(5, 12) for _ in range(4))),
            experiences=(job(days(-400), None, noc=None, title=rng.choice(["Plongeur", "PAB"])),),
            desired_noc_codes=frozenset(rng.choice([(), ("33102",)])),
        )
        for i in range(41, 401)
    ]
    people = experienced + others
    prepared: list[int] = []
    prepare = Query.prepare

    def counting(self, rows):
        prepared.append(len(rows))
        return prepare(self, rows)

    monkeypatch.setattr(Query, "prepare", counting)
    index = CandidateIndex(people)
    eligible = index.count_eligible(posting(), TODAY)
    for limit in (1, 10, 40, 41, 100):
        prepared.clear()
        assert index.rank(posting(), TODAY, limit) == rank_candidates(
            posting(), people, TODAY, limit), limit
        if limit <= 40:  # the experienced rows alone fill the list: most others are left out
            assert prepared[0] == 40 and prepared[-1] < eligible // 2, (limit, prepared)
        else:
            assert prepared == [eligible], (limit, prepared)


def test_rows_without_experience_that_can_make_the_list_are_ranked(monkeypatch):
    # Experienced rows with little to show, and others whose French, text and region can
    # lift them above: the threshold from the first must let the best of the others in.
    texts = ["Soins d'hygiène et de confort aux résidents, aide aux repas", "plonge", ""]
    for seed in range(12):
        rng = random.Random(seed)
        people = [  # a little experience in the NOC, the required French, far away
            candidate(id=i, french=FrenchLevels(6, 6, 5, 5),
                      experiences=(job(days(-rng.randint(20, 400)), None,
                                       description=rng.choice(texts)),),
                      preferred_regions=frozenset({"03"}), willing_to_relocate=True,
                      available_from=days(60))
            for i in range(1, 41)
        ] + [  # no experience in the NOC, better French, text, region or availability
            candidate(
                id=i,
                french=FrenchLevels(*(rng.randint(6, 12) for _ in range(4))),
                experiences=(job(days(-400), None, noc=None,
                                 title=rng.choice(["PAB", "Plongeur", "Préposée"]),
                                 description=rng.choice(texts)),),
                desired_noc_codes=frozenset(rng.choice([(), ("33102",)])),
                preferred_regions=frozenset({rng.choice(["06", "03"])}),
                willing_to_relocate=True, skills_text=rng.choice(texts),
                available_from=days(rng.randint(0, 120)),
            )
            for i in range(41, 161)
        ]
        index = CandidateIndex(people, first_pass=rng.choice([1, 8, 200]))
        opening = posting(start_date=days(120))
        for limit in (1, 3, 10, 30):
            assert index.rank(opening, TODAY, limit) == rank_candidates(
                opening, people, TODAY, limit), (seed, limit)


def test_a_row_without_experience_that_ties_the_threshold_exactly_is_kept():
    # Without the text component every ceiling can be reached: the other row reaches the
    # experienced one's total exactly, with French 4 levels above the minimum, and wins the
    # tie on its smaller id. A bound one tenth too tight would leave it out.
    config = RankingConfig(weight_text=0.0)
    opening = posting(start_date=days(45), description="", title="")
    experienced = candidate(
        id=2, french=FrenchLevels(5, 5, 5, 5), available_from=days(45),
        experiences=(job(days(-365), days(-1), description=""),), skills_text="")
    other = candidate(
        id=1, french=FrenchLevels(9, 9, 5, 5), desired_noc_codes=frozenset({"33102"}),
        experiences=(job(days(-400), None, noc=None, title="Plongeur"),), skills_text="")
    people = [experienced, other]
    expected = rank_candidates(opening, people, TODAY, 2, config=config)
    assert [m.id for m in expected] == [1, 2] and expected[0].score == expected[1].score
    index = CandidateIndex(people, config=config)
    assert index.rank(opening, TODAY, 1) == expected[:1]


SUMS_BOTH_WAYS = pytest.mark.parametrize("sparse_from", [0, 10**9], ids=["sparse", "numpy"])


@SUMS_BOTH_WAYS
def test_candidates_with_many_titles_nocs_and_periods_rank_like_brute_force(
    monkeypatch, sparse_from
):
    monkeypatch.setattr(store_module, "_SPARSE_FROM", sparse_from)
    # More items than the index keeps inline: the full lists must be read for these rows.
    many = tuple(
        job(days(-900 + 120 * k), days(-850 + 120 * k), noc=noc, title=title, description=title)
        for k, (noc, title) in enumerate(
            [("33102", "PAB"), ("65201", "Plongeur"), ("33102", "Aide-soignante"),
             ("65310", "Femme de ménage"), ("33102", "Préposé"), ("14101", "Réceptionniste")]
        )
    )  # fmt: skip
    people = [
        candidate(id=1, experiences=many, desired_noc_codes=frozenset({"13112", "63200"})),
        candidate(id=2, experiences=many[1:2], desired_noc_codes=frozenset()),
        candidate(id=3, experiences=many[3:], desired_noc_codes=frozenset({"44101"})),
    ]
    index = CandidateIndex(people)
    for p in (posting(min_experience_months=3), posting(noc_code="44101", title="Concierge"),
              posting(noc_code="63200", title="Cuisinier")):  # fmt: skip
        assert index.rank(p, TODAY) == rank_candidates(p, people, TODAY)
        assert index.rank(p, TODAY)


@INDEX
@given(st.lists(candidates(), min_size=1, max_size=5),
       st.lists(postings(), min_size=1, max_size=30))
def test_posting_gaps_name_exactly_the_reasons_evaluate_reports(people, openings):
    from matcher.ranking import evaluate
    from matcher.ranking.eligibility import RULES

    openings = [replace(p, id=i) for i, p in enumerate(openings, start=1)]
    index = PostingIndex(openings)
    for person in people:
        gaps = dict(index.gaps(person, TODAY))
        for opening in openings:
            expected = [r.code for r in evaluate(opening, person, TODAY).reasons]
            mask = gaps.get(opening.id, 0)
            assert [rule for bit, rule in enumerate(RULES) if mask >> bit & 1] == expected


def test_posting_gaps_follow_upserts_and_removals():
    index = PostingIndex([posting(id=1, min_french_oral=12), posting(id=2)])
    assert [posting_id for posting_id, _mask in index.gaps(candidate(id=1), TODAY)] == [1]
    index.upsert(posting(id=2, min_french_oral=12))
    index.remove(1)
    assert [posting_id for posting_id, _mask in index.gaps(candidate(id=1), TODAY)] == [2]


def test_posting_gaps_agree_with_evaluate_on_every_boundary():
    from matcher.ranking import evaluate
    from matcher.ranking.eligibility import RULES

    start = days(30)
    openings = [
        posting(id=1, start_date=start),                          # fits
        posting(id=2, start_date=start, min_french_oral=6),        # oral 6 = need 6
        posting(id=3, start_date=start, min_french_oral=7),        # oral 6 < 7
        posting(id=4, start_date=days(365)),                       # permit ends on S
        posting(id=5, start_date=days(366)),                       # permit ends the day before
        posting(id=6, start_date=start, min_experience_months=12),  # 12 months exactly
        posting(id=7, start_date=start, min_experience_months=13),
        posting(id=8, start_date=start, region="03", shifts=frozenset({"night"}),
                required_certifications=frozenset({"rcr"})),
        posting(id=9, start_date=start, required_certifications=frozenset({"rcr"}),
                training_provided=True),
        posting(id=10, employer_id=11, start_date=start),
    ]
    people = [
        candidate(available_from=start),                 # available on S
        candidate(available_from=days(31)),              # the day after S
        candidate(permit_kind="employer_specific", permit_employer_id=10),
        candidate(permit_kind="pending", permit_health_restricted=True),
        candidate(permit_expires_on=days(20), permit_renewal_applied_on=days(20)),
    ]
    index = PostingIndex(openings)
    for person in people:
        gaps = dict(index.gaps(person, TODAY))
        for opening in openings:
            expected = [r.code for r in evaluate(opening, person, TODAY).reasons]
            mask = gaps.get(opening.id, 0)
            got = [rule for bit, rule in enumerate(RULES) if mask >> bit & 1]
            assert got == expected, (person, opening.id)


@SUMS_BOTH_WAYS
def test_months_follow_the_day_of_each_query_and_every_update(monkeypatch, sparse_from):
    """`PeriodDays` is kept per day: a running job counts more months as days pass."""
    monkeypatch.setattr(store_module, "_SPARSE_FROM", sparse_from)
    running = (job(days(-100), None),)
    people = [candidate(id=1, experiences=running), candidate(id=2)]
    fillers = [candidate(id=100 + i, permit_kind="none") for i in range(70)]
    index = CandidateIndex(people + fillers)
    opening = posting(min_experience_months=6)
    for day in (TODAY, days(100), TODAY, days(100)):
        assert index.rank(opening, day) == rank_candidates(opening, people, day)
    assert sorted(m.id for m in index.rank(opening, days(100))) == [1, 2]
    assert [m.id for m in index.rank(opening, TODAY)] == [2]
    people.append(candidate(id=3, experiences=(job(days(-200), None),)))
    index.upsert(people[-1])
    assert sorted(m.id for m in index.rank(opening, TODAY)) == [2, 3]
    assert sorted(m.id for m in index.rank(opening, days(100))) == [1, 2, 3]
    for filler in [2, *(f.id for f in fillers)]:
        index.remove(filler)  # most rows dead: compacted
    assert index._store.generation == 1
    for months in (6, 12):  # the same day: only the compaction tells the days are stale
        opening = posting(min_experience_months=months)
        assert index.rank(opening, days(100)) == rank_candidates(opening, people[::2], days(100))


def test_the_permit_and_start_day_rules_hold_at_every_boundary():
    """The rules `Query._can_start` reads at the rows: employer, permit end, availability."""
    start = days(20)
    people = [
        candidate(id=1),
        candidate(id=2, permit_expires_on=start),                       # ends on the start day
        candidate(id=3, permit_expires_on=days(19)),                    # the day before
        candidate(id=4, permit_expires_on=days(10), permit_renewal_applied_on=days(5)),
        candidate(id=5, available_from=start),                          # available on the day
        candidate(id=6, available_from=days(21)),                       # the day after
        candidate(id=7, permit_kind="employer_specific", permit_employer_id=10),
        candidate(id=8, permit_kind="employer_specific", permit_employer_id=11),
        candidate(id=9, permit_kind="pending"),
        candidate(id=10, permit_health_restricted=True),
    ]
    index = CandidateIndex(people)
    for opening, eligible in (
        (posting(start_date=start), [1, 2, 4, 5, 7]),
        (posting(start_date=start, employer_id=11), [1, 2, 4, 5, 8]),
        (posting(), [1, 2, 3, 4, 7]),                                    # starts today
    ):
        expected = rank_candidates(opening, people, TODAY)
        assert sorted(m.id for m in expected) == eligible
        assert index.rank(opening, TODAY) == expected
        assert index.count_eligible(opening, TODAY) == len(eligible)


@INDEX
@given(st.lists(candidates(), min_size=1, max_size=8),
       st.lists(postings(), min_size=0, max_size=12))
def test_eligible_ids_are_the_candidates_evaluate_finds_eligible_for_some_posting(people,
                                                                                   openings):
    from matcher.ranking import evaluate

    people = list({person.id: person for person in people}.values())
    index = CandidateIndex(people)
    expected = sorted(person.id for person in people
                      if any(evaluate(p, person, TODAY).eligible for p in openings))
    assert index.eligible_ids(openings, TODAY).tolist() == expected


def test_eligible_ids_follow_upserts_and_removals():
    index = CandidateIndex([candidate(id=1), candidate(id=2), candidate(id=3, permit_kind="none")])
    openings = [posting(id=1), posting(id=2, min_french_oral=12)]
    assert index.eligible_ids(openings, TODAY).tolist() == [1, 2]
    index.upsert(candidate(id=3))
    index.remove(1)
    assert index.eligible_ids(openings, TODAY).tolist() == [2, 3]
    assert index.eligible_ids([], TODAY).tolist() == []


def test_an_index_built_in_batches_ranks_like_one_built_at_once(monkeypatch):
    import matcher.ranking.index as index_module

    rng = random.Random(7)
    people = [candidate(id=i, french=replace(candidate().french, oral_production=rng.randint(5, 9)))
              for i in range(1, 12)]
    whole = CandidateIndex(people)
    monkeypatch.setattr(index_module, "_BUILD_BATCH", 3)
    batched = CandidateIndex(people)
    for p in (posting(), posting(min_french_oral=7)):
        assert batched.rank(p, TODAY) == whole.rank(p, TODAY) == rank_candidates(p, people, TODAY)
        assert batched.eligible_ids([p], TODAY).tolist() == whole.eligible_ids([p], TODAY).tolist()


def _text_vectors(index: CandidateIndex) -> dict[int, dict[str, int]]:
    """Return each live candidate's stored text vector, decoded to {term: weight}."""
    store = index._store
    pointers = store.indptr["text"].view()
    terms, weights = store.fields["text"]["term"].view(), store.fields["text"]["weight"].view()
    return {
        int(store.ids.data[row]): {
            index._terms.keys[t]: int(w)
            for t, w in zip(terms[pointers[row]:pointers[row + 1]].tolist(),
                            weights[pointers[row]:pointers[row + 1]].tolist(), strict=True)
        }
        for row in range(store.size) if store.alive.data[row]
    }


def test_the_bulk_build_stores_what_one_candidate_at_a_time_stores(monkeypatch):
    import matcher.ranking.index as index_module

    texts = [
        "", "soins soins soins aux résidents", "Infirmier/infirmière auxiliaire, soins",
        "préposé(e)s aux bénéficiaires; PAB PAB", "tv/radio entretien", "  spaces\tand\nlines ",
        "Cuisinier / cuisinière", "repas repas repas repas repas vaisselle", "12 345 !!",
    ]
    rng = random.Random(3)
    people = [
        candidate(
            id=i,
            experiences=tuple(
                job(days(-rng.randint(60, 900)), None, noc=rng.choice(["33102", None]),
                    title=rng.choice(["PAB", "Plongeur", "Préposé/préposée"]),
                    description=rng.choice(texts))
                for _ in range(rng.randint(0, 3))
            ),
            skills_text=rng.choice(texts),
        )
        for i in range(1, 60)
    ]
    monkeypatch.setattr(index_module, "_BUILD_BATCH", 7)  # several batches, some with slashes
    bulk = CandidateIndex(people)
    one_by_one = CandidateIndex([])
    for person in people:
        one_by_one.upsert(person)
    model = bulk.catalog.text_model
    assert _text_vectors(bulk) == _text_vectors(one_by_one) == {
        p.id: model.vectorize(candidate_text(p)) for p in people
    }
    for p in (posting(), posting(title="Infirmier/infirmière", description="soins / repas")):
        assert bulk.rank(p, TODAY) == one_by_one.rank(p, TODAY) == rank_candidates(p, people, TODAY)

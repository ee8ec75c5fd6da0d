"""Building and running a round: lists, exclusions, figures, what is stored."""

from datetime import date

from sqlalchemy import select

from matcher.extensions import db
from matcher.models import Hire, PlacementProposal, PlacementRound, Posting, User
from matcher.rounds import services
from tests import factories as f
from tests.rounds.helpers import make_world


def _run(app, posting_ids, pool=None, email="agent@example.com") -> int:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        postings = services.chosen_postings(user, posting_ids)
        placement_round = services.create_round(user, postings, pool or {})
        services.run_round(placement_round.id)
        db.session.commit()
        return placement_round.id


def test_round_is_stored_with_its_inputs_stats_and_proposals(app):
    world = make_world(app)
    round_id = _run(app, world.postings)
    with app.app_context():
        placement_round = db.session.get(PlacementRound, round_id)
        assert placement_round.status == "proposed"
        stats = placement_round.stats
        assert stats["postings"] == 2 and stats["openings"] == 2 and stats["candidates"] == 3
        assert stats["placed"] == 2 and stats["maximum"] == 2 and stats["greedy"] <= 2
        assert set(stats) >= {"placed", "greedy", "maximum", "candidates", "postings"}
        inputs = placement_round.inputs
        assert set(inputs["capacities"]) == {str(p) for p in world.postings}
        assert all(len(prefs) == 3 for prefs in inputs["posting_prefs"].values())
        proposals = placement_round.proposals
        assert len(proposals) == 2 and len({p.candidate_id for p in proposals}) == 2
        for proposal in proposals:
            listed = [c for c, _ in inputs["posting_prefs"][str(proposal.posting_id)]]
            assert listed[proposal.posting_rank - 1] == proposal.candidate_id
            assert proposal.candidate_rank >= 1 and 0 <= proposal.score <= 100
            assert proposal.status == "proposed"
        assert placement_round.parameters["posting_ids"] == sorted(world.postings)


def test_round_leaves_out_candidates_invited_or_applied_and_people_employed(app):
    world = make_world(app)
    with app.app_context():
        day = db.session.get(Posting, world.postings[0])
        first, second, third = world.candidates
        f.make_application(db.session.get(f.Candidate, first), day, status="invited")
        hired = f.make_application(db.session.get(f.Candidate, second),
                                   f.make_posting(status="filled", filled=2), status="hired")
        db.session.add(Hire(application=hired, posting_id=hired.posting_id, person_id=second,
                            start_on=date(2026, 1, 5)))
        db.session.commit()
    round_id = _run(app, [world.postings[0]])
    with app.app_context():
        placement_round = db.session.get(PlacementRound, round_id)
        listed = [c for c, _ in placement_round.inputs["posting_prefs"][str(world.postings[0])]]
        assert listed == [third]
        assert placement_round.stats["candidates"] == 2  # the employed person is not in the pool
        assert [p.candidate_id for p in placement_round.proposals] == [third]


def test_round_pool_follows_the_agency_filter(app):
    world = make_world(app)
    with app.app_context():
        agency = f.make_agency("Libre Emploi (test)")
        db.session.get(f.Candidate, world.candidates[2]).agency = agency
        db.session.commit()
        agency_id = agency.id
    round_id = _run(app, world.postings, {"agency_id": agency_id})
    with app.app_context():
        placement_round = db.session.get(PlacementRound, round_id)
        assert placement_round.stats["candidates"] == 1
        assert [p.candidate_id for p in placement_round.proposals] == [world.candidates[2]]


def test_a_pool_larger_than_a_request_allows_goes_to_the_queue(app, monkeypatch):
    world = make_world(app)
    monkeypatch.setattr(services, "POOL_LIMIT", 2)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "agent@example.com"))
        placement_round = services.create_round(
            user, services.chosen_postings(user, world.postings), {})
        assert services.runs_in_queue(placement_round)
        assert placement_round.parameters["pool_size"] > 2


def test_hr_round_never_uses_another_establishments_posting(app):
    world = make_world(app)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "rh-a@example.com"))
        assert services.chosen_postings(user, [world.postings[0], world.other_posting]) is None
        offered = {p.id for p in services.selectable_postings(user)}
        assert offered == set(world.postings)


def test_stable_round_follows_wishes_where_greedy_follows_the_score(app):
    """The best-scored candidate stars the kitchen job: greedy still gives them the care job."""
    world = make_world(app, candidates=2)
    with app.app_context():
        from matcher.matching import stars

        best = db.session.get(f.Candidate, world.candidates[1])  # better French: higher score
        stars.star(best, db.session.get(Posting, world.postings[1]))
        db.session.commit()
    round_id = _run(app, world.postings)
    with app.app_context():
        placement_round = db.session.get(PlacementRound, round_id)
        placed = {p.candidate_id: p.posting_id for p in db.session.scalars(
            select(PlacementProposal).where(PlacementProposal.round_id == round_id))}
        assert placed[world.candidates[1]] == world.postings[1]
        assert placement_round.stats["first_choice"] == 2
        assert placement_round.stats["greedy"] == 2
        assert placement_round.stats["greedy_first_choice"] == 0
        # The kitchen job would rather have the best candidate, who would rather have it.
        assert placement_round.stats["greedy_unstable"] == 1

"""Running, reviewing and approving a round through the pages."""

import pytest
from sqlalchemy import select, update

from matcher.extensions import db
from matcher.models import Application, AuditEvent, PlacementProposal, PlacementRound, Posting
from tests import factories as f
from tests.conftest import Login, post_form
from tests.rounds.helpers import make_world, round_id_of, run_round


def _proposals(app, round_id) -> list[tuple[int, int, int]]:
    with app.app_context():
        return db.session.execute(
            select(PlacementProposal.id, PlacementProposal.posting_id,
                   PlacementProposal.candidate_id)
            .where(PlacementProposal.round_id == round_id)
            .order_by(PlacementProposal.id)).all()


def _approve(client, round_id, proposal_ids):
    confirm = f"/rounds/{round_id}/confirm?" + "&".join(f"proposal={p}" for p in proposal_ids)
    return post_form(client, f"/rounds/{round_id}/approve",
                     {"proposal": [str(p) for p in proposal_ids]}, token_from=confirm,
                     follow_redirects=True)


def _invitations(app) -> set[tuple[int, int]]:
    with app.app_context():
        return set(db.session.execute(select(Application.posting_id, Application.candidate_id)
                                      .where(Application.status == "invited")).all())


def test_staff_review_shows_pseudonyms_and_the_three_figures(app, client):
    world = make_world(app)
    Login(client).as_user("agent@example.com")
    html = client.get("/rounds/new").get_data(as_text=True)
    assert "Préposé·e de jour" in html and "Préposé·e ailleurs" in html
    round_id = round_id_of(run_round(client, world.postings))
    html = client.get(f"/rounds/{round_id}").get_data(as_text=True)
    assert "Placements stables" in html and "Meilleur score d’abord" in html
    assert "Le plus possible" in html
    assert "C-" in html and "Marie" not in html and "Joseph" not in html


def test_approval_creates_exactly_the_proposed_invitations(app, client):
    world = make_world(app)
    Login(client).as_user("agent@example.com")
    round_id = round_id_of(run_round(client, world.postings))
    proposals = _proposals(app, round_id)
    assert len(proposals) == 2
    confirm = client.get(f"/rounds/{round_id}/confirm?proposal={proposals[0][0]}"
                         f"&proposal={proposals[1][0]}").get_data(as_text=True)
    assert "Envoyer 2 invitations" in confirm
    assert _invitations(app) == set()  # nothing is sent before the confirmation
    html = _approve(client, round_id, [p[0] for p in proposals]).get_data(as_text=True)
    assert "2 invitations envoyées." in html
    assert _invitations(app) == {(posting, candidate) for _, posting, candidate in proposals}
    with app.app_context():
        placement_round = db.session.get(PlacementRound, round_id)
        assert placement_round.status == "approved"
        assert all(p.application_id for p in placement_round.proposals)
        audit = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "placement_round.approved"))
        assert audit.details == {"approved": 2, "skipped": 0}
    again = _approve(client, round_id, [p[0] for p in proposals]).get_data(as_text=True)
    assert "Rien n’a été envoyé" in again
    assert len(_invitations(app)) == 2


def test_approving_a_selection_leaves_the_other_proposals_waiting(app, client):
    world = make_world(app)
    Login(client).as_user("agent@example.com")
    round_id = round_id_of(run_round(client, world.postings))
    (first, posting, candidate), (second, *_) = _proposals(app, round_id)
    _approve(client, round_id, [first])
    assert _invitations(app) == {(posting, candidate)}
    with app.app_context():
        assert db.session.get(PlacementRound, round_id).status == "partly_approved"
        assert db.session.get(PlacementProposal, second).status == "proposed"


def test_a_posting_filled_meanwhile_is_skipped_with_a_message(app, client):
    world = make_world(app)
    Login(client).as_user("agent@example.com")
    round_id = round_id_of(run_round(client, world.postings))
    proposals = _proposals(app, round_id)
    filled_posting = proposals[0][1]
    with app.app_context():
        db.session.execute(update(Posting).where(Posting.id == filled_posting)
                           .values(filled=1, status="filled"))
        db.session.commit()
    html = _approve(client, round_id, [p[0] for p in proposals]).get_data(as_text=True)
    assert "1 invitation envoyée. 1 proposition écartée" in html
    assert "L’offre n’a plus de poste à pourvoir" in html
    assert _invitations(app) == {(p, c) for _, p, c in proposals if p != filled_posting}
    with app.app_context():
        skipped = db.session.get(PlacementProposal, proposals[0][0])
        assert (skipped.status, skipped.message) == ("skipped", "posting_filled")
        assert db.session.get(PlacementRound, round_id).status == "partly_approved"


def test_a_candidate_who_applied_meanwhile_is_skipped_with_a_message(app, client):
    world = make_world(app)
    Login(client).as_user("agent@example.com")
    round_id = round_id_of(run_round(client, world.postings))
    (proposal_id, posting_id, candidate_id), *_ = _proposals(app, round_id)
    with app.app_context():
        f.make_application(db.session.get(f.Candidate, candidate_id),
                           db.session.get(Posting, posting_id))
        db.session.commit()
    html = _approve(client, round_id, [proposal_id]).get_data(as_text=True)
    assert "a postulé ou a été invitée entre-temps" in html
    with app.app_context():
        assert db.session.get(PlacementProposal, proposal_id).message == "already_applied"


def test_hr_sees_and_runs_rounds_only_on_their_own_postings(app, client):
    world = make_world(app)
    staff = app.test_client()
    Login(staff).as_user("agent@example.com")
    staff_round = round_id_of(run_round(staff, world.postings))
    Login(client).as_user("rh-b@example.com")
    assert "Préposé·e de jour" not in client.get("/rounds/new").get_data(as_text=True)
    assert run_round(client, [world.postings[0]]).status_code == 404
    assert run_round(client, [world.other_posting, world.postings[0]]).status_code == 404
    assert client.get(f"/rounds/{staff_round}").status_code == 404
    own = round_id_of(run_round(client, [world.other_posting]))
    assert client.get(f"/rounds/{own}").status_code == 200
    other_hr = app.test_client()
    Login(other_hr).as_user("rh-a@example.com")
    assert other_hr.get(f"/rounds/{own}").status_code == 404
    assert other_hr.get(f"/rounds/{own}/confirm").status_code == 404
    assert post_form(other_hr, f"/rounds/{own}/approve", {}, token_from="/rounds").status_code \
        == 404
    assert f"/rounds/{own}" not in other_hr.get("/rounds").get_data(as_text=True)
    assert f"/rounds/{own}" in staff.get("/rounds").get_data(as_text=True)


def test_a_round_needs_a_posting(app, client):
    make_world(app)
    Login(client).as_user("agent@example.com")
    response = run_round(client, [])
    assert response.status_code == 200
    assert "Choisissez au moins une offre." in response.get_data(as_text=True)


def test_staff_menu_has_placement_rounds(app, client):
    make_world(app)
    Login(client).as_user("agent@example.com")
    assert "Tours de placement" in client.get("/").get_data(as_text=True)


def test_bad_input_gets_an_error_and_changes_nothing(app, client):
    world = make_world(app)
    Login(client).as_user("agent@example.com")
    response = run_round(client, ["abc"])
    assert response.status_code == 200 and "Choisissez dans la liste." in response.get_data(
        as_text=True)
    assert run_round(client, [str(2**40)]).status_code == 200
    assert run_round(client, world.postings, pool_agency="nope").status_code == 200
    round_id = round_id_of(run_round(client, world.postings))
    html = client.get(f"/rounds/{round_id}/confirm?proposal=x").get_data(as_text=True)
    assert "Aucune proposition en attente" in html
    html = _approve(client, round_id, ["999999"]).get_data(as_text=True)
    assert "Rien n’a été envoyé" in html
    with app.app_context():
        assert db.session.scalar(select(PlacementRound.id).order_by(
            PlacementRound.id.desc())) == round_id
    assert _invitations(app) == set()


def test_a_large_round_runs_in_the_queue_and_its_page_waits_for_it(app, client, monkeypatch):
    from matcher.rounds import services

    world = make_world(app)
    monkeypatch.setattr(services, "POOL_LIMIT", 1)
    queued = []
    monkeypatch.setitem(app.extensions["jobs.tasks"], "run-round", queued.append)
    Login(client).as_user("agent@example.com")
    round_id = round_id_of(run_round(client, world.postings))
    assert queued == [round_id]  # handed to the worker, not run in the request
    html = client.get(f"/rounds/{round_id}").get_data(as_text=True)
    assert "<progress" in html and "js/refresh.js" in html

    from matcher.rounds import run_round_job

    with app.app_context():
        run_round_job(round_id)  # what the worker does
    with app.app_context():
        assert db.session.get(PlacementRound, round_id).status == "proposed"
    html = client.get(f"/rounds/{round_id}").get_data(as_text=True)
    assert "<progress" not in html


@pytest.mark.commits  # the task commits in its own session while the request's is open
def test_the_queue_task_is_registered_and_runs_a_round(app, client, monkeypatch):
    from matcher.rounds import services

    world = make_world(app)
    monkeypatch.setattr(services, "POOL_LIMIT", 1)
    Login(client).as_user("agent@example.com")
    # The test queue runs tasks as they are queued: the round is proposed on arrival.
    round_id = round_id_of(run_round(client, world.postings))
    with app.app_context():
        assert db.session.get(PlacementRound, round_id).status == "proposed"

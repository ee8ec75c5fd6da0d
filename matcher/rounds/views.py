"""Placement rounds: staff (any open postings) or HR (their own) propose who goes where."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from matcher import jobs, policy
from matcher.extensions import db
from matcher.matching.pseudonyms import pseudonym
from matcher.models import PlacementRound
from matcher.rounds import approval, forms, labels, review, services

bp = Blueprint("rounds", __name__, url_prefix="/rounds")
ROUND_ID = "<int:round_id>"


@bp.context_processor
def _helpers() -> dict:
    return labels.template_helpers()


@bp.get("")
@policy.round_runner_required
def index():
    """List the rounds the user may open, newest first."""
    rounds = db.session.scalars(policy.placement_rounds_for(current_user).order_by(
        PlacementRound.created_at.desc(), PlacementRound.id.desc()).limit(100)).all()
    return render_template("rounds/index.html", rounds=rounds)


@bp.route("/new", methods=["GET", "POST"])
@policy.round_runner_required
def new():
    """Choose postings and a pool of candidates, then run the round and show its proposal."""
    filters, form = forms.PostingFilterForm(request.args), forms.RoundForm()
    forms.fill_choices(filters, form, staff=current_user.role in policy.STAFF_ROLES)
    filters.validate()
    if form.validate_on_submit():
        postings = (services.chosen_postings(current_user, form.posting_ids.data)
                    or policy.deny("Posting", None))
        try:
            placement_round = services.create_round(current_user, postings, form.pool())
            if not services.runs_in_queue(placement_round):
                services.run_round(placement_round.id)
        except services.RoundError as error:
            db.session.rollback()
            form.posting_ids.errors.append(str(labels.ERRORS[error.code]))
        else:
            db.session.commit()
            if placement_round.status == "draft":
                jobs.enqueue("run-round", placement_round.id)
            return redirect(url_for(".show", round_id=placement_round.id))
    postings = services.selectable_postings(current_user, filters.valid("region"),
                                            filters.valid("occupation"))
    return render_template("rounds/new.html", filters=filters, form=form, postings=postings,
                           ticked=set(form.posting_ids.data or ()))


@bp.get("/" + ROUND_ID)
@policy.round_runner_required
def show(round_id: int):
    """Review a round: who is proposed where, against greedy and the maximum."""
    placement_round = policy.get_placement_round(current_user, round_id)
    return render_template("rounds/show.html", round=placement_round, pseudonym=pseudonym,
                           postings=review.by_posting(placement_round),
                           candidates=review.by_candidate(placement_round))


@bp.get("/" + ROUND_ID + "/confirm")
@policy.round_runner_required
def confirm(round_id: int):
    """Ask for confirmation before the chosen proposals become invitations."""
    placement_round = policy.get_placement_round(current_user, round_id)
    selection = forms.SelectionForm(request.args)
    chosen = review.proposals_by_id(
        placement_round, selection.proposal.data if selection.validate() else ())
    return render_template("rounds/confirm.html", round=placement_round, chosen=chosen,
                           form=forms.ApproveForm(), pseudonym=pseudonym)


@bp.post("/" + ROUND_ID + "/approve")
@policy.round_runner_required
def approve(round_id: int):
    """Send the confirmed invitations in one transaction; skipped ones say why."""
    placement_round = policy.get_placement_round(current_user, round_id)
    form = forms.ApproveForm()
    try:
        if not form.validate_on_submit():
            raise approval.ApprovalError
        outcome = approval.approve(placement_round, form.proposal.data, current_user)
    except approval.ApprovalError:
        db.session.rollback()
        flash(_("Nothing was sent: choose at least one proposal still waiting."), "error")
    else:
        db.session.commit()
        flash(labels.outcome_message(outcome), "success" if not outcome["skipped"]
              else "warning")
    return redirect(url_for(".show", round_id=round_id))

"""The public job board, and the pages where HR writes and manages postings."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from matcher import clock, navigation
from matcher.extensions import db
from matcher.matching import stars
from matcher.matching.fit import fit_for
from matcher.matching.forms import StarForm
from matcher.models import Employer
from matcher.policy import (
    drafting_employer_id_of,
    drafting_employer_required,
    get_draftable_posting,
    get_open_posting,
    own_candidate,
)
from matcher.postings import hints, labels, picker, search, services
from matcher.postings.forms import BoardForm, OccupationSearchForm, PostingForm, StatusForm

bp = Blueprint("postings", __name__)
# Ids beyond the database's integer range are a 404, not an overflow in the driver.
MAX_ID = 2**31 - 1
POSTING_ID = f"<int(max={MAX_ID}):posting_id>"


def add_navigation(app) -> None:
    """Add this feature's menu entries (create_app calls it)."""
    navigation.add(app, "postings.board", _l("Jobs"), "anonymous", "candidate", "employer",
                   "staff", "admin")


DONE = {"publish": _l("The posting is open: candidates can see it on the job board."),
        "close": _l("The posting is closed."), "reopen": _l("The posting is open again.")}
PENDING_PUBLISH = _l("The posting stays a draft until the program’s team approves your account: "
                     "you can publish it then.")


@bp.context_processor
def _labels() -> dict:
    return labels.template_helpers()


@bp.get("/jobs")
def board():
    """List open postings: a search by words, occupations and places, filters and sorting."""
    form = BoardForm(formdata=request.args)
    form.region.choices = picker.region_choices()
    form.validate()
    closed = services.close_expired_postings()
    text, filters = form.valid("q") or "", form.filters()
    results = search.search_board(text, filters=filters, sort=form.valid("sort"),
                                  page=form.valid("page") or 1)
    tips = hints.no_result_hints(text, filters, results.terms) if not results.total else []
    if closed:
        db.session.commit()
    occupation = hints.occupation_name(filters.occupation) if filters.occupation else None
    return render_template("postings/board.html", form=form, results=results, hints=tips,
                           understood=hints.understood(results.terms), occupation=occupation)


@bp.get("/jobs/" + POSTING_ID)
def detail(posting_id: int):
    """Show what an open posting offers and asks, to anyone."""
    posting = get_open_posting(posting_id)
    if posting.closes_on is not None and posting.closes_on < clock.today():
        abort(404)
    candidate, day = own_candidate(current_user), clock.today()
    return render_template("postings/detail.html", posting=posting,
                           wish=stars.wish_state(candidate, posting, day),
                           fit=fit_for(candidate, posting, day),
                           star_form=StarForm(back="posting"), levels=picker.french_levels())


@bp.get("/employer/postings/" + POSTING_ID)
@drafting_employer_required
def manage(posting_id: int):
    """Show one of the establishment's postings with what HR can do with it."""
    if services.close_expired_postings():
        db.session.commit()
    posting = get_draftable_posting(current_user, posting_id)
    return render_template("postings/manage.html", posting=posting, status_form=StatusForm(),
                           levels=picker.french_levels())


@bp.route("/employer/postings/new", methods=["GET", "POST"])
@drafting_employer_required
def new():
    """Write a new posting, from scratch or as a copy of another (?copy_of=ID)."""
    source = None
    if "copy_of" in request.args:
        copy_of = request.args.get("copy_of", type=int)
        source = get_draftable_posting(current_user,
                                       copy_of if 0 < (copy_of or 0) <= MAX_ID else 0)
    form = PostingForm(data=services.copy_values(source) if source else None)
    return _posting_form(form, None, source)


@bp.route("/employer/postings/" + POSTING_ID + "/edit", methods=["GET", "POST"])
@drafting_employer_required
def edit(posting_id: int):
    """Change a posting that is not filled yet."""
    posting = get_draftable_posting(current_user, posting_id)
    if posting.status == "filled":
        flash(_("A filled posting cannot be changed: duplicate it instead."), "error")
        return redirect(url_for(".manage", posting_id=posting.id))
    return _posting_form(PostingForm(data=services.copy_values(posting)), posting, None)


def _posting_form(form: PostingForm, posting, source):
    """Fill the form's choices, save it when valid, or show it with its errors."""
    employer = db.session.get(Employer, drafting_employer_id_of(current_user))
    search_form = OccupationSearchForm(formdata=request.args)
    query = search_form.occupation_q.data if search_form.validate() else None
    matched = picker.fill_choices(form, employer, query)
    if form.validate_on_submit():
        try:
            posting = _save(form, employer, posting)
        except services.PostingError as error:
            db.session.rollback()
            form.add_errors(error.errors)
        else:
            db.session.commit()
            return redirect(url_for(".manage", posting_id=posting.id))
    return render_template("postings/form.html", form=form, posting=posting, source=source,
                           search_form=search_form, matched=matched)


def _save(form: PostingForm, employer, posting):
    site = {"site_id": form.site_id.data, "new_site": form.new_site()}
    if posting is None:
        # A pending HR user drafts; publishing waits for the program's approval.
        publish = form.publish.data and current_user.is_approved_employer
        posting = services.create_posting(employer, form.values(), author=current_user,
                                          publish=publish, **site)
        flash(DONE["publish"] if posting.status == "open"
              else _("The posting is saved as a draft."), "success")
        if form.publish.data and not publish:
            flash(PENDING_PUBLISH, "info")
    elif services.update_posting(posting, form.values(), **site):
        flash(_("Your changes are saved."), "success")
    return posting


@bp.post("/employer/postings/" + POSTING_ID + "/status")
@drafting_employer_required
def change_status(posting_id: int):
    """Publish, close or reopen a posting (publishing only once the account is approved)."""
    posting = get_draftable_posting(current_user, posting_id)
    form = StatusForm()
    try:
        if not form.validate_on_submit():
            raise services.PostingError({"status": _("This change is not possible now.")})
        if not current_user.is_approved_employer:
            raise services.PostingError({"status": str(PENDING_PUBLISH)})
        services.change_status(posting, form.action.data)
    except services.PostingError as error:
        db.session.rollback()
        for message in error.errors.values():
            flash(message, "error")
    else:
        db.session.commit()
        flash(DONE[form.action.data], "success")
    return redirect(url_for(".manage", posting_id=posting_id))

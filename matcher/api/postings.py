"""Employer API: the establishment's postings, and the candidates ranked for each."""

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from matcher import clock, policy
from matcher.api.pagination import Page, PageQuery, page
from matcher.api.problems import Problem, field_error
from matcher.api.spec import operation
from matcher.extensions import db
from matcher.matching import queries
from matcher.matching.pseudonyms import contact_visible, pseudonym
from matcher.matching.schemas import ComponentOut, RankedCandidate, RankedCandidates
from matcher.models import Posting
from matcher.postings import services
from matcher.postings.schemas import PostingCreate, PostingIn, PostingOut, Status, StatusChange

TAG = "Employer: postings"
# Names of the services' fields that differ from the API's.
API_NAMES = {"certifications": "required_certifications"}


class PostingQuery(PageQuery):
    status: Status | None = None


def refused(error: services.PostingError) -> Problem:
    """Return the 422 listing each broken rule, with the form's messages."""
    return Problem(422, "rules_broken", _l("The posting breaks the rules below."), errors=[
        field_error(API_NAMES.get(name, name), message, "rule")
        for name, message in error.errors.items()])


def _external_id_taken() -> Problem:
    return Problem(409, "external_id_taken", _l("Another posting of the establishment has this "
                                                "external_id."))


@operation("GET", "/postings", summary="List the establishment's postings", tag=TAG,
           scope="employer", query=PostingQuery, response=Page[PostingOut])
def list_postings(token, query: PostingQuery):
    """Postings of the token's establishment, by id; filter by status."""
    select = policy.own_postings(token.user)
    if query.status:
        select = select.where(Posting.status == query.status)
    return Page[PostingOut](**page(select, Posting.id, query, PostingOut.of))


@operation("POST", "/postings", summary="Create a posting (draft, or published at once)",
           tag=TAG, scope="employer", body=PostingCreate, response=PostingOut, status=201,
           conflict=True)
def create_posting(token, body: PostingCreate):
    """The same rules as the form: minimum wage on the start date, dates, occupations."""
    employer = policy.employer_of(token.user)
    try:
        with db.session.begin_nested():
            posting = services.create_posting(employer, body.values(), site_id=body.site_id,
                                              author=token.user, publish=body.publish)
            posting.external_id = body.external_id
            db.session.flush()
    except services.PostingError as error:
        raise refused(error) from None
    except IntegrityError:
        raise _external_id_taken() from None
    location = url_for("api.get_posting", posting_id=posting.id)
    return PostingOut.of(posting), 201, {"Location": location}


@operation("GET", "/postings/<int:posting_id>", summary="Read a posting", tag=TAG,
           scope="employer", response=PostingOut)
def get_posting(token, posting_id: int):
    return PostingOut.of(policy.get_own_posting(token.user, posting_id))


@operation("PUT", "/postings/<int:posting_id>", summary="Replace a posting's values",
           tag=TAG, scope="employer", body=PostingIn, response=PostingOut, conflict=True)
def update_posting(token, posting_id: int, body: PostingIn):
    """Every field is sent; a filled posting cannot change."""
    posting = policy.get_own_posting(token.user, posting_id)
    try:
        with db.session.begin_nested():
            services.update_posting(posting, body.values(), site_id=body.site_id)
            posting.external_id = body.external_id
            db.session.flush()
    except services.PostingError as error:
        raise refused(error) from None
    except IntegrityError:
        raise _external_id_taken() from None
    return PostingOut.of(posting)


@operation("POST", "/postings/<int:posting_id>/status", summary="Publish, close or reopen",
           tag=TAG, scope="employer", body=StatusChange, response=PostingOut, conflict=True)
def change_status(token, posting_id: int, body: StatusChange):
    """publish: draft -> open; close: open -> closed; reopen: closed -> open."""
    posting = policy.get_own_posting(token.user, posting_id)
    if {"publish": "draft", "close": "open", "reopen": "closed"}[body.action] != posting.status:
        raise Problem(409, "status_change_impossible",
                      _l("This change is not possible now."))
    try:
        services.change_status(posting, body.action)
    except services.PostingError as error:
        raise refused(error) from None
    return PostingOut.of(posting)


@operation("GET", "/postings/<int:posting_id>/candidates", tag=TAG, scope="employer",
           summary="Rank the eligible candidates of a posting", response=RankedCandidates)
def ranked_candidates(token, posting_id: int):
    """Candidates who switched matching on, best first, pseudonymized as on the page."""
    posting = policy.get_own_posting(token.user, posting_id)
    items = []
    for candidate, match, application in queries.ranked_candidates(posting, clock.today()):
        status = application.status if application else None
        name = candidate.display_name if contact_visible(application) else None
        items.append(RankedCandidate(
            candidate_id=candidate.id, candidate=name or pseudonym(candidate.id),
            score=round(match.score, 1), flags=sorted(match.flags),
            explanation=[ComponentOut.model_validate(c) for c in match.explanation],
            application_id=application.id if application else None,
            application_status=status))
    return RankedCandidates(items=items)

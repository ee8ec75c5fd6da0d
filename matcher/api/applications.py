"""Employer API: applications to the establishment's postings, invitations and hires."""

from flask import url_for
from flask_babel import lazy_gettext as _l
from pydantic import Field

from matcher import policy
from matcher.api import idempotency
from matcher.api.pagination import Page, PageQuery, page
from matcher.api.problems import Problem, field_error
from matcher.api.spec import operation
from matcher.applications import hires, services
from matcher.applications.schemas import (
    ApplicationOut,
    ApplicationStatus,
    HireCancel,
    HireEnd,
    HireIn,
    HireOut,
    Invitation,
    Move,
)
from matcher.applications.views import ERRORS
from matcher.matching import queries
from matcher.models import Application, Hire

TAG = "Employer: applications and hires"
# Refusals that say the application or hire is not in the state the request needs.
CONFLICTS = {"already_hired", "hire_needs_offer", "no_opening_left", "forbidden_move",
             "already_applied", "posting_not_open", "already_employed", "cancel_too_late"}


class ApplicationQuery(PageQuery):
    posting_id: int | None = Field(None, ge=1, le=2**31 - 1)
    status: ApplicationStatus | None = None


def refused(error: services.ApplicationError) -> Problem:
    """Return the problem for a refusal of the application or hire rules."""
    message = ERRORS.get(error.code, _l("This change is not possible now."))
    day = getattr(error, "day", None)
    text = str(message) % {"date": day.isoformat()} if day else str(message)
    field = getattr(error, "field", None)
    # A refused date names its field (422); a state the request does not fit is a 409.
    status = 409 if field is None and error.code in CONFLICTS else 422
    errors = [field_error(field, text, error.code)] if field else []
    return Problem(status, error.code, text, errors=errors)


@operation("GET", "/applications", summary="List applications to the establishment's postings",
           tag=TAG, scope="employer", query=ApplicationQuery, response=Page[ApplicationOut])
def list_applications(token, query: ApplicationQuery):
    select = policy.own_applications(token.user)
    if query.posting_id:
        select = select.where(Application.posting_id == query.posting_id)
    if query.status:
        select = select.where(Application.status == query.status)
    return Page[ApplicationOut](**page(select, Application.id, query, ApplicationOut.of))


@operation("GET", "/applications/<int:application_id>", summary="Read an application", tag=TAG,
           scope="employer", response=ApplicationOut)
def get_application(token, application_id: int):
    return ApplicationOut.of(policy.get_own_application(token.user, application_id))


@operation("POST", "/applications/<int:application_id>/moves", tag=TAG, scope="employer",
           summary="Move an application along the pipeline", body=Move,
           response=ApplicationOut, conflict=True)
def move_application(token, application_id: int, body: Move):
    """applied -> shortlisted -> interview -> offer, or rejected with a reason, as on the
    pipeline page: the candidate is told the reason in their language."""
    application = policy.get_own_application(token.user, application_id)
    if body.status != "rejected":
        _refuse_decline_fields(body)
    try:
        if body.status == "rejected":
            services.reject(token.user, application, body.reason or "", body.detail,
                            body.message)
        else:
            services.move(token.user, application, body.status)
    except services.ApplicationError as error:
        raise refused(error) from None
    return ApplicationOut.of(application)


def _refuse_decline_fields(body: Move) -> None:
    """Refuse a reason, detail or message sent with a move that is not a decline."""
    sent = [name for name in ("reason", "detail", "message") if getattr(body, name)]
    if sent:
        text = str(_l("Only a decline (status rejected) takes this field."))
        raise Problem(422, "invalid", text,
                      errors=[field_error(name, text, "only_with_rejected") for name in sent])


@operation("POST", "/postings/<int:posting_id>/invitations", tag=TAG, scope="employer",
           summary="Invite a ranked candidate to apply", body=Invitation,
           response=ApplicationOut, status=201, conflict=True)
def invite(token, posting_id: int, body: Invitation):
    """The candidate must have switched matching on and be eligible for the posting."""
    posting = policy.get_own_posting(token.user, posting_id)
    person = queries.candidate_for_employer(body.candidate_id, posting.employer_id)
    if person is None:
        raise Problem(404, "candidate_not_found")
    try:
        application = services.invite(token.user, posting, person)
    except services.ApplicationError as error:
        raise refused(error) from None
    return ApplicationOut.of(application), 201, {
        "Location": url_for("api.get_application", application_id=application.id)}


@operation("POST", "/applications/<int:application_id>/hire", tag=TAG, scope="employer",
           summary="Record a hire (send an Idempotency-Key to retry safely)", body=HireIn,
           response=HireOut, status=201, idempotent=True)
def hire(token, application_id: int, body: HireIn):
    """The hire rules of the pipeline page; the last opening is taken atomically."""
    replay = idempotency.replay(token)
    if replay is not None:
        return replay
    application = policy.get_own_application(token.user, application_id)
    try:
        new_hire = hires.hire(token.user, application, body.start_on)
    except services.ApplicationError as error:
        raise refused(error) from None
    result = HireOut.model_validate(new_hire)
    headers = {"Location": url_for("api.get_hire", hire_id=new_hire.id)}
    idempotency.remember(token, 201, result)
    return result, 201, headers


@operation("GET", "/hires", summary="List the establishment's hires", tag=TAG,
           scope="employer", query=PageQuery, response=Page[HireOut])
def list_hires(token, query: PageQuery):
    return Page[HireOut](**page(policy.own_hires(token.user), Hire.id, query,
                                HireOut.model_validate))


@operation("GET", "/hires/<int:hire_id>", summary="Read a hire", tag=TAG, scope="employer",
           response=HireOut)
def get_hire(token, hire_id: int):
    return HireOut.model_validate(policy.get_own_hire(token.user, hire_id))


@operation("POST", "/hires/<int:hire_id>/end", summary="Record the last day of work", tag=TAG,
           scope="employer", body=HireEnd, response=HireOut)
def end_hire(token, hire_id: int, body: HireEnd):
    hire_row = policy.get_own_hire(token.user, hire_id)
    try:
        hires.end_hire(token.user, hire_row, body.end_on)
    except services.ApplicationError as error:
        raise refused(error) from None
    return HireOut.model_validate(hire_row)


@operation("POST", "/hires/<int:hire_id>/cancel", tag=TAG, scope="employer",
           summary="Cancel a hire recorded by mistake (within 30 days)", body=HireCancel,
           response=ApplicationOut, conflict=True)
def cancel_hire(token, hire_id: int, body: HireCancel):
    """The opening comes back and the program's count goes down; the audit log keeps both."""
    hire_row = policy.get_own_hire(token.user, hire_id)
    application = hire_row.application
    try:
        hires.cancel_hire(token.user, hire_row, body.reason)
    except services.ApplicationError as error:
        raise refused(error) from None
    return ApplicationOut.of(application)

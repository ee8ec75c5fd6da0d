"""Agency API: upsert the agency's candidates by external id, read their matches and
applications. The same rules as `flask import candidates`."""

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from matcher import audit, clock
from matcher.api.pagination import Page, PageQuery, page
from matcher.api.problems import Problem, field_error
from matcher.api.spec import operation
from matcher.applications.schemas import ApplicationStatus
from matcher.candidates import importer
from matcher.candidates.privacy import VIEWED
from matcher.candidates.schemas import CandidateFields, CandidateOut
from matcher.extensions import db
from matcher.matching import queries
from matcher.matching.schemas import MatchesOut, MatchOut
from matcher.models import Agency, Application, Candidate
from matcher.parcours.schemas import PlanOut
from matcher.schemas import Out

TAG = "Agency: candidates"


class AgencyApplication(Out):
    id: int
    posting_id: int
    posting_title: str
    establishment: str
    status: ApplicationStatus
    created_at: str


class AgencyApplications(Out):
    items: list[AgencyApplication]


def out(candidate: Candidate) -> CandidateOut:
    """Return the API view of an agency's candidate."""
    return CandidateOut(
        id=candidate.id, external_id=candidate.external_id, first_name=candidate.first_name,
        last_name=candidate.last_name, permit_kind=candidate.permit_kind,
        matching_opt_in=candidate.matching_opt_in, claimed=importer.claimed(candidate.user),
        created_at=candidate.created_at)


def agency_candidates(token):
    """Select the candidates of the token's agency."""
    return select(Candidate).where(Candidate.agency_id == token.agency_id)


def own_candidate(token, external_id: str) -> Candidate:
    """Return the agency's candidate with this external id, or 404."""
    candidate = db.session.scalar(agency_candidates(token).where(
        Candidate.external_id == external_id))
    if candidate is None:
        raise Problem(404, "not_found")
    return candidate


@operation("GET", "/candidates", summary="List the agency's candidates", tag=TAG,
           scope="agency", query=PageQuery, response=Page[CandidateOut])
def list_candidates(token, query: PageQuery):
    return Page[CandidateOut](**page(agency_candidates(token), Candidate.id, query, out))


@operation("PUT", "/candidates/<external_id>", tag=TAG, scope="agency",
           summary="Create or update a candidate by the agency's external id",
           body=CandidateFields, response=CandidateOut, conflict=True)
def upsert_candidate(token, external_id: str, body: CandidateFields):
    """Creates the account (matching off until the person consents); updates it while the
    person has not logged in yet. Once they have, the profile is theirs: 409."""
    agency = db.session.get(Agency, token.agency_id)
    try:
        row = importer.Checker(clock.today()).check(body, external_id)
        importer.check_unique(row, agency, 1, {}, {})
    except importer.RowError as error:
        raise Problem(422, "rules_broken", _l("The candidate breaks the rules below."), errors=[
            field_error(name, message, code) for name, message, code in error.problems
        ]) from None
    row["line"] = None
    existing = db.session.scalar(agency_candidates(token).where(
        Candidate.external_id == external_id))
    if existing is None:
        candidate = importer.create_candidate(row, agency, source="api")
        return out(candidate), 201, {
            "Location": url_for("api.get_candidate", external_id=external_id)}
    if importer.claimed(existing.user):
        raise Problem(409, "profile_claimed", _l(
            "The person has logged in: their profile is theirs to keep up to date."))
    importer.update_candidate(existing, row)
    return out(existing)


@operation("GET", "/candidates/<external_id>", summary="Read a candidate of the agency",
           tag=TAG, scope="agency", response=CandidateOut)
def get_candidate(token, external_id: str):
    return out(own_candidate(token, external_id))


@operation("GET", "/candidates/<external_id>/matches", tag=TAG, scope="agency",
           summary="The open postings the candidate is eligible for", response=MatchesOut)
def candidate_matches(token, external_id: str):
    """Best first, as on the candidate's own page."""
    candidate = own_candidate(token, external_id)
    return MatchesOut(items=[
        MatchOut(posting_id=m.posting.id, title=m.posting.title,
                 establishment=m.posting.employer.name, region_code=m.posting.site.region_code,
                 score=round(m.match.score, 1))
        for m in queries.matches_for(candidate, clock.today())])


@operation("GET", "/candidates/<external_id>/applications", tag=TAG, scope="agency",
           summary="The candidate's applications", response=AgencyApplications)
def candidate_applications(token, external_id: str):
    candidate = own_candidate(token, external_id)
    rows = db.session.scalars(select(Application).where(
        Application.candidate_id == candidate.id).order_by(Application.id))
    return AgencyApplications(items=[AgencyApplication(
        id=a.id, posting_id=a.posting_id, posting_title=a.posting.title,
        establishment=a.posting.employer.name, status=a.status,
        created_at=a.created_at.isoformat()) for a in rows])


@operation("GET", "/candidates/<external_id>/plan", tag=TAG, scope="agency",
           summary="The candidate's action plan (Parcours), read-only", response=PlanOut)
def candidate_plan(token, external_id: str):
    """The four steps with their actions, statuses and due dates, and the first meeting;
    never the officers' case notes. Each read is written to the audit log the candidate
    reads, as when staff open the plan page."""
    candidate = own_candidate(token, external_id)
    audit.record(VIEWED, candidate, part="plan")
    return PlanOut.of(candidate)

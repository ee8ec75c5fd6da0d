"""The audit log in words: each event code's label, kinds to filter by, people and objects.

Events keep codes ("employer_member.approved"); pages and exports show them as sentences in
the reader's language, with the person's name (a candidate's name, else the account's email),
the object's name and a link to its admin or staff page, at the local time of Québec.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from flask import url_for
from flask_babel import format_datetime, format_time
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select

from matcher import clock
from matcher.dashboard.export import neutralize
from matcher.extensions import db
from matcher.i18n import format_date
from matcher.models import Agency, AuditEvent, Candidate, Employer, Posting, Site, User

EVENT_LABELS = {
    "account.deleted": _l("Deleted their account"),
    "account.exported": _l("Downloaded their data"),
    "agency.created": _l("Created an agency"),
    "agency.updated": _l("Renamed or moved an agency"),
    "agency.deactivated": _l("Deactivated an agency"),
    "agency.reactivated": _l("Reactivated an agency"),
    "application.status_changed": _l("Moved an application"),
    "application.invited": _l("Invited a candidate"),
    "application.declined": _l("Declined an invitation"),
    "application.applied": _l("Applied"),
    "application.shortlisted": _l("Shortlisted an application"),
    "application.interview": _l("Set an interview"),
    "application.offer": _l("Made an offer"),
    "application.hired": _l("Hired a candidate"),
    "application.rejected": _l("Rejected an application"),
    "application.withdrawn": _l("Withdrew an application"),
    "audit.exported": _l("Downloaded the audit log"),
    "candidate.created": _l("Created a candidate profile"),
    "candidate.imported": _l("Imported a candidate"),
    "candidate.profile_updated": _l("Updated a candidate profile"),
    "candidate.viewed": _l("Viewed a candidate profile"),
    "candidate.permit_verified": _l("Verified a work permit"),
    "candidate.permit_unverified": _l("Withdrew a work permit verification"),
    "candidate.french_verified": _l("Verified French levels"),
    "candidate.french_unverified": _l("Withdrew a French level verification"),
    "consent.granted": _l("Gave a consent"),
    "consent.withdrawn": _l("Withdrew a consent"),
    "employer.created": _l("Created an establishment"),
    "employer.updated": _l("Renamed or changed an establishment"),
    "employer.merged": _l("Merged a duplicate establishment"),
    "employer.deactivated": _l("Deactivated an establishment"),
    "employer.reactivated": _l("Reactivated an establishment"),
    "employer_member.approved": _l("Approved an employer user"),
    "employer_member.rejected": _l("Rejected an employer user"),
    "experience.created": _l("Added a past job"),
    "experience.deleted": _l("Removed a past job"),
    "experience.updated": _l("Changed a past job"),
    "hire.cancelled": _l("Cancelled a hire"),
    "hire.ended": _l("Ended a hire"),
    "hire.recorded": _l("Recorded a hire"),
    "login.failed": _l("Failed to sign in"),
    "login.succeeded": _l("Signed in"),
    "password.change_failed": _l("Failed to change their password"),
    "password.changed": _l("Changed their password"),
    "password.reset": _l("Reset their password"),
    "password.reset_requested": _l("Asked for a password reset"),
    "placement_round.approved": _l("Approved a placement round"),
    "placement_round.created": _l("Ran a placement round"),
    "posting.auto_closed": _l("Posting closed at its closing date"),
    "posting.closed": _l("Closed a posting"),
    "posting.created": _l("Created a posting"),
    "posting.filled": _l("Posting filled"),
    "posting.published": _l("Published a posting"),
    "posting.reopened": _l("Reopened a posting"),
    "posting.updated": _l("Changed a posting"),
    "program.settings_changed": _l("Changed the program settings"),
    "site.created": _l("Added a site"),
    "site.updated": _l("Renamed or moved a site"),
    "site.deactivated": _l("Deactivated a site"),
    "site.reactivated": _l("Reactivated a site"),
    "user.agency_changed": _l("Changed a user's agency"),
    "user.created": _l("Created a staff account"),
    "user.deactivated": _l("Deactivated an account"),
    "user.reactivated": _l("Reactivated an account"),
    "user.registered": _l("Registered"),
    "user.role_changed": _l("Changed a user's role"),
}

# Kinds of events to filter by: key -> (label, code prefixes).
KINDS = {
    "sign_in": (_l("Sign-ins and passwords"), ("login.", "password.")),
    "accounts": (_l("Accounts, roles and approvals"),
                 ("user.", "account.", "employer_member.")),
    "candidates": (_l("Candidate profiles and consents"),
                   ("candidate.", "consent.", "experience.")),
    "postings": (_l("Postings"), ("posting.",)),
    "hiring": (_l("Applications, hires and rounds"),
               ("application.", "hire.", "placement_round.")),
    "organizations": (_l("Agencies, establishments and sites"),
                      ("agency.", "employer.", "site.")),
    "program": (_l("Program settings and audit"), ("program.", "audit.")),
}

ROLE_LABELS = {"candidate": _l("candidate"), "employer": _l("employer"), "staff": _l("staff"),
               "admin": _l("admin"), "system": _l("system")}
SUBJECT_LABELS = {
    "User": _l("Account"), "Candidate": _l("Candidate"), "Posting": _l("Posting"),
    "Employer": _l("Establishment"), "EmployerMember": _l("Employer membership"),
    "Agency": _l("Agency"), "Site": _l("Site"), "Application": _l("Application"),
    "Hire": _l("Hire"), "PlacementRound": _l("Placement round"), "Experience": _l("Past job"),
    "Consent": _l("Consent"), "ProgramSettings": _l("Program settings"),
}


def event_label(action: str) -> str:
    """Return an event code in words, in the page's language (the code itself if unknown)."""
    label = EVENT_LABELS.get(action)
    return str(label) if label is not None else action


def local_time(moment: datetime) -> str:
    """Write an instant at Québec's local time, in the page's language.

    For example "1er juin 2026 à 22 h 05".
    """
    return _("%(date)s at %(time)s", date=format_date(moment, "medium"),
             time=format_time(moment, "short"))


def day_bounds(since, until) -> tuple[datetime | None, datetime | None]:
    """Return the UTC instants that start `since` and end `until`, days of Québec."""
    start = datetime.combine(since, time(), clock.QUEBEC) if since else None
    end = datetime.combine(until + timedelta(days=1), time(), clock.QUEBEC) if until else None
    return start, end


def people_matching(text: str):
    """Select the ids of users whose email or candidate name contains a text."""
    needle = text.strip().lower()
    names = select(Candidate.user_id).where(or_(
        Candidate.first_name.ilike(f"%{_escape(needle)}%", escape="\\"),
        Candidate.last_name.ilike(f"%{_escape(needle)}%", escape="\\")))
    return select(User.id).where(or_(User.email.contains(needle, autoescape=True),
                                     User.id.in_(names)))


def about_people(text: str):
    """Return the condition "an event by one of the people a text names, or about them".

    About them: their account (a User subject) or their candidate file (a Candidate
    subject), so that filtering by a person also shows who viewed or changed their file.
    """
    people = people_matching(text)
    files = select(Candidate.id).where(Candidate.user_id.in_(people))
    return or_(AuditEvent.actor_id.in_(people),
               and_(AuditEvent.subject_type == "User", AuditEvent.subject_id.in_(people)),
               and_(AuditEvent.subject_type == "Candidate", AuditEvent.subject_id.in_(files)))


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def audit_query(filters: dict):
    """Select audit events, newest first, filtered by person, kind and Québec days."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc())
    if filters.get("person"):
        query = query.where(about_people(filters["person"]))
    if filters.get("kind") in KINDS:
        query = query.where(or_(*(AuditEvent.action.startswith(prefix)
                                  for prefix in KINDS[filters["kind"]][1])))
    start, end = day_bounds(filters.get("since"), filters.get("until"))
    if start is not None:
        query = query.where(AuditEvent.at >= start)
    if end is not None:
        query = query.where(AuditEvent.at < end)
    return query


@dataclass(frozen=True)
class Named:
    """A person or an object of the log: what to call it and where to open it."""

    label: str
    url: str | None = None


def _people(ids) -> dict[int, Named]:
    rows = db.session.execute(
        select(User.id, User.email, User.role, Candidate.first_name, Candidate.last_name)
        .outerjoin(Candidate, Candidate.user_id == User.id).where(User.id.in_(ids)))
    people = {}
    for row in rows:
        name = " ".join(filter(None, (row.first_name, row.last_name))) or row.email
        people[row.id] = Named(f"{name} ({ROLE_LABELS[row.role]})",
                               url_for("admin.user", user_id=row.id))
    return people


def _objects(events) -> dict[tuple[str, int], Named]:
    """Name the objects of a page of events, one query per kind of object."""
    wanted: dict[str, set[int]] = {}
    for event in events:
        if event.subject_type and event.subject_id:
            wanted.setdefault(event.subject_type, set()).add(event.subject_id)
    named: dict[tuple[str, int], Named] = {}
    for user_id, person in _people(wanted.get("User", ())).items():
        named["User", user_id] = person
    finders = {
        "Candidate": (select(Candidate.id, Candidate.first_name, Candidate.last_name),
                      Candidate.id, lambda r: f"{r.first_name} {r.last_name}",
                      lambda r: url_for("staff.candidate", candidate_id=r.id)),
        "Employer": (select(Employer.id, Employer.name), Employer.id, lambda r: r.name,
                     lambda r: url_for("admin.establishment", employer_id=r.id)),
        "Agency": (select(Agency.id, Agency.name), Agency.id, lambda r: r.name,
                   lambda r: url_for("admin.agency", agency_id=r.id)),
        "Site": (select(Site.id, Site.name, Site.employer_id), Site.id, lambda r: r.name,
                 lambda r: url_for("admin.establishment", employer_id=r.employer_id)),
        "Posting": (select(Posting.id, Posting.title, Posting.status), Posting.id,
                    lambda r: r.title, lambda r: url_for("postings.detail", posting_id=r.id)
                    if r.status == "open" else None),
    }
    for kind, (query, key, label, link) in finders.items():
        if wanted.get(kind):
            for row in db.session.execute(query.where(key.in_(wanted[kind]))):
                named[kind, row.id] = Named(label(row), link(row))
    return named


@dataclass(frozen=True)
class EventLine:
    """One event in words."""

    event: AuditEvent
    when: str
    person: Named
    what: str
    subject: Named | None


def describe(events) -> list[EventLine]:
    """Return a page of events in words: when, who, what, on what."""
    people = _people({event.actor_id for event in events if event.actor_id})
    objects = _objects(events)
    lines = []
    for event in events:
        person = people.get(event.actor_id) or Named(
            str(ROLE_LABELS.get(event.actor_role or "system", event.actor_role)))
        subject = None
        if event.subject_type:
            subject = objects.get((event.subject_type, event.subject_id)) or Named(_(
                "%(kind)s no. %(number)s", number=event.subject_id,
                kind=SUBJECT_LABELS.get(event.subject_type, event.subject_type)))
        lines.append(EventLine(event, local_time(event.at), person, event_label(event.action),
                               subject))
    return lines


def csv_rows(events) -> tuple[list[str], list[list]]:
    """Return the header and rows of an audit export: the same words as the page."""
    header = [_("When (Québec time)"), _("Person"), _("Event"), _("Event code"), _("Object"),
              _("Address"), _("Details")]
    rows = []
    for line in describe(events):
        event = line.event
        rows.append([
            format_datetime(event.at, "yyyy-MM-dd HH:mm:ss"), neutralize(line.person.label),
            neutralize(line.what), event.action,
            neutralize(line.subject.label) if line.subject else "", event.ip_address or "",
            neutralize(", ".join(f"{key}={value}" for key, value in sorted(
                (event.details or {}).items())))])
    return header, rows

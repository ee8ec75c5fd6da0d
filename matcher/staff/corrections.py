"""Staff corrections of French levels and permit details, with the evidence seen.

An officer who finds, say, 6 at the oral on the test result where the profile says 7
corrects the level with a note. The correction keeps old and new values, marks the
section verified, reaches the matching indexes through the ordinary flush hook, and
the candidate is told in their own language. No document scan is stored. Nothing
here commits.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from matcher import audit, clock
from matcher.candidates import rules
from matcher.extensions import db
from matcher.mail import queue_message
from matcher.models import Candidate, Employer, Notification, ProfileCorrection, User
from matcher.models.candidate import FRENCH_SKILLS, PERMIT_KINDS
from matcher.urls import absolute_url

EVIDENCE = {"french": ("test", "interview", "course"),
            "permit": ("permit", "renewal_receipt", "other_document")}
# A level confirmed by a test keeps "test" as its source, by a course "course";
# an officer's own interview makes it "staff".
LEVEL_SOURCE = {"test": "test", "course": "course", "interview": "staff"}
PERMIT_FIELDS = ("permit_kind", "permit_expires_on", "permit_employer_id",
                 "permit_renewal_applied_on", "permit_health_restricted")
FIELD_LABELS = {
    "french_oral_comprehension": _l("Understanding spoken French"),
    "french_oral_production": _l("Speaking French"),
    "french_reading": _l("Reading French"),
    "french_writing": _l("Writing French"),
    "permit_kind": _l("Kind of permit"),
    "permit_expires_on": _l("Expiry date of the permit"),
    "permit_employer_id": _l("Employer named on the permit"),
    "permit_renewal_applied_on": _l("Renewal filed on"),
    "permit_health_restricted": _l("Barred from health-service occupations"),
}
EVIDENCE_LABELS = {
    "test": _l("French test result"), "interview": _l("Interview with the officer"),
    "course": _l("Francization course record"), "permit": _l("Work permit"),
    "renewal_receipt": _l("Proof that a renewal was filed"),
    "other_document": _l("Other document"),
}
KIND_LABELS = {"open": _l("Open work permit"),
               "employer_specific": _l("Employer-specific work permit"),
               "pending": _l("Work permit applied for"), "none": _l("No work permit")}


class CorrectionError(ValueError):
    """A correction refused: `errors` maps form fields to translated messages."""

    def __init__(self, errors: dict):
        super().__init__(", ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Evidence:
    kind: str
    name: str
    seen_on: date | None
    note: str


def _evidence_errors(section: str, evidence: Evidence, today: date) -> dict:
    errors = {}
    if evidence.kind not in EVIDENCE[section]:
        errors["evidence"] = _l("Choose what you checked.")
    if evidence.kind == "test" and not evidence.name.strip():
        errors["evidence_name"] = _l("Name the test (for example TEFAQ or TCF Québec).")
    if evidence.seen_on is not None and evidence.seen_on > today:
        errors["evidence_on"] = _l("This date is in the future.")
    if not evidence.note.strip():
        errors["note"] = _l("Say why the value changes: the candidate will read it.")
    return errors


def correct_french(candidate: Candidate, levels: dict, evidence: Evidence, actor: User,
                   today: date) -> ProfileCorrection:
    """Set the levels the evidence shows (None leaves a skill as it is) and mark them verified."""
    errors = _evidence_errors("french", evidence, today)
    changes = []
    for skill in FRENCH_SKILLS:
        new = levels.get(skill)
        if new is None:
            continue
        if not 1 <= new <= 12:
            errors[skill] = _l("Choose a level from 1 to 12.")
        elif new != getattr(candidate, f"french_{skill}"):
            changes.append({"field": f"french_{skill}",
                            "old": getattr(candidate, f"french_{skill}"), "new": new})
    if not changes and not errors:
        errors["form"] = _l("Nothing differs from the profile: use “Mark as verified” instead.")
    if errors:
        raise CorrectionError(errors)
    for change in changes:
        setattr(candidate, change["field"], change["new"])
        setattr(candidate, f"{change['field']}_source", LEVEL_SOURCE[evidence.kind])
    if all(getattr(candidate, f"french_{skill}") for skill in FRENCH_SKILLS):
        candidate.french_verified_at, candidate.french_verified_by_id = clock.now(), actor.id
    return _record(candidate, "french", changes, evidence, actor)


def _iso(value):
    return value.isoformat() if isinstance(value, date) else value


def correct_permit(candidate: Candidate, values: dict, evidence: Evidence, actor: User,
                   today: date) -> ProfileCorrection:
    """Set the permit details seen on the document and mark the permit verified."""
    values = {name: values.get(name) for name in PERMIT_FIELDS}
    values["permit_health_restricted"] = bool(values["permit_health_restricted"])
    if values["permit_kind"] not in rules.PERMIT_HOLDING_KINDS:
        values.update(permit_expires_on=None, permit_employer_id=None,
                      permit_renewal_applied_on=None, permit_health_restricted=False)
    elif values["permit_kind"] == "open":
        values["permit_employer_id"] = None
    errors = _evidence_errors("permit", evidence, today)
    if values["permit_kind"] not in PERMIT_KINDS:
        errors["permit_kind"] = _l("Choose one answer.")
    else:
        errors.update(rules.permit_errors(
            values["permit_kind"], values["permit_expires_on"], values["permit_employer_id"],
            values["permit_renewal_applied_on"], today))
    changes = [{"field": name, "old": _iso(getattr(candidate, name)), "new": _iso(value)}
               for name, value in values.items() if getattr(candidate, name) != value]
    if not changes and not errors:
        errors["form"] = _l("Nothing differs from the profile: use “Mark as verified” instead.")
    if errors:
        raise CorrectionError(errors)
    for change in changes:
        setattr(candidate, change["field"], values[change["field"]])
    if candidate.permit_kind in rules.PERMIT_HOLDING_KINDS:
        candidate.permit_verified_at, candidate.permit_verified_by_id = clock.now(), actor.id
    else:
        candidate.permit_verified_at = candidate.permit_verified_by_id = None
    return _record(candidate, "permit", changes, evidence, actor)


def _record(candidate: Candidate, section: str, changes: list, evidence: Evidence,
            actor: User) -> ProfileCorrection:
    correction = ProfileCorrection(
        candidate_id=candidate.id, section=section, changes=changes, evidence=evidence.kind,
        evidence_name=evidence.name.strip(), evidence_on=evidence.seen_on,
        note=evidence.note.strip(), corrected_by_id=actor.id)
    db.session.add(correction)
    db.session.flush()
    # The permit's values stay in the correction row: the audit log holds no permit detail.
    values = ({"old": {c["field"]: c["old"] for c in changes},
               "new": {c["field"]: c["new"] for c in changes}} if section == "french" else {})
    audit.record(f"candidate.{section}_corrected", candidate, actor=actor,
                 correction_id=correction.id, fields=[c["field"] for c in changes], **values)
    _tell_candidate(candidate, correction)
    return correction


def format_value(field: str, value) -> str:
    """Word a corrected value in the active locale."""
    if value is None:
        return "—"
    if field.startswith("french_"):
        return _("level %(level)s", level=value)
    if field == "permit_kind":
        return str(KIND_LABELS.get(value, value))
    if field == "permit_health_restricted":
        return _("Yes") if value else _("No")
    if field == "permit_employer_id":
        name = db.session.scalar(select(Employer.name).where(Employer.id == value))
        return name or "—"
    return format_date(date.fromisoformat(value), "long")


def describe(correction: ProfileCorrection) -> list[str]:
    """Return one line per changed field: what it was, what it is now."""
    return [_("%(field)s: %(old)s → %(new)s", field=FIELD_LABELS[c["field"]],
              old=format_value(c["field"], c["old"]), new=format_value(c["field"], c["new"]))
            for c in correction.changes]


def _tell_candidate(candidate: Candidate, correction: ProfileCorrection) -> None:
    """Notify the candidate in the app and by message, in their language."""
    user = candidate.user
    if user is None or not user.active:
        return
    db.session.add(Notification(user_id=user.id, kind="profile.corrected", payload={
        "correction_id": correction.id, "section": correction.section,
        "fields": [c["field"] for c in correction.changes]}))
    with force_locale(user.locale):
        queue_message(user, _("Passerelle: your officer corrected your profile"), _(
            "Your integration officer checked your documents and corrected your profile:"
            "\n\n%(changes)s\n\nWhy: %(note)s\n\nSee your profile: %(link)s",
            changes="\n".join(f"- {line}" for line in describe(correction)),
            note=correction.note, link=absolute_url("candidates.profile")))


def evidence_label(kind: str) -> str:
    """Word the kind of evidence an officer checked."""
    return str(EVIDENCE_LABELS[kind])


def corrections_of(candidate: Candidate) -> list[tuple[ProfileCorrection, list[str]]]:
    """Return the corrections made to a profile, newest first, each with its lines."""
    if candidate.id is None:
        return []
    return [(correction, describe(correction)) for correction in db.session.scalars(
        select(ProfileCorrection).where(ProfileCorrection.candidate_id == candidate.id)
        .order_by(ProfileCorrection.created_at.desc(), ProfileCorrection.id.desc()))]

"""Saving the candidate's profile step by step, and the consents. Nothing here commits."""

import math
from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from matcher import audit, clock
from matcher.candidates.rules import PERMIT_HOLDING_KINDS
from matcher.extensions import db
from matcher.matching.services import candidate_profile
from matcher.models import Candidate, Certification, Consent, Experience, Occupation, Region, User
from matcher.models._common import SHIFTS
from matcher.models.candidate import FRENCH_SKILLS
from matcher.postings.labels import OCCUPATION_LABELS
from matcher.ranking import experience_months
from matcher.ranking.occupations import default_catalog

PERMIT_FIELDS = ("permit_kind", "permit_expires_on", "permit_employer_id",
                 "permit_renewal_applied_on", "permit_health_restricted", "sin_expires_on")
FRENCH_FIELDS = tuple(f"french_{skill}{suffix}" for skill in FRENCH_SKILLS
                      for suffix in ("", "_source"))
ABOUT_FIELDS = ("first_name", "last_name", "phone", "city")
EXPERIENCE_FIELDS = ("title", "noc_code", "employer_name", "country", "start_on", "end_on",
                     "hours_per_week", "description")
LIST_PREFERENCES = ("preferred_regions", "desired_occupations", "certifications")
SUGGESTION_LIMIT = 4


@dataclass(frozen=True)
class Step:
    name: str
    endpoint: str
    label: str
    done: bool | None  # None: a step that is a choice, not something to complete


def profile_of(user: User) -> Candidate:
    """Return the user's profile; a new, unsaved one if registration left none."""
    candidate = db.session.scalar(select(Candidate).where(Candidate.user_id == user.id))
    if candidate is not None:
        return candidate
    candidate = Candidate(user_id=user.id, first_name="", last_name="", phone="", city="",
                          permit_kind="none", permit_health_restricted=False,
                          willing_to_relocate=False, skills_text="", matching_opt_in=False,
                          weekly_matches=False,
                          **{f"shift_{shift}": False for shift in SHIFTS},
                          **{f"french_{skill}_source": "self" for skill in FRENCH_SKILLS})
    return candidate


def _saved(candidate: Candidate) -> Candidate:
    """Add a profile made on first save to the session, with an id."""
    if candidate.id is None:
        db.session.add(candidate)
        db.session.flush()
        audit.record("candidate.created", candidate)
    return candidate


def _assign(target, values: dict) -> bool:
    """Set the attributes that differ; say whether any did."""
    changed = False
    for name, value in values.items():
        if getattr(target, name) != value:
            setattr(target, name, value)
            changed = True
    return changed


def save_about(candidate: Candidate, data: dict) -> None:
    """Save the name, phone and city."""
    _saved(candidate)
    if _assign(candidate, {name: data[name] or "" for name in ABOUT_FIELDS}):
        audit.record("candidate.profile_updated", candidate, step="about")


def save_permit(candidate: Candidate, data: dict, answered: bool = True) -> None:
    """Save the permit; changing anything on it clears the staff verification.

    `answered` is False when the kind is only a default (an import row that names none).
    """
    values = {name: data[name] for name in PERMIT_FIELDS}
    kind = values["permit_kind"]
    if kind not in PERMIT_HOLDING_KINDS:  # no permit in hand: nothing printed on one
        values.update(permit_expires_on=None, permit_employer_id=None,
                      permit_renewal_applied_on=None, permit_health_restricted=False)
    elif kind == "open":
        values["permit_employer_id"] = None
    _saved(candidate)
    if answered:
        candidate.permit_answered_at = clock.now()  # "no permit" is an answer too
    if _assign(candidate, values):
        cleared = candidate.permit_verified_at is not None
        candidate.permit_verified_at = candidate.permit_verified_by_id = None
        audit.record("candidate.profile_updated", candidate, step="permit",
                     verification_cleared=cleared)


def save_french(candidate: Candidate, data: dict) -> None:
    """Save the four levels and their sources; a change clears the staff verification."""
    _saved(candidate)
    if _assign(candidate, {name: data[name] for name in FRENCH_FIELDS}):
        cleared = candidate.french_verified_at is not None
        candidate.french_verified_at = candidate.french_verified_by_id = None
        audit.record("candidate.profile_updated", candidate, step="french",
                     verification_cleared=cleared)


def preference_values(candidate: Candidate) -> dict:
    """Return the preferences step's values, as its form names them."""
    return {
        "preferred_regions": [r.code for r in candidate.preferred_regions],
        "willing_to_relocate": candidate.willing_to_relocate,
        "shifts": sorted(candidate.shifts, key=SHIFTS.index),
        "available_from": candidate.available_from,
        "desired_occupations": [o.noc_code for o in candidate.desired_occupations],
        "certifications": [c.code for c in candidate.certifications],
        "skills_text": candidate.skills_text,
        "arrival_date": candidate.arrival_date,
        "weekly_matches": candidate.weekly_matches,
    }


def _rows(model, key, codes) -> list:
    if not codes:
        return []
    return list(db.session.scalars(select(model).where(key.in_(codes)).order_by(key)))


def save_preferences(candidate: Candidate, data: dict) -> None:
    """Save where, when and what the candidate wants to work."""
    _saved(candidate)
    changed = _assign(candidate, {
        "willing_to_relocate": bool(data["willing_to_relocate"]),
        "available_from": data["available_from"], "arrival_date": data["arrival_date"],
        "skills_text": data["skills_text"] or "",
        # An import row or API body that does not mention it leaves the choice alone.
        "weekly_matches": bool(data.get("weekly_matches", candidate.weekly_matches)),
        **{f"shift_{shift}": shift in data["shifts"] for shift in SHIFTS},
    })
    current = preference_values(candidate)
    if any(set(current[name]) != set(data[name]) for name in LIST_PREFERENCES):
        candidate.preferred_regions = _rows(Region, Region.code, data["preferred_regions"])
        candidate.desired_occupations = _rows(Occupation, Occupation.noc_code,
                                              data["desired_occupations"])
        candidate.certifications = _rows(Certification, Certification.code,
                                         data["certifications"])
        changed = True
    if changed:
        audit.record("candidate.profile_updated", candidate, step="preferences")


def save_experience(candidate: Candidate, experience: Experience | None, data: dict) -> Experience:
    """Add a job (experience None) or change one of the candidate's jobs."""
    values = {name: data[name] for name in EXPERIENCE_FIELDS}
    if data.get("ongoing"):
        values["end_on"] = None
    values["employer_name"] = values["employer_name"] or ""
    values["country"] = values["country"] or ""
    values["description"] = values["description"] or ""
    _saved(candidate)
    if experience is None:
        experience = Experience(**values)
        candidate.experiences.append(experience)
        db.session.flush()
        audit.record("experience.created", experience, candidate_id=candidate.id)
    elif _assign(experience, values):
        audit.record("experience.updated", experience, candidate_id=candidate.id)
    return experience


def delete_experience(experience: Experience) -> None:
    """Remove one of the candidate's jobs."""
    audit.record("experience.deleted", experience, candidate_id=experience.candidate_id)
    db.session.delete(experience)


def occupation_options(title: str | None, keep: str | None = None,
                       english: bool = False) -> list[tuple[str, str]]:
    """Return (NOC code, label) for the occupations a job title most likely belongs to.

    None when the evidence is weak (`sure_suggestions`): the person then describes the
    job in their own words. The label is the short everyday name of a program occupation,
    else the NOC title, with the code second. `keep` (the code already chosen) stays among
    the options even when the title changed.
    """
    catalog = default_catalog()
    title = (title or "").strip()[:150]
    codes = []
    if len(title) >= 2:
        codes = [s.noc_code for s in catalog.sure_suggestions(title, limit=SUGGESTION_LIMIT)]
    if keep and keep not in codes and keep in catalog.codes():
        codes.insert(0, keep)
    return [(code, _l("%(title)s (NOC %(code)s)", code=code, title=OCCUPATION_LABELS.get(
        code) or catalog.title(code, "en" if english else "fr"))) for code in codes]


def months_by_occupation(candidate: Candidate, day: date) -> list[tuple[Occupation, float]]:
    """Return months of experience per occupation (DESIGN §4.1), most first."""
    periods = candidate_profile(candidate).experiences
    codes = sorted({p.noc_code for p in periods if p.noc_code})
    rows = []
    for code in codes:
        months = experience_months(periods, day, noc_code=code)
        # Rounded down to a tenth, so a shortfall never shows as met.
        rows.append((db.session.get(Occupation, code), math.floor(months * 10 + 1e-6) / 10))
    return sorted(rows, key=lambda row: (-row[1], row[0].noc_code))


def overlapping(candidate: Candidate) -> bool:
    """Say whether two of the candidate's jobs share some days (they count once)."""
    spans = sorted((e.start_on, e.end_on or date.max) for e in candidate.experiences)
    return any(later[0] <= earlier[1] for earlier, later in zip(spans, spans[1:], strict=False))


def active_consent(user_id: int, purpose: str) -> Consent | None:
    """Return the latest consent in force for a purpose.

    For contact sharing that is the general consent or one given when applying to a
    posting: either means some employer receives the contact details now.
    """
    query = select(Consent).where(Consent.user_id == user_id, Consent.purpose == purpose,
                                  Consent.withdrawn_at.is_(None))
    if purpose != "share_contact":
        query = query.where(Consent.posting_id.is_(None))
    return db.session.scalar(query.order_by(Consent.granted_at.desc()).limit(1))


def set_consent(candidate: Candidate, purpose: str, granted: bool) -> bool:
    """Grant or withdraw a consent with the notice's version; say whether anything changed.

    This is the only place that writes Candidate.matching_opt_in, the mirror of the
    "matching" consent that employer queries read, so the two never disagree.
    """
    _saved(candidate)
    version = current_app.config["PRIVACY_POLICY_VERSION"]
    in_force = db.session.scalars(select(Consent).where(
        Consent.user_id == candidate.user_id, Consent.purpose == purpose,
        Consent.posting_id.is_(None), Consent.withdrawn_at.is_(None))).all()
    if not granted and purpose == "share_contact":
        # Withdrawing reaches every employer already applied to, not only future ones.
        in_force = db.session.scalars(select(Consent).where(
            Consent.user_id == candidate.user_id, Consent.purpose == purpose,
            Consent.withdrawn_at.is_(None))).all()
    changed = False
    if granted and not in_force:
        db.session.add(Consent(user_id=candidate.user_id, purpose=purpose,
                               policy_version=version, granted_at=clock.now()))
        audit.record("consent.granted", candidate, purpose=purpose, policy_version=version)
        changed = True
    elif not granted and in_force:
        for consent in in_force:
            consent.withdrawn_at = clock.now()
        audit.record("consent.withdrawn", candidate, purpose=purpose, policy_version=version)
        changed = True
    if purpose == "matching":
        candidate.matching_opt_in = granted
    return changed


def steps(candidate: Candidate) -> list[Step]:
    """Return the profile's steps in order, each saying whether it is complete."""
    # "I have no permit" is an answer: the step is done, and the matches then say what a
    # permit would open (the profile must not send the person back to a question answered).
    permit_done = candidate.permit_kind == "pending" or (
        candidate.permit_kind == "none" and candidate.permit_answered) or (
        candidate.permit_kind in PERMIT_HOLDING_KINDS and candidate.permit_expires_on is not None
        and (candidate.permit_kind == "open" or candidate.permit_employer_id is not None))
    return [
        Step("about", "candidates.about", _l("About you"),
             bool(candidate.first_name and candidate.last_name and candidate.phone)),
        Step("permit", "candidates.permit", _l("Work permit"), permit_done),
        Step("french", "candidates.french", _l("French"),
             all(getattr(candidate, f"french_{s}") for s in FRENCH_SKILLS)),
        Step("experience", "candidates.experience", _l("Experience"),
             bool(candidate.experiences)),
        Step("preferences", "candidates.preferences", _l("Preferences"),
             # "Available from" left empty means available now, as its hint says.
             bool((candidate.preferred_regions or candidate.willing_to_relocate)
                  and candidate.shifts)),
        Step("consents", "candidates.consents", _l("Consent"), bool(candidate.matching_opt_in)),
    ]


def next_step(name: str) -> str:
    """Return the endpoint of the step after `name` (the overview after the last)."""
    names = ["about", "permit", "french", "experience", "preferences", "consents"]
    index = names.index(name) + 1
    return f"candidates.{names[index]}" if index < len(names) else "candidates.profile"

"""The comparison chart: each requirement of a posting → the candidate → met, not met, exceeded.

HR reads it about someone else, so every sentence is in the third person, months are
whole numbers and each row says in plain words how the requirement is met.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext

from matcher.matching.explain import (
    certification_names,
    french_skill_name,
    permit_summary,
    region_name,
)
from matcher.matching.ranked_list import french_skills, months_in
from matcher.matching.services import evaluate_pair
from matcher.models import Candidate, Posting
from matcher.postings.labels import shift_names

MET, NOT_MET, EXCEEDED = "met", "not_met", "exceeded"


@dataclass(frozen=True)
class ChartRow:
    """One requirement: what the posting asks, what the candidate has, and the verdict."""

    label: str
    required: str
    profile: str
    status: str  # met, not_met or exceeded
    sentence: str
    verified: bool | None = None  # None: nothing to verify


def versus(have: int, need: int) -> str:
    """Compare a figure with its requirement."""
    return NOT_MET if have < need else EXCEEDED if have > need else MET


def status_text(status: str) -> str:
    """Return a verdict in words."""
    return {MET: _("Met"), NOT_MET: _("Not met"), EXCEEDED: _("Exceeded")}[status]


def months_text(months: int) -> str:
    return ngettext("%(num)s month", "%(num)s months", months)


def chart(posting: Posting, candidate: Candidate, on: date) -> list[ChartRow]:
    """Compare each requirement of a posting with the candidate's profile."""
    reasons = {r.code for r in evaluate_pair(posting, candidate, on).reasons}
    return [_permit_row(candidate, reasons), *_french_rows(posting, candidate),
            _experience_row(posting, candidate, on), _region_row(posting, candidate),
            _shift_row(posting, candidate), _certification_row(posting, candidate)]


def _permit_row(candidate: Candidate, reasons: set[str]) -> ChartRow:
    ok = not reasons & {"permit_missing", "permit_other_employer", "permit_expires_before_start",
                        "permit_health_restricted"}
    return ChartRow(_("Work permit"), _("Valid on the start date"), permit_summary(candidate),
                    MET if ok else NOT_MET,
                    _("Their permit allows this job on the start date.") if ok
                    else _("Their permit does not allow this job on the start date."),
                    candidate.permit_verified_at is not None)


def _french_rows(posting: Posting, candidate: Candidate) -> list[ChartRow]:
    verified = candidate.french_verified_at is not None
    return [ChartRow(
        _("French: %(skill)s", skill=french_skill_name(s.skill).lower()),
        _("Level %(level)s or more", level=s.required),
        _("Level %(level)s", level=s.level) if s.level else _("Not given"),
        versus(s.level, s.required),
        _french_sentence(s.level, s.required), verified)
        for s in french_skills(candidate, posting)]


def _french_sentence(have: int, need: int) -> str:
    return {NOT_MET: _("Their level (%(have)s) is below the level asked (%(need)s).",
                       have=have, need=need),
            MET: _("Their level (%(have)s) is the level asked.", have=have),
            EXCEEDED: _("Their level (%(have)s) is above the level asked (%(need)s).",
                        have=have, need=need)}[versus(have, need)]


def _experience_row(posting: Posting, candidate: Candidate, on: date) -> ChartRow:
    months, need = months_in(candidate, posting, on), posting.min_experience_months
    status = versus(months, need)
    sentence = {
        NOT_MET: _("Their experience in this occupation (%(have)s) is short of the %(need)s "
                   "asked.", have=months_text(months), need=months_text(need)),
        MET: _("Their experience in this occupation (%(have)s) is what the job asks.",
               have=months_text(months)),
        EXCEEDED: _("Their experience in this occupation (%(have)s) goes beyond the %(need)s "
                    "asked.", have=months_text(months), need=months_text(need)),
    }[status]
    return ChartRow(_("Experience in this occupation"),
                    _("%(months)s or more", months=months_text(need)) if need
                    else _("None required"), months_text(months), status, sentence)


def _region_row(posting: Posting, candidate: Candidate) -> ChartRow:
    region = posting.site.region_code
    regions = sorted(r.code for r in candidate.preferred_regions)
    if not regions or region in regions:
        status, sentence = MET, _("They want to work in this region.")
    elif candidate.willing_to_relocate:
        status, sentence = MET, _("They are willing to relocate.")
    else:
        status, sentence = NOT_MET, _("This region is not among theirs.")
    profile = ", ".join(region_name(c) for c in regions) or _("No preference")
    if candidate.willing_to_relocate:
        profile += " · " + _("willing to relocate")
    return ChartRow(_("Region"), region_name(region), profile, status, sentence)


def _shift_row(posting: Posting, candidate: Candidate) -> ChartRow:
    missing = posting.shifts - candidate.shifts
    return ChartRow(_("Shifts"), shift_names(posting.shifts, start_upper=True),
                    shift_names(candidate.shifts, start_upper=True) or _("None chosen"),
                    NOT_MET if missing else MET,
                    _("They did not choose: %(shifts)s.", shifts=shift_names(missing))
                    if missing else _("They work every shift the job has."))


def _certification_row(posting: Posting, candidate: Candidate) -> ChartRow:
    held = {c.code for c in candidate.certifications}
    required = {c.code for c in posting.required_certifications}
    missing = required - held
    if not missing:
        status, sentence = MET, (_("They hold every certification asked.") if required
                                 else _("The job asks for no certification."))
    elif posting.training_provided:
        status, sentence = NOT_MET, _("Missing: %(names)s. The employer provides the training.",
                                      names=certification_names(sorted(missing)))
    else:
        status, sentence = NOT_MET, _("Missing: %(names)s.",
                                      names=certification_names(sorted(missing)))
    return ChartRow(_("Certifications"), certification_names(sorted(required)) or _("None"),
                    certification_names(sorted(held)) or _("None"), status, sentence)

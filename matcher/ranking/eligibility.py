"""Hard eligibility rules (DESIGN §4.1): every failing rule becomes a Reason with figures.

Decisions where the design is silent:

* S is the posting's start date, or today when it has none or it has passed; all date
  comparisons are inclusive (a permit expiring on S is valid on S).
* A missing or pending permit reports `permit_missing` only: there is no employer or expiry
  to check. `permit_health_restricted` is reported whenever the restriction is recorded.
* A permit without a recorded expiry date never fails `permit_expires_before_start`.
* A renewal counts only if filed on or before the expiry date; the pair is then eligible
  and flagged `maintained_status`.
* Empty `preferred_regions` means "no preference": the region rule never fails.
* Empty `shifts` means "no shift declared": the rule fails for every shift the posting
  has (a posting without shifts never fails it). Shifts are availability, not a preference.
* `available_from=None` means available now.
* Months of experience count only experiences coded with the posting's NOC, as defined in
  `experience.py`; the figure shown is rounded down to one decimal.
"""

from __future__ import annotations

from datetime import date

from .config import RankingConfig
from .experience import hour_days, meets_months, months_floor_tenth
from .features import PERMIT_NONE, PERMIT_SPECIFIC, CandidateFeatures, start_day
from .profiles import CandidateProfile, PostingProfile, Reason

# Every hard rule's reason code, in the order `check` reports them (DESIGN §4.1's table);
# PostingIndex.gaps() gives each posting a bitmask over these (bit i = RULES[i]).
RULES = (
    "permit_missing", "permit_other_employer", "permit_expires_before_start",
    "permit_health_restricted", "french_oral_below_required", "french_written_below_required",
    "experience_below_required", "region_not_preferred", "shift_unavailable",
    "not_available_by_start", "certification_missing",
)
MAINTAINED_STATUS = "maintained_status"
TRAINING_NEEDED = "training_needed"
# The flag sets of an eligible pair, by (maintained status?, training needed?).
FLAGS = {
    (maintained, training): frozenset(
        flag
        for flag, raised in ((MAINTAINED_STATUS, maintained), (TRAINING_NEEDED, training))
        if raised
    )
    for maintained in (False, True)
    for training in (False, True)
}


def _permit_reasons(
    posting: PostingProfile, candidate: CandidateProfile, features: CandidateFeatures, start: int
) -> tuple[list[Reason], set[str]]:
    reasons: list[Reason] = []
    flags: set[str] = set()
    if features.permit == PERMIT_NONE:
        reasons.append(Reason("permit_missing", {"permit_kind": candidate.permit_kind}))
    else:
        if features.permit == PERMIT_SPECIFIC and features.permit_employer != posting.employer_id:
            figures = {
                "permit_employer_id": candidate.permit_employer_id,
                "employer_id": posting.employer_id,
            }
            reasons.append(Reason("permit_other_employer", figures))
        if features.expires < start:
            if features.renewal_ok:
                flags.add(MAINTAINED_STATUS)
            else:
                figures = {
                    "expires_on": candidate.permit_expires_on,
                    "start": date.fromordinal(start),
                    "days_short": start - features.expires,
                }
                reasons.append(Reason("permit_expires_before_start", figures))
    if features.health_restricted:
        reasons.append(Reason("permit_health_restricted", {}))
    return reasons, flags


def _profile_reasons(
    posting: PostingProfile,
    features: CandidateFeatures,
    today: date,
    config: RankingConfig,
) -> list[Reason]:
    reasons = []
    if features.oral < posting.min_french_oral:
        figures = {"have": features.oral, "need": posting.min_french_oral}
        reasons.append(Reason("french_oral_below_required", figures))
    if features.written < posting.min_french_written:
        figures = {"have": features.written, "need": posting.min_french_written}
        reasons.append(Reason("french_written_below_required", figures))
    if posting.min_experience_months > 0:
        total = hour_days(features.segments.get(posting.noc_code, ()), today.toordinal())
        if not meets_months(total, posting.min_experience_months, config):
            figures = {
                "have": months_floor_tenth(total, config),
                "need": posting.min_experience_months,
            }
            reasons.append(Reason("experience_below_required", figures))
    return reasons


def check(
    posting: PostingProfile,
    candidate: CandidateProfile,
    features: CandidateFeatures,
    today: date,
    config: RankingConfig,
) -> tuple[tuple[Reason, ...], frozenset[str]]:
    """Apply every hard rule; return all failures (table order) and the flags raised."""
    start = start_day(posting, today)
    reasons, flags = _permit_reasons(posting, candidate, features, start)
    reasons += _profile_reasons(posting, features, today, config)
    regions = features.regions
    if regions and posting.region not in regions and not features.relocate:
        reasons.append(Reason("region_not_preferred", {"region": posting.region}))
    missing_shifts = posting.shifts - features.shifts
    if missing_shifts:
        reasons.append(Reason("shift_unavailable", {"missing": sorted(missing_shifts)}))
    if features.available > start:
        figures = {"available_from": candidate.available_from, "start": date.fromordinal(start)}
        reasons.append(Reason("not_available_by_start", figures))
    missing_certs = posting.required_certifications - features.certifications
    if missing_certs:
        if posting.training_provided:
            flags.add(TRAINING_NEEDED)
        else:
            reasons.append(Reason("certification_missing", {"missing": sorted(missing_certs)}))
    return tuple(reasons), frozenset(flags)

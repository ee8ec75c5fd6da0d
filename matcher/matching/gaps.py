"""The candidate's gap plan: every job they miss, what to do for each, what opens most."""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext

from matcher.extensions import db
from matcher.matching.engine import engine, open_postings_query
from matcher.matching.explain import certification_names
from matcher.matching.services import candidate_profile
from matcher.models import Candidate, Posting
from matcher.ranking import gap_plan
from matcher.ranking.gap_plan import Gap, Need, PostingNeeds

FRANCISATION_URL = "https://www.quebec.ca/education/apprendre-le-francais"
# Where and how long, per certification the program's jobs ask for.
CERTIFICATION_ADVICE = {
    "cpr": lambda: _("One day (about 8 hours) with the Heart and Stroke Foundation, the Red "
                     "Cross or St. John Ambulance."),
    "pdsb": lambda: _("Two to four days with a trainer accredited by ASSTSAS; many "
                      "employers give it when they hire."),
    "mapaq": lambda: _("A course recognised by the MAPAQ: 6 hours for food handlers, 12 "
                       "hours for managers, in class or online."),
    "first_aid": lambda: _("Two days with a trainer recognised by the CNESST."),
}


@dataclass(frozen=True)
class GapPlan:
    near: list[tuple[Posting, Gap]] = field(default_factory=list)
    doors: list[tuple[Need, int]] = field(default_factory=list)
    total: int = 0


def _own_postings(candidate: Candidate, postings) -> frozenset[int]:
    """The postings in the candidate's own occupations (desired or past)."""
    nocs = {o.noc_code for o in candidate.desired_occupations}
    nocs |= {e.noc_code for e in candidate.experiences if e.noc_code}
    return frozenset(p.id for p in postings if p.noc_code in nocs)


def _needs(posting: Posting, held: set[str]) -> PostingNeeds:
    missing = () if posting.training_provided else tuple(sorted(
        c.code for c in posting.required_certifications if c.code not in held))
    return PostingNeeds(posting.min_french_oral, posting.min_french_written,
                        posting.min_experience_months, missing)


def gap_plan_for(candidate: Candidate, on: date, limit: int = 10) -> GapPlan:
    """Rank every open job the candidate misses and count what each action would open."""
    masks = engine(on).postings.gaps(candidate_profile(candidate), on)
    if not masks:
        return GapPlan()
    postings = {p.id: p for p in db.session.scalars(
        open_postings_query(on).where(Posting.id.in_([pid for pid, _mask in masks])))}
    held = {c.code for c in candidate.certifications}
    gaps = gap_plan.build(masks, {pid: _needs(p, held) for pid, p in postings.items()})
    ranked = gap_plan.rank(gaps, _own_postings(candidate, postings.values()))
    return GapPlan([(postings[g.posting_id], g) for g in ranked[:limit]],
                   gap_plan.doors(gaps)[:3], len(gaps))


def need_text(need: Need) -> str:
    """Say the action in a few words."""
    texts = {
        "french_oral": lambda: _("Reach level %(level)s in oral French", level=need.target),
        "french_written": lambda: _("Reach level %(level)s in written French",
                                    level=need.target),
        "certification": lambda: _("Get %(name)s", name=certification_names([need.target])),
        "permit": lambda: _("Get a work permit valid for this job"),
        "permit_renewal": lambda: _("Apply to renew your work permit"),
        "medical_exam": lambda: _("Pass the immigration medical exam"),
        "experience": lambda: ngettext("Have %(num)s month of experience in this occupation",
                                       "Have %(num)s months of experience in this occupation",
                                       int(need.target)),
        "preferences": lambda: _("Change your preferences (regions, shifts, start date)"),
    }
    return texts[need.kind]() if need.kind in texts else need.kind


def door_text(need: Need, count: int) -> str:
    """Say how many jobs one action would open (« … vous ouvrirait 23 emplois »)."""
    return ngettext("%(action)s would open %(num)s job to you.",
                    "%(action)s would open %(num)s jobs to you.", count, action=need_text(need))


def need_advice(need: Need) -> str:
    """Say what to do and where, for one action."""
    if need.kind in ("french_oral", "french_written"):
        return _("Francisation Québec gives free French courses, full time or part time, in "
                 "class or online. Sign up on Québec.ca or ask your integration officer.")
    if need.kind == "certification":
        advice = CERTIFICATION_ADVICE.get(str(need.target))
        return advice() if advice else _("Ask your integration officer where to take it.")
    return {
        "permit": lambda: _("As soon as you receive your permit, add it to your profile. Your "
                            "integration officer can help with the application to IRCC."),
        "permit_renewal": lambda: _("Apply to IRCC before your permit expires: you keep "
                                    "maintained status and may go on working while you wait."),
        "medical_exam": lambda: _("An exam with a panel physician designated by IRCC lifts "
                                  "the condition on your permit."),
        "experience": lambda: _("Add every past job in this occupation, in Québec or abroad: "
                                "all of it counts."),
        "preferences": lambda: _("Your preferences are in your profile."),
    }.get(need.kind, lambda: "")()


STEP_OF_NEED = {"permit": "candidates.permit", "permit_renewal": "candidates.permit",
                "medical_exam": "candidates.permit", "french_oral": "candidates.french",
                "french_written": "candidates.french", "experience": "candidates.experience",
                "preferences": "candidates.preferences",
                "certification": "candidates.preferences"}


def reason_needs(reasons, posting: Posting, candidate: Candidate) -> list[Need]:
    """Turn one pair's reasons (from evaluate) into needs, for the posting page."""
    mask = sum(1 << gap_plan.RULES.index(r.code) for r in reasons if r.code in gap_plan.RULES)
    held = {c.code for c in candidate.certifications}
    return sorted(gap_plan.needs_for(mask, _needs(posting, held)))


"""The candidate's gap plan: every job they miss, what to do for each, what opens most."""

import threading
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import numpy as np
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from matcher.extensions import db
from matcher.matching.engine import MatchingEngine, open_postings_query
from matcher.matching.explain import certification_names
from matcher.models import Candidate, Posting
from matcher.models.posting import posting_certifications
from matcher.ranking import CandidateProfile, gap_plan
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


def _needs(posting: Posting, held: set[str]) -> PostingNeeds:
    missing = () if posting.training_provided else tuple(sorted(
        c.code for c in posting.required_certifications if c.code not in held))
    return PostingNeeds(posting.min_french_oral, posting.min_french_written,
                        posting.min_experience_months, missing)


@dataclass(frozen=True)
class _OpenPostings:
    """What the gap plan reads of every open posting, kept per state of the indexes."""

    ids: np.ndarray    # the open postings' ids, ascending
    kinds: np.ndarray  # aligned with `ids`: the index of each one's entry in `thresholds`
    nocs: np.ndarray   # aligned with `ids`: the index of each one's NOC code in `noc_codes`
    noc_codes: dict[str, int]
    # (min oral, min written, months, training provided, certifications): postings alike
    # share one entry
    thresholds: list[tuple[int, int, int, bool, tuple[str, ...]]]

    def needs(self, held: frozenset[str]) -> list[PostingNeeds]:
        """Turn each entry of `thresholds` into what it asks of a person holding `held`."""
        return [PostingNeeds(oral, written, months, () if training else
                             tuple(code for code in codes if code not in held))
                for oral, written, months, training, codes in self.thresholds]

    def rows(self, ids: np.ndarray, own: set[str]) -> tuple[np.ndarray, np.ndarray]:
        """Return the kind of each posting of `ids` (-1 if not open) and whether it is own."""
        if len(self.ids) == 0:
            return np.full(len(ids), -1), np.zeros(len(ids), dtype=np.bool_)
        at = np.minimum(np.searchsorted(self.ids, ids), len(self.ids) - 1)
        found = self.ids[at] == ids
        own_nocs = [self.noc_codes[noc] for noc in own if noc in self.noc_codes]
        return (np.where(found, self.kinds[at], -1),
                found & np.isin(self.nocs[at], own_nocs))


_lock = threading.Lock()
# (engine, its change position, day) -> the open postings' thresholds
_cached: tuple[MatchingEngine, int, date, _OpenPostings] | None = None


def _open_postings(current: MatchingEngine, on: date) -> _OpenPostings:
    """Read every open posting's thresholds and occupation: a few columns, no ORM objects.

    Kept until the engine reads a new change (postings opening, closing or edited are
    changes) or the day turns, like the dashboard's eligible set.
    """
    global _cached
    with _lock:
        cached = _cached
        if cached and cached[0] is current and cached[1] == current.seen and cached[2] == on:
            return cached[3]
        position = current.seen
        open_ids = open_postings_query(on).with_only_columns(Posting.id).scalar_subquery()
        codes: dict[int, list[str]] = defaultdict(list)
        for posting_id, code in db.session.execute(
                select(posting_certifications.c.posting_id,
                       posting_certifications.c.certification_code)
                .where(posting_certifications.c.posting_id.in_(open_ids))
                .order_by(posting_certifications.c.certification_code)):
            codes[posting_id].append(code)
        ids, kinds, nocs, noc_codes, index = [], [], [], {}, {}
        for pid, noc, *levels in db.session.execute(
                open_postings_query(on).with_only_columns(
                    Posting.id, Posting.noc_code, Posting.min_french_oral,
                    Posting.min_french_written, Posting.min_experience_months,
                    Posting.training_provided).order_by(Posting.id)):
            ids.append(pid)
            nocs.append(noc_codes.setdefault(noc, len(noc_codes)))
            kinds.append(index.setdefault((*levels, tuple(codes.get(pid, ()))), len(index)))
        found = _OpenPostings(np.array(ids, dtype=np.int64), np.array(kinds, dtype=np.int64),
                              np.array(nocs, dtype=np.int64), noc_codes, list(index))
        _cached = (current, position, on, found)
        return found


def plan_for(current: MatchingEngine, profile: CandidateProfile, ids: np.ndarray,
             masks: np.ndarray, on: date,
             limit: int = 10) -> tuple[list[Gap], list[tuple[Need, int]], int]:
    """Rank every open job the candidate misses and count what each action would open.

    `ids` and `masks` are `PostingIndex.failed_rules` of this engine for this profile.
    Postings alike are grouped and the nearest chosen over arrays (`gap_plan.plan_rows`).
    Returns the `limit` nearest gaps (postings named by id: the caller loads what it
    shows), the three actions that open most doors, and how many open jobs are missed.
    """
    failing = masks != 0
    if not failing.any():
        return [], [], 0
    postings = _open_postings(current, on)
    own = set(profile.desired_noc_codes) | {
        e.noc_code for e in profile.experiences if e.noc_code}
    ids = ids[failing]
    kinds, preferred = postings.rows(ids, own)
    ranked, doors, total = gap_plan.plan_rows(
        ids, masks[failing], kinds, postings.needs(profile.certifications), preferred, limit)
    return ranked, doors[:3], total


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


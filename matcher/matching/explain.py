"""Explanations in words: why a job fits, what is missing, requirement by requirement.

The ranking module returns codes and figures; this module turns them into
sentences in the reader's language. Templates call these functions.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from flask import g
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from matcher.extensions import db
from matcher.i18n import format_date
from matcher.models import Candidate, Certification, Region
from matcher.postings.labels import shift_names
from matcher.ranking import Component, Reason


def certification_names(codes) -> str:
    """Return certification codes as their names in the current language."""
    from flask_babel import get_locale

    rows = _per_request("explain_certifications", "all", lambda: {
        c.code: c for c in db.session.scalars(db.select(Certification))})
    locale = str(get_locale())
    return ", ".join(rows[code].name(locale) if code in rows else code for code in codes)


def region_name(code: str) -> str:
    """Return a region's name; the names are read once per request (a page names hundreds)."""
    names = _per_request("explain_regions", "names", lambda: dict(
        db.session.execute(db.select(Region.code, Region.name)).all()))
    return names.get(code, code)


def region_names(codes) -> str:
    """Return region codes as their names, comma-separated."""
    return ", ".join(region_name(code) for code in codes)


def reason_text(reason: Reason) -> str:
    """Say what separates the candidate from the job, and how to close the gap."""
    f = reason.figures
    texts = {
        "permit_missing": lambda: _(
            "You need a valid work permit (open, or naming this employer). Add it to your "
            "profile as soon as you receive it."),
        "permit_other_employer": lambda: _(
            "Your permit names another employer: only that employer can hire you. An open "
            "work permit would let you apply here."),
        "permit_expires_before_start": lambda: ngettext(
            "Your permit expires %(num)s day before the start date (%(start)s): a renewal "
            "filed before expiry keeps you eligible.",
            "Your permit expires %(num)s days before the start date (%(start)s): a renewal "
            "filed before expiry keeps you eligible.",
            f["days_short"], start=format_date(f["start"], "long")),
        "permit_health_restricted": lambda: _(
            "Your permit does not allow work in health services. The immigration medical "
            "exam can lift this condition."),
        "french_oral_below_required": lambda: _(
            "Oral French: you have level %(have)s, the job asks for level %(need)s. A "
            "francization course can help you get there.", have=f["have"], need=f["need"]),
        "french_written_below_required": lambda: _(
            "Written French: you have level %(have)s, the job asks for level %(need)s. A "
            "francization course can help you get there.", have=f["have"], need=f["need"]),
        "experience_below_required": lambda: _(
            "Experience in this occupation: you have %(have)s months, the job asks for "
            "%(need)s.", have=f["have"], need=f["need"]),
        "region_not_preferred": lambda: _(
            "The job is in %(region)s, which is not among your regions. Add this region or "
            "say you are willing to relocate.", region=region_name(f["region"])),
        "shift_unavailable": lambda: _(
            "The job includes shifts you did not choose: %(shifts)s.",
            shifts=shift_names(f["missing"])),
        "not_available_by_start": lambda: _(
            "You are available from %(available)s, the job starts on %(start)s.",
            available=format_date(f["available_from"], "long"),
            start=format_date(f["start"], "long")),
        "certification_missing": lambda: _(
            "The job requires %(names)s and does not provide the training.",
            names=certification_names(f["missing"])),
    }
    return texts[reason.code]() if reason.code in texts else reason.code


# Lazy strings, translated only when chosen: a page of 30 matches explains 180
# components, and translating every candidate sentence each time was most of its cost.
COMPONENT_TITLES = {
    "occupation": _l("Occupation"), "experience": _l("Experience in this occupation"),
    "text": _l("Skills and duties"), "french": _l("French"),
    "logistics": _l("Region and availability"), "certifications": _l("Certifications"),
}
# code -> (full value, some, none)
COMPONENT_TEXTS = {
    "occupation": (_l("Your experience or chosen occupation is this job's occupation."),
                   _l("Your past job titles are close to this job."),
                   _l("Your past job titles are not close to this job.")),
    "experience": (_l("Two years or more of experience in this occupation."),
                   _l("Some experience in this occupation."),
                   _l("No experience in this occupation yet: the job accepts beginners.")),
    "text": (_l("Your duties and skills use the words of this job."),
             _l("Some of your duties and skills match the job description."),
             _l("Your duties and skills do not mention this job's tasks.")),
    "french": (_l("Your oral French is well above what the job asks."),
               _l("Your oral French meets what the job asks."),
               _l("Your oral French meets what the job asks.")),
    "logistics": (_l("The job is in your region and you are available now."),
                  _l("Region and availability fit, with some distance or delay."),
                  _l("Only by relocating or waiting.")),
    "certifications": (_l("No certification the job asks for is missing."),
                       _l("You hold some of the certifications the job mentions."),
                       _l("Training for the certifications is provided.")),
}


def _per_request(table: str, key, make):
    """Return `make()` for `key`, made once per request: a page explains hundreds of items."""
    cache = g.setdefault(table, {})
    found = cache.get(key)
    if found is None:
        found = cache[key] = make()
    return found


def _translated(text) -> str:
    """Translate a module-level lazy string once per request (keyed by its id)."""
    return _per_request("explain_texts", id(text), lambda: str(text))


def component_title(code: str) -> str:
    """Return the name of a score component."""
    title = COMPONENT_TITLES.get(code)
    return _translated(title) if title is not None else code


def component_text(component: Component) -> str:
    """Say in words what a score component found."""
    choices = COMPONENT_TEXTS.get(component.code)
    if choices is None:
        return component.code
    high, some = component.value >= 0.99, component.value > 0
    return _translated(choices[0] if high else choices[1] if some else choices[2])


@dataclass(frozen=True, slots=True)
class BreakdownRow:
    """One score component in words: its name, what was found, and « 12 sur 20 »."""

    title: str
    text: str
    points: float
    weight: float
    points_text: str


def _whole(value: float) -> str:
    """Format a figure as a whole number, once per request for each whole number.

    Rounds as Babel's « 0 » pattern does (the decimal of the shortest repr, half to even),
    so the text is the one `decimalformat("0")` gives.
    """
    whole = Decimal(str(value)).to_integral_value(ROUND_HALF_EVEN)
    return _per_request("explain_whole_numbers", whole, lambda: format_decimal(whole, "0"))


def breakdown(explanation) -> tuple[list[BreakdownRow], list[BreakdownRow]]:
    """Split a score's components into those that earned points and the others, in words.

    A page explains every match it shows: titles, texts and figures are translated and
    formatted once per request, not once per component.
    """
    scored, unscored = [], []
    for component in explanation:
        points = _translated_points(_whole(component.points), _whole(component.weight))
        row = BreakdownRow(component_title(component.code), component_text(component),
                           component.points, component.weight, points)
        (scored if component.points >= 0.5 else unscored).append(row)
    return scored, unscored


def _translated_points(points: str, weight: str) -> str:
    return _per_request("explain_points", (points, weight), lambda: _(
        "%(points)s of %(weight)s", points=points, weight=weight))


def breakdown_labels() -> dict[str, str]:
    """The headings of a score's breakdown, translated once per request."""
    return _per_request("explain_labels", "breakdown", lambda: {
        "caption": _("How the score is made"), "criterion": _("Criterion"),
        "found": _("What we found"), "points": _("Points"),
        "unscored": _("Not counted in the score:")})


def flag_text(flag: str) -> str:
    return {"maintained_status": _("Eligible under maintained status: the permit renewal "
                                   "was filed before expiry."),
            "training_needed": _("A required certification will be obtained through the "
                                 "training the employer provides.")}.get(flag, flag)


def permit_summary(candidate: Candidate) -> str:
    """Describe a permit in a few words, without any identifying detail."""
    kinds = {"open": _("Open work permit"), "employer_specific": _("Employer-specific permit"),
             "none": _("No permit"), "pending": _("Permit applied for")}
    text = kinds.get(candidate.permit_kind, candidate.permit_kind)
    if candidate.permit_expires_on:
        text += " · " + _("valid until %(date)s", date=format_date(candidate.permit_expires_on,
                                                                   "long"))
    return text


# Lazy, translated once per request: a ranked list shows a band on each of 200 cards.
BAND_TEXTS = {"excellent": _l("Excellent fit"), "very_good": _l("Very good fit"),
              "good": _l("Good fit"), "fair": _l("Fair fit"),
              "meets": _l("Meets the requirements")}


def band_text(code: str) -> str:
    """Return a fit band in words (see `matcher.ranking.fit`)."""
    text = BAND_TEXTS.get(code)
    return _translated(text) if text is not None else code


def french_level_text(skill) -> str:
    """Say « Oral 6 (demandé : 5) » for a ranked_list.FrenchSkill, once per request for each."""
    return _per_request(
        "explain_french_levels", (skill.skill, skill.level, skill.required),
        lambda: _("%(skill)s %(level)s (asked: %(need)s)",
                  skill=french_skill_name(skill.skill), level=skill.level,
                  need=skill.required))


def french_skill_name(skill: str) -> str:
    """Return the name of one French skill."""
    return {"oral_comprehension": _("Listening"), "oral_production": _("Speaking"),
            "reading": _("Reading"), "writing": _("Writing")}.get(skill, skill)

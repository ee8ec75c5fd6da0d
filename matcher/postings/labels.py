"""Translated names of the codes a posting carries (role families, shifts, types, levels)."""

from decimal import ROUND_HALF_UP, Decimal

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from matcher import clock
from matcher.i18n import format_date
from matcher.models._common import SHIFTS

ROLE_FAMILY_LABELS = {
    "patient_care": _l("Patient care"),
    "health_support": _l("Health support"),
    "home_support": _l("Home support"),
    "kitchen": _l("Kitchen and food service"),
    "housekeeping": _l("Housekeeping"),
    "maintenance": _l("Building maintenance"),
    "administration": _l("Administration"),
}

# Short everyday titles of the program's occupations; the official NOC titles are long
# and carry both gender forms.
OCCUPATION_LABELS = {
    "33102": _l("Patient care attendants, nurse aides and orderlies"),
    "33109": _l("Other assisting occupations in support of health services"),
    "44101": _l("Home support workers"),
    "65201": _l("Kitchen helpers and food service attendants"),
    "63200": _l("Cooks"),
    "65310": _l("Housekeeping and light duty cleaners"),
    "65312": _l("Janitors and caretakers"),
    "73201": _l("General building maintenance workers"),
    "13112": _l("Medical administrative assistants"),
    "14100": _l("General office support workers"),
    "14101": _l("Receptionists"),
}

SHIFT_LABELS = {
    "day": _l("Day"),
    "evening": _l("Evening"),
    "night": _l("Night"),
    "weekend": _l("Weekend"),
}

EMPLOYMENT_TYPE_LABELS = {
    "full_time": _l("Full-time"),
    "part_time": _l("Part-time"),
    "casual": _l("Casual (on call)"),
    "temporary": _l("Temporary"),
}

STATUS_LABELS = {
    "draft": _l("Draft"),
    "open": _l("Open"),
    "closed": _l("Closed"),
    "filled": _l("Filled"),
}

STAGE_LABELS = {
    "beginner": _l("beginner"),
    "intermediate": _l("intermediate"),
    "advanced": _l("advanced"),
}


def is_english() -> bool:
    """Say whether the page is shown in English."""
    return str(get_locale() or "fr_CA").startswith("en")


# Label tables translated once per language: a board page shows the same few labels on
# every card, and looking each one up again is a measurable share of its time.
_TRANSLATED: dict[str, dict] = {}


def translated() -> dict:
    """Return the label tables and card phrases in the page's language."""
    locale = str(get_locale() or "fr_CA")
    if locale not in _TRANSLATED:
        tables = {name: {code: str(label) for code, label in table.items()} for name, table in (
            ("role_family_labels", ROLE_FAMILY_LABELS), ("occupation_labels", OCCUPATION_LABELS),
            ("shift_labels", SHIFT_LABELS), ("employment_type_labels", EMPLOYMENT_TYPE_LABELS),
            ("status_labels", STATUS_LABELS), ("stage_labels", STAGE_LABELS))}
        tables["phrases"] = {
            "per_hour": _("%(wage)s an hour"), "per_week": _("%(hours)s h a week"),
            "starts": _("Starts %(date)s"), "shifts": _("Shifts:"),
            "published": _("Published %(date)s"),
            "per_year": _("about %(amount)s a year (%(hours)s h a week × 52 weeks)"),
            "per_week_pay": _("about %(amount)s a week (%(hours)s h)"),
            "on_call": _("on call: paid for the hours worked"),
        }
        _TRANSLATED[locale] = tables
    return _TRANSLATED[locale]


def occupation_label(occupation) -> str:
    """Return the everyday title of an occupation in the page's language."""
    label = translated()["occupation_labels"].get(occupation.noc_code)
    if label is not None:
        return label
    return occupation.title_en if is_english() else occupation.title_fr


def certification_name(certification) -> str:
    """Return a certification's name in the page's language."""
    return certification.name_en if is_english() else certification.name_fr


def shift_names(codes, start_upper: bool = False) -> str:
    """Return shift codes, in the usual order, as words of the page's language.

    The words are in lower case, as they read after a colon or in a sentence ("Quarts :
    jour, soir"); `start_upper` capitalizes the first one, for a list standing alone.
    """
    labels = translated()["shift_labels"]
    text = ", ".join(str(labels[shift]).lower() for shift in SHIFTS if shift in codes)
    return text[:1].upper() + text[1:] if start_upper else text


def number(value) -> str:
    """Write a decimal without trailing zeros, with a decimal comma in French (37,5)."""
    text = format(Decimal(value).normalize(), "f")
    return text if is_english() else text.replace(".", ",")


def money(amount, whole: bool = False) -> str:
    """Write dollars the Canadian way for the page's language ("21,50 $", "$21.50")."""
    amount = Decimal(amount).quantize(Decimal(1) if whole else Decimal("0.01"), ROUND_HALF_UP)
    text = f"{amount:,}"
    if is_english():
        return f"${text}"
    return text.replace(",", "\u00a0").replace(".", ",") + "\u00a0$"


def annual_wage(posting) -> Decimal | None:
    """Return what a posting pays in a year of 52 weeks at its hours (None: on call)."""
    from matcher.postings.rules import shows_yearly_salary  # rules import this module

    if not shows_yearly_salary(posting.employment_type):
        return None
    return posting.hourly_wage * posting.hours_per_week * 52


def pay_lines(posting) -> tuple[str, str]:
    """Describe the pay the way the job is paid: the hourly wage, then what it comes to.

    A full-time job shows its yearly amount; part-time and temporary jobs their weekly
    amount; an on-call job is paid for the hours worked, so it shows neither.
    """
    phrases = translated()["phrases"]
    hourly = phrases["per_hour"] % {"wage": money(posting.hourly_wage)}
    hours = number(posting.hours_per_week)
    if posting.employment_type == "full_time":
        return hourly, phrases["per_year"] % {
            "amount": money(annual_wage(posting), whole=True), "hours": hours}
    if posting.employment_type == "casual":
        return hourly, phrases["on_call"]
    return hourly, phrases["per_week_pay"] % {
        "amount": money(posting.hourly_wage * posting.hours_per_week, whole=True),
        "hours": hours}


def published_on(posting) -> str:
    """Return "Published <date>" for a posting, its day taken in Québec (cached per day)."""
    day = posting.published_at.astimezone(clock.QUEBEC).date()
    key = (str(get_locale() or "fr_CA"), day)
    if key not in _PUBLISHED:
        if len(_PUBLISHED) > 4096:
            _PUBLISHED.clear()
        _PUBLISHED[key] = translated()["phrases"]["published"] % {
            "date": format_date(day, "long")}
    return _PUBLISHED[key]


_PUBLISHED: dict = {}


def level_label(level, at_least: bool = False) -> str:
    """Describe a French level: stage, NCLC (CLB/NCLC in English) and approximate CEFR."""
    values = dict(level=level.level, stage=translated()["stage_labels"].get(level.stage,
                                                                           level.stage),
                  nclc=level.nclc, cefr=level.cefr)
    if at_least:
        return _("Level %(level)s or higher – %(stage)s "
                 "(CLB/NCLC %(nclc)s, approx. CEFR %(cefr)s)", **values)
    return _("Level %(level)s – %(stage)s (CLB/NCLC %(nclc)s, approx. CEFR %(cefr)s)", **values)


def template_helpers() -> dict:
    """Return the label tables and helpers the posting templates use."""
    return {
        **translated(), "occupation_label": occupation_label, "shift_names": shift_names,
        "certification_name": certification_name, "money": money, "number": number,
        "pay_lines": pay_lines, "published_on": published_on, "level_label": level_label,
    }

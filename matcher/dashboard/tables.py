"""The dashboard's tables, built once for the page and for their CSV export."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from matcher import clock
from matcher.dashboard import hires, progress, services
from matcher.dashboard.cache import kept
from matcher.dashboard.services import Filters
from matcher.parcours import figures as parcours_figures
from matcher.postings.labels import OCCUPATION_LABELS, ROLE_FAMILY_LABELS, is_english

FUNNEL_LABELS = {
    "registered": _l("Registered"),
    "profile_complete": _l("Profile complete"),
    "matching_on": _l("Matching switched on"),
    "eligible": _l("Eligible for at least one open posting"),
    "applied": _l("Applied"),
    "interview": _l("Interviewed"),
    "offer": _l("Received an offer"),
    "hired": _l("Hired"),
}
FUNNEL_DEFINITIONS = {
    "registered": _l("Created an account in the period."),
    "profile_complete": _l("Gave a permit answer, the four French levels, a past job or a desired "
                           "occupation, and a preferred region (or is willing to relocate)."),
    "matching_on": _l("Lets employers see their profile."),
    "eligible": _l("Today, they meet every hard rule of at least one open posting, as the "
                   "matching engine checks them: permit, oral and written French, experience "
                   "in the occupation, region (or willing to relocate), shifts, availability "
                   "by the start date, and certifications (or training the employer provides)."),
    "applied": _l("Applied to a posting or accepted an invitation."),
    "interview": _l("At least one application reached an interview."),
    "offer": _l("At least one application reached a job offer."),
    "hired": _l("Started work: a hire whose first day has arrived."),
}


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "count"  # text, count, percent, month

    @property
    def csv_header(self) -> str:
        return f"{self.label} (%)" if self.kind == "percent" else str(self.label)


@dataclass(frozen=True)
class Row:
    values: tuple
    bar: float | None = None  # the share a decorative bar shows beside the row


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


HIRES = Column(_l("People hired"))
SHARE = Column(_l("Share of people hired"), "percent")


def _shares(key: str, title, label_columns: tuple[Column, ...], rows: list[tuple]) -> Table:
    """Sort (labels..., hires) rows by hires, add each row's share of the total."""
    total = sum(row[-1] for row in rows)
    rows = sorted(rows, key=lambda row: (-row[-1], *(str(value) for value in row[:-1])))
    return Table(key, str(title), (*label_columns, HIRES, SHARE), tuple(
        Row((*row, row[-1] / total), bar=row[-1] / total) for row in rows))


def _occupation_title(code: str, title_en: str, title_fr: str) -> str:
    label = OCCUPATION_LABELS.get(code)
    if label is not None:
        return str(label)
    return title_en if is_english() else title_fr


def role_family_table(filters: Filters) -> Table:
    rows = [(str(ROLE_FAMILY_LABELS.get(family, _("Other occupations"))), count)
            for family, count in hires.breakdown("role_family", filters)]
    return _shares("role_family", _l("People hired by role family"),
                   (Column(_l("Role family"), "text"),), rows)


def noc_table(filters: Filters) -> Table:
    rows = [(code, _occupation_title(code, title_en, title_fr), count)
            for code, title_en, title_fr, count in hires.breakdown("noc", filters)]
    return _shares("noc", _l("People hired by occupation (NOC)"),
                   (Column(_l("NOC code"), "text"), Column(_l("Occupation"), "text")), rows)


def region_table(filters: Filters) -> Table:
    rows = [(f"{code} – {name}", count) for code, name, count in hires.breakdown("region", filters)]
    return _shares("region", _l("People hired by region"), (Column(_l("Region"), "text"),), rows)


def establishment_table(filters: Filters) -> Table:
    rows = [(name, count) for _id, name, count in hires.breakdown("establishment", filters)]
    return _shares("establishment", _l("People hired by establishment"),
                   (Column(_l("Establishment"), "text"),), rows)


def agency_table(filters: Filters) -> Table:
    rows = [(name or _("No partner agency"), count)
            for _id, name, count in hires.breakdown("agency", filters)]
    return _shares("agency", _l("People hired by partner agency"),
                   (Column(_l("Partner agency"), "text"),), rows)


def funnel_table(filters: Filters) -> Table:
    counts = services.funnel(filters, clock.today())
    registered = counts["registered"]
    rows = tuple(Row((str(FUNNEL_LABELS[stage]), count, count / registered if registered else 0),
                     bar=count / registered if registered else 0)
                 for stage, count in counts.items())
    return Table("funnel", _("Candidate funnel"), (
        Column(_l("Funnel stage"), "text"), Column(_l("Candidates")),
        Column(_l("Share of registered candidates"), "percent")), rows)


def retention_table(filters: Filters) -> Table:
    rows = []
    for days, started, stayed in hires.retention(filters, clock.today()):
        share = stayed / started if started else None
        rows.append(Row((_("%(days)s days", days=days), started, stayed, share), bar=share))
    return Table("retention", _("Retention"), (
        Column(_l("Time after the start"), "text"), Column(_l("People who reached it")),
        Column(_l("Still employed")), Column(_l("Share still employed"), "percent")),
        tuple(rows))


def months_table(board: progress.Progress) -> Table:
    rows = tuple(Row((month.first_day, month.hires, month.cumulative, month.pace))
                 for month in board.months)
    return Table("months", _("People hired by month"), (
        Column(_l("Month"), "month"), Column(_l("People hired")), Column(_l("Cumulative")),
        Column(_l("Target pace"))), rows)


def program_progress(day: date) -> progress.Progress:
    """Compute the whole program's progress toward its target as of day."""
    settings = services.program_settings()
    upcoming, recent = hires.upcoming_and_recent(day, progress.RECENT_DAYS)
    return progress.compute(settings.target_hires, settings.starts_on, settings.ends_on, day,
                            hires.by_month(day), upcoming, recent)


PARCOURS_STAGE_LABELS = {
    "new": _l("Plans at stage: new file (first meeting to hold)"),
    "first_meeting": _l("Plans at stage: first meeting held"),
    "plan": _l("Plans at stage: plan drawn up"),
    "actions": _l("Plans at stage: actions under way"),
    "closed": _l("Plans at stage: closed"),
}


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


_kept_parcours_figures = kept(
    "parcours", ("candidate", "parcours", "people", "program"))(parcours_figures.compute)


def _parcours_figures(filters: Filters) -> parcours_figures.Figures:
    """Return the Parcours figures (two tables show them), kept until the data changes."""
    return _kept_parcours_figures(filters, clock.today())


def parcours_table(filters: Filters) -> Table:
    figures = _parcours_figures(filters)
    met = figures.met_on_time + figures.met_late
    rows = [
        Row((_("First meeting within 5 days of arrival"), figures.met_on_time,
             _share(figures.met_on_time, met)), bar=_share(figures.met_on_time, met)),
        Row((_("First meeting after the 5 days"), figures.met_late,
             _share(figures.met_late, met)), bar=_share(figures.met_late, met)),
        Row((_("First meeting overdue, not held yet"), figures.meeting_overdue,
             _share(figures.meeting_overdue, figures.people)),
            bar=_share(figures.meeting_overdue, figures.people)),
        *(Row((str(PARCOURS_STAGE_LABELS[stage]), count, _share(count, figures.people)),
              bar=_share(count, figures.people)) for stage, count in figures.stages.items()),
        Row((_("Actions overdue (count of actions)"), figures.actions_overdue, None)),
    ]
    return Table("parcours", _("Parcours: first meetings and plans"), (
        Column(_l("Figure"), "text"), Column(_l("Count")), Column(_l("Share"), "percent")),
        tuple(rows))


def parcours_officers_table(filters: Filters) -> Table:
    figures = _parcours_figures(filters)
    rows = tuple(Row((email or _("Without an officer"), people, _share(on_time, met),
                      overdue, actions), bar=_share(on_time, met))
                 for email, people, on_time, met, overdue, actions in figures.per_officer)
    return Table("parcours_officers", _("Caseload per officer"), (
        Column(_l("Officer"), "text"), Column(_l("People followed")),
        Column(_l("First meetings within 5 days"), "percent"),
        Column(_l("First meetings overdue")), Column(_l("Actions overdue"))), rows)


DETAIL_TABLES: dict[str, Callable[[Filters], Table]] = {
    "role_family": role_family_table,
    "noc": noc_table,
    "region": region_table,
    "establishment": establishment_table,
    "agency": agency_table,
    "funnel": funnel_table,
    "retention": retention_table,
    "parcours": parcours_table,
    "parcours_officers": parcours_officers_table,
}
TABLE_KEYS = ("months", *DETAIL_TABLES)


def build(key: str, filters: Filters) -> Table:
    """Build one table by its key (the program-wide monthly table ignores the filters)."""
    if key == "months":
        return months_table(program_progress(clock.today()))
    return DETAIL_TABLES[key](filters)

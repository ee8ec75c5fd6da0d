"""The dashboard page's content: progress, its chart and text alternative, the tables."""

from dataclasses import dataclass
from datetime import date

from babel.numbers import format_decimal
from babel.numbers import format_percent as babel_percent
from flask_babel import format_number, get_locale, ngettext
from flask_babel import gettext as _
from markupsafe import Markup

from matcher import clock
from matcher.dashboard import charts, export, progress, tables
from matcher.dashboard.services import Filters
from matcher.i18n import format_date


def percent(value: float | None) -> str:
    """Format a share with at most one decimal, the locale's way ("4,7 %", "4.7%")."""
    if value is None:
        return "—"
    return babel_percent(round(value, 3), locale=get_locale(), decimal_quantization=False)


def decimal(value: float) -> str:
    """Format a rate with at most one decimal ("3,2", "3.2"; "1 430" for large ones)."""
    pattern = "#,##0.#" if value < 100 else "#,##0"
    return format_decimal(value, pattern, locale=get_locale())


def long_date(day: date) -> str:
    return format_date(day, "long")


def month_label(first_day: date) -> str:
    """Name a month the locale's way ("décembre 2023", "December 2023")."""
    return format_date(first_day, "MMMM y")


@dataclass(frozen=True)
class Board:
    progress: progress.Progress
    filters: Filters
    default_filters: Filters
    chart: Markup
    standing: str | None
    summary: list[str]
    months: tables.Table
    details: list[tables.Table]


def standing(p: progress.Progress) -> str | None:
    """Say plainly where the program stands once the target is reached or the end is near."""
    figures = {"count": format_number(p.hires), "target": format_number(p.target),
               "share": percent(p.share), "end": long_date(p.ends_on)}
    if p.reached:
        return ngettext("Target reached: %(count)s person hired of %(target)s (%(share)s).",
                        "Target reached: %(count)s people hired of %(target)s (%(share)s).",
                        p.hires, **figures)
    if p.ended:
        return ngettext(
            "Target not reached: %(count)s person hired of %(target)s (%(share)s). The program "
            "ended on %(end)s.",
            "Target not reached: %(count)s people hired of %(target)s (%(share)s). The program "
            "ended on %(end)s.", p.hires, **figures)
    if p.closing:
        return ngettext(
            "Target not reached: %(count)s person hired of %(target)s (%(share)s), ending on "
            "%(end)s.",
            "Target not reached: %(count)s people hired of %(target)s (%(share)s), ending on "
            "%(end)s.", p.hires, **figures)
    return None


def summary_sentences(p: progress.Progress) -> list[str]:
    """State the progress figures in words: the chart's text alternative."""
    sentences = [ngettext(
        "%(count)s person had started work by %(today)s: %(share)s of the target of "
        "%(target)s.",
        "%(count)s people had started work by %(today)s: %(share)s of the target of "
        "%(target)s.",
        p.hires, count=format_number(p.hires), today=long_date(p.today), share=percent(p.share),
        target=format_number(p.target))]
    sentences.append(ngettext(
        "At the straight pace to the target, %(count)s person would have started work by this "
        "date.",
        "At the straight pace to the target, %(count)s people would have started work by this "
        "date.",
        p.expected_now, count=format_number(p.expected_now)))
    sentences.append(ngettext(
        "In the last 90 days, %(count)s person started work, about %(pace)s per month.",
        "In the last 90 days, %(count)s people started work, about %(pace)s per month.",
        p.recent, count=format_number(p.recent), pace=decimal(p.recent_monthly_pace)))
    if p.reached:
        sentences.append(_("The target has been reached."))
    elif p.ended:
        sentences.append(_("The program window ended on %(end)s.", end=long_date(p.ends_on)))
    elif p.closing:
        sentences.append(ngettext(
            "%(count)s more person would have to start work by %(end)s to reach the target.",
            "%(count)s more people would have to start work by %(end)s to reach the target.",
            p.remaining, count=format_number(p.remaining), end=long_date(p.ends_on)))
    else:
        sentences.append(_(
            "At that pace, the program would reach %(projected)s hires by %(end)s; reaching "
            "the target would take %(needed)s hires per month from now on.",
            projected=format_number(p.projected_total), end=long_date(p.ends_on),
            needed=decimal(p.needed_monthly_pace)))
    return sentences


def progress_chart(p: progress.Progress, description: str) -> Markup:
    """Draw cumulative hires against the straight pace, and the recent pace's projection."""
    start = p.starts_on.toordinal()

    def x(day: date) -> float:
        return day.toordinal() - start

    actual = [(0.0, 0.0)] + [(x(min(progress.month_end(m.first_day), p.today, p.ends_on)),
                               m.cumulative) for m in p.months]
    lines = [charts.Series(((0, 0), (x(p.ends_on), p.target)), "series-pace"),
             charts.Series(tuple(actual), "series-actual")]
    if p.today < p.ends_on and not p.reached:
        lines.append(charts.Series(((x(p.today), p.hires), (x(p.ends_on), p.projected_total)),
                                   "series-projection"))
    top = max(p.target, p.projected_total, p.hires)
    y_ticks = [(value, format_number(value)) for value in charts.nice_ticks(top)]
    x_ticks = [(x(first), format_date(first, "MMM y"), first.month == 1)
               for first in progress.month_starts(p.starts_on, p.ends_on)
               if first.month in (1, 7) and first > p.starts_on]
    return charts.line_chart(
        lines, x_range=(0, x(p.ends_on)), y_ticks=y_ticks, x_ticks=x_ticks,
        title=_("Cumulative hires by month, against the straight pace to the target"),
        description=description, chart_id="progress-chart")


def build(filters: Filters, default: Filters) -> Board:
    """Gather everything the dashboard page shows."""
    p = tables.program_progress(clock.today())
    summary = summary_sentences(p)
    return Board(
        progress=p, filters=filters, default_filters=default,
        chart=progress_chart(p, " ".join(summary)), standing=standing(p), summary=summary,
        months=tables.months_table(p),
        details=[build_table(filters) for build_table in tables.DETAIL_TABLES.values()])


# What the dashboard's templates use to format figures.
HELPERS = {"csv_urls": export.csv_urls, "percent": percent, "decimal": decimal,
           "long_date": long_date, "month_label": month_label, "bar": charts.bar,
           "funnel_labels": tables.FUNNEL_LABELS, "funnel_definitions": tables.FUNNEL_DEFINITIONS}

"""Progress toward the hiring target: the straight pace, the recent pace, the projection.

Pure arithmetic on a few counts the database already summed; no Flask, no SQL.
"""

from dataclasses import dataclass
from datetime import date, timedelta

DAYS_PER_MONTH = 365.25 / 12
RECENT_DAYS = 90  # the "recent pace" is measured over this many days


@dataclass(frozen=True)
class Month:
    first_day: date
    hires: int        # hires that started this month (up to today)
    cumulative: int   # hires that started by the end of this month (or today)
    pace: int         # what the straight pace to the target asked for by the same day


@dataclass(frozen=True)
class Progress:
    target: int
    starts_on: date
    ends_on: date
    today: date
    hires: int                       # hires that started on or before today
    upcoming: int                    # hires recorded with a start date after today
    expected_now: int                # the straight pace's figure for today
    recent: int                      # hires that started in the last RECENT_DAYS days
    recent_monthly_pace: float
    projected_total: int             # hires by the deadline at the recent pace
    needed_monthly_pace: float | None  # None once less than a month is left
    target_reached_on: date | None   # when the recent pace would reach the target
    months: tuple[Month, ...]

    @property
    def share(self) -> float:
        return self.hires / self.target

    @property
    def days_left(self) -> int:
        return max(0, (self.ends_on - self.today).days)

    @property
    def reached(self) -> bool:
        return self.hires >= self.target

    @property
    def on_track(self) -> bool:
        return self.projected_total >= self.target

    @property
    def remaining(self) -> int:
        return max(0, self.target - self.hires)

    @property
    def ended(self) -> bool:
        """The program's last day has passed."""
        return self.today > self.ends_on

    @property
    def closing(self) -> bool:
        """Less than a month is left: a monthly pace means nothing any more."""
        return not self.ended and self.days_left < DAYS_PER_MONTH


def pace_on(day: date, target: int, starts_on: date, ends_on: date) -> int:
    """Return the hires a straight line from 0 at the start to the target at the end asks by day."""
    span = (ends_on - starts_on).days
    elapsed = min(max((day - starts_on).days, 0), span)
    return round(target * elapsed / span)


def month_starts(first: date, last: date) -> list[date]:
    """Return the first day of every month from first's month to last's month."""
    months, current = [], first.replace(day=1)
    while current <= last:
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return months


def month_end(first_day: date) -> date:
    """Return the last day of the month that starts on first_day."""
    return (first_day + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def compute(target: int, starts_on: date, ends_on: date, today: date,
            by_month: dict[tuple[int, int], int], upcoming: int, recent: int) -> Progress:
    """Turn monthly hire counts into the dashboard's progress figures.

    `by_month` maps (year, month) to the hires that started that month, up to today; months
    before the program's start count in its first month.
    """
    last_month = min(max(today, starts_on), ends_on)
    firsts = month_starts(starts_on, last_month)
    before = sum(count for (year, month), count in by_month.items()
                 if date(year, month, 1) < firsts[0])
    months, cumulative = [], 0
    for first in firsts:
        count = by_month.get((first.year, first.month), 0) + (before if first == firsts[0] else 0)
        cumulative += count
        day = min(month_end(first), today, ends_on)
        months.append(Month(first, count, cumulative, pace_on(day, target, starts_on, ends_on)))
    hires = sum(by_month.values())
    rate = recent / RECENT_DAYS  # hires per day
    days_left = max(0, (ends_on - today).days)
    remaining = max(0, target - hires)
    reached_on = None
    if remaining == 0:
        reached_on = today
    elif rate > 0:
        reached_on = today + timedelta(days=round(remaining / rate))
    needed = None
    if days_left >= DAYS_PER_MONTH:
        needed = remaining / (days_left / DAYS_PER_MONTH)
    return Progress(
        target=target, starts_on=starts_on, ends_on=ends_on, today=today, hires=hires,
        upcoming=upcoming, expected_now=pace_on(today, target, starts_on, ends_on),
        recent=recent, recent_monthly_pace=rate * DAYS_PER_MONTH,
        projected_total=hires + round(rate * days_left), needed_monthly_pace=needed,
        target_reached_on=reached_on, months=tuple(months))

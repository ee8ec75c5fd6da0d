"""An interview as an iCalendar file (RFC 5545), written by hand: one event, times in UTC."""

from datetime import UTC, datetime

from matcher import clock
from matcher.models import Interview

PRODID = "-//Passerelle//Interviews//FR"


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character (§3.1)."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > 75:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def interview_ics(interview: Interview, summary: str, description: str, host: str) -> str:
    """Return the calendar file of an interview; the UID stays the same when it changes."""
    status = {"confirmed": "CONFIRMED", "cancelled": "CANCELLED"}.get(interview.status,
                                                                       "TENTATIVE")
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH", "BEGIN:VEVENT",
        f"UID:interview-{interview.id}@{host}",
        f"DTSTAMP:{_utc(clock.now())}",
        f"DTSTART:{_utc(interview.starts_at)}",
        f"DTEND:{_utc(interview.ends_at)}",
        f"SUMMARY:{escape_text(summary)}",
        f"LOCATION:{escape_text(interview.place)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"STATUS:{status}",
        "END:VEVENT", "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)

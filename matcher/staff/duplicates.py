"""Likely duplicate candidate files: finding them, dismissing a pair, merging two files.

A pair is flagged when the two accounts share an email (once normalized), a phone
number, or close names (rapidfuzz) with the same arrival date or city. Nothing is
ever merged on its own: families share a phone, namesakes exist, so an officer
looks at each pair and merges it or dismisses it (the dismissal is remembered).
Nothing here commits.
"""

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process
from sqlalchemy import Select, and_, func, or_, select

from matcher import audit
from matcher.extensions import db
from matcher.models import Candidate, DuplicateDismissal, User

NAME_SCORE = 90  # token_sort_ratio from which two names count as the same
REASONS = ("email", "phone", "name_arrival", "name_city")
GMAIL = ("gmail.com", "googlemail.com")


@dataclass(frozen=True)
class Row:
    id: int
    email: str
    phone: str
    name: str
    city: str
    arrival_date: object


@dataclass(frozen=True)
class Pair:
    first: int
    second: int
    reasons: tuple[str, ...]

    @property
    def phone_only(self) -> bool:
        """A shared phone alone: often a family, so it asks for a closer look."""
        return self.reasons == ("phone",)


def normalize_email(email: str) -> str:
    """Lower-case, drop a +tag, and the dots Gmail ignores."""
    local, _at, domain = (email or "").strip().lower().partition("@")
    local = local.split("+", 1)[0]
    if domain in GMAIL:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}" if domain else local


def normalize_phone(phone: str) -> str:
    """Keep the digits of a North American number (no leading 1); "" when too short."""
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return digits if len(digits) >= 7 else ""


def _rows(query: Select) -> list[Row]:
    """Read the few columns the comparison needs, for the active candidates of a scope."""
    ids = query.with_only_columns(Candidate.id).order_by(None)
    result = db.session.execute(
        select(Candidate.id, User.email, Candidate.phone, Candidate.first_name,
               Candidate.last_name, Candidate.city, Candidate.arrival_date)
        .join(User, Candidate.user_id == User.id)
        .where(Candidate.id.in_(ids), User.active.is_(True)).order_by(Candidate.id))
    return [Row(r.id, normalize_email(r.email), normalize_phone(r.phone),
                default_process(f"{r.first_name} {r.last_name}"), default_process(r.city or ""),
                r.arrival_date) for r in result]


def _same(rows: list[Row], key) -> dict:
    groups = defaultdict(list)
    for row in rows:
        value = key(row)
        if value:
            groups[value].append(row)
    return groups


def _close_names(groups: dict) -> set[tuple[int, int]]:
    pairs = set()
    for members in groups.values():
        for a, b in combinations(members, 2):
            if a.name and b.name and fuzz.token_sort_ratio(a.name, b.name) >= NAME_SCORE:
                pairs.add((a.id, b.id))
    return pairs


def _pairs(rows: list[Row]) -> list[Pair]:
    reasons: dict[tuple[int, int], set[str]] = defaultdict(set)
    for reason, key in (("email", lambda r: r.email), ("phone", lambda r: r.phone)):
        for members in _same(rows, key).values():
            for a, b in combinations(members, 2):
                reasons[(a.id, b.id)].add(reason)
    # Names are compared within a day of arrival, or within a city and a first letter,
    # so a city of 50,000 files is not compared pair by pair.
    for pair in _close_names(_same(rows, lambda r: r.arrival_date)):
        reasons[pair].add("name_arrival")
    for pair in _close_names(_same(rows, lambda r: r.city and (r.city, min(
            r.name.split(), default="")[:1]))):
        reasons[pair].add("name_city")
    dismissed = set(db.session.execute(select(DuplicateDismissal.first_id,
                                              DuplicateDismissal.second_id)).all())
    return [Pair(a, b, tuple(r for r in REASONS if r in found))
            for (a, b), found in sorted(reasons.items()) if (a, b) not in dismissed]


def find_pairs(query: Select) -> list[Pair]:
    """Return the likely duplicates among a scope's candidates, not dismissed, by reason."""
    return _pairs(_rows(query))


def pairs_with(candidate: Candidate, query: Select) -> list[Pair]:
    """Return the flagged pairs one candidate belongs to, within a scope.

    Only the files that could match are read: same email domain and first letter, same
    last digits of the phone, same arrival date, or same city and a name's initial.
    """
    email = db.session.scalar(select(User.email).where(User.id == candidate.user_id)) or ""
    local, _at, domain = normalize_email(email).partition("@")
    domains = GMAIL if domain == "gmail.com" else (domain,)
    phone = normalize_phone(candidate.phone)
    near = [Candidate.id == candidate.id, *(and_(
        func.lower(User.email).startswith(local[:1], autoescape=True),
        func.lower(User.email).endswith(f"@{d}", autoescape=True)) for d in domains if d)]
    if phone:
        near.append(Candidate.phone.contains(phone[-4:], autoescape=True))
    if candidate.arrival_date:
        near.append(Candidate.arrival_date == candidate.arrival_date)
    initials = {token[:1] for token in default_process(
        f"{candidate.first_name} {candidate.last_name}").split()}
    if candidate.city and initials:
        near.append(and_(func.lower(Candidate.city) == candidate.city.lower(), or_(*(
            column.startswith(letter, autoescape=True) for letter in initials
            for column in (func.lower(Candidate.first_name), func.lower(Candidate.last_name))))))
    rows = _rows(query.join(User, Candidate.user_id == User.id).where(or_(*near)))
    return [pair for pair in _pairs(rows) if candidate.id in (pair.first, pair.second)]


def flag(candidate: Candidate, query: Select) -> list[Pair]:
    """Write each likely duplicate of a new file to the audit log; return the pairs."""
    found = pairs_with(candidate, query)
    for pair in found:
        other = pair.second if pair.first == candidate.id else pair.first
        audit.record("candidate.duplicate_suspected", candidate, other_id=other,
                     reasons=list(pair.reasons))
    return found


class DuplicateError(ValueError):
    """A dismissal or merge refused; `code` names why (staff.duplicate_views words it)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def dismiss(first: Candidate, second: Candidate, actor: User) -> DuplicateDismissal:
    """Remember that two files are two people; they are not flagged again."""
    if first.id == second.id:
        raise DuplicateError("same_file")
    low, high = sorted((first.id, second.id))
    existing = db.session.scalar(select(DuplicateDismissal).where(
        DuplicateDismissal.first_id == low, DuplicateDismissal.second_id == high))
    if existing is not None:
        return existing
    dismissal = DuplicateDismissal(first_id=low, second_id=high, dismissed_by_id=actor.id)
    db.session.add(dismissal)
    db.session.flush()
    audit.record("candidate.duplicate_dismissed", dismissal, actor=actor, first_id=low,
                 second_id=high)
    return dismissal

"""Stable pseudonyms that identify a candidate to employers, and when names are shown."""

import hashlib
import hmac

from flask import current_app, g, has_request_context
from sqlalchemy import or_, select

from matcher.extensions import db
from matcher.models import Application, Candidate, Consent

# Statuses at which the candidate applied or accepted an invitation (and so chose to share).
SHARING_STATUSES = ("applied", "shortlisted", "interview", "offer", "hired", "rejected",
                    "withdrawn")


def pseudonym(candidate_id: int) -> str:
    """Return a short, stable label such as "C-4F2A9" for a candidate."""
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"candidate:{candidate_id}".encode(), hashlib.sha256).hexdigest()
    return f"C-{digest[:5].upper()}"


def contact_state(application: Application | None) -> str | None:
    """Say what an employer may see of a candidate's identity for this application.

    "shown": name, email and phone; "withdrawn": the candidate applied but has since
    switched contact sharing off (read from the consents at every request, so the
    withdrawal applies from the next page an employer opens); None: pseudonym only
    (no application, an open invitation, or a declined one).
    """
    if application is None or application.candidate_id is None:
        return None
    if application.status not in SHARING_STATUSES:
        return None
    # Pages ask this of each row, often twice (visible? withdrawn?): read it once a request.
    known = g.setdefault("contact_states", {}) if has_request_context() else {}
    key = (application.id, application.status)
    if key not in known:
        known[key] = _consent_state(application)
    return known[key]


def _consent_state(application: Application) -> str:
    """Read the candidate's contact-sharing consents for this application's posting."""
    # One select (joined to the candidate's user), not a candidate loaded per card.
    withdrawn = db.session.scalars(
        select(Consent.withdrawn_at).join(Candidate, Candidate.user_id == Consent.user_id)
        .where(Candidate.id == application.candidate_id, Consent.purpose == "share_contact",
               or_(Consent.posting_id == application.posting_id,
                   Consent.posting_id.is_(None)))).all()
    # Applications made before consents were recorded have none: they stay shown.
    if not withdrawn or any(at is None for at in withdrawn):
        return "shown"
    return "withdrawn"


def contact_visible(application: Application | None) -> bool:
    """Say whether an employer may see the name and contact details for this application."""
    return contact_state(application) == "shown"

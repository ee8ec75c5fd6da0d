"""Stable pseudonyms that identify a candidate to employers without naming them."""

import hashlib
import hmac

from flask import current_app


def pseudonym(candidate_id: int) -> str:
    """Return a short, stable label such as "C-4F2A9" for a candidate."""
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"candidate:{candidate_id}".encode(), hashlib.sha256).hexdigest()
    return f"C-{digest[:5].upper()}"


def contact_visible(status: str | None) -> bool:
    """Say whether an employer may see the name and contact details for this status.

    Only once the candidate applied or accepted an invitation (and so agreed to share them).
    """
    return status not in (None, "invited", "declined")

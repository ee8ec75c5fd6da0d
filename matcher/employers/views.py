"""The employer's home page."""

from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from matcher import navigation
from matcher.clock import today
from matcher.employers import services
from matcher.extensions import db
from matcher.policy import employer_of, roles_required
from matcher.postings import labels
from matcher.postings.services import close_expired_postings

bp = Blueprint("employers", __name__)


def add_navigation(app) -> None:
    """Add this feature's menu entries (create_app calls it)."""
    navigation.add(app, "employers.home", _l("My postings"), "employer")


@bp.context_processor
def _labels() -> dict:
    return labels.template_helpers()


@bp.get("/employer")
@roles_required("employer")
def home():
    """Show the establishment's postings, or say that the account awaits approval."""
    if not current_user.is_approved_employer:
        return render_template("employers/pending.html", membership=current_user.membership,
                               drafts=services.pending_drafts(current_user.membership))
    if close_expired_postings():
        db.session.commit()
    employer = employer_of(current_user)
    rows = services.posting_rows(employer.id)
    eligible = services.eligible_candidate_counts([row.posting for row in rows])
    attention = services.needing_attention(employer.id, eligible, today())
    return render_template("employers/home.html", employer=employer, rows=rows,
                           eligible=eligible, attention=attention)

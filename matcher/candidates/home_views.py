"""The candidate's home: where they land after logging in."""

from datetime import datetime

from flask import render_template, session
from flask_login import current_user

from matcher import clock
from matcher.candidates import home, services
from matcher.candidates.views import bp
from matcher.extensions import db
from matcher.policy import roles_required

PREVIOUS_VISIT = "previous_login_at"


@bp.get("/home")
@roles_required("candidate")
def home_page():
    """Show the next step as one button, then what waits for the candidate."""
    candidate = services.profile_of(current_user)
    since = session.get(PREVIOUS_VISIT)
    page = home.home_of(candidate, clock.today(),
                        datetime.fromisoformat(since) if since else None)
    html = render_template("candidates/home.html", candidate=candidate, home=page)
    if page.notices:
        home.mark_read(page.notices)
        db.session.commit()
    return html

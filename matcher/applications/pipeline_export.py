"""The employer's own pipeline of one posting as CSV, safe to open in a spreadsheet."""

import csv
import io

from flask_babel import gettext as _

from matcher.applications.notify import status_label
from matcher.dashboard.export import neutralize
from matcher.matching.pseudonyms import contact_visible, pseudonym
from matcher.models import Application


def pipeline_csv(applications: list[Application]) -> str:
    """Return one row per application: pseudonym, name and email once shared, status, date."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_("Code"), _("Name"), _("Email"), _("Status"), _("Since"),
                     _("Score when applying")])
    for application in applications:
        candidate = application.candidate
        shown = candidate is not None and contact_visible(application)
        writer.writerow([
            pseudonym(candidate.id) if candidate else "",
            neutralize(candidate.display_name) if shown else "",
            neutralize(candidate.user.email) if shown else "",
            status_label(application.status),
            application.created_at.date().isoformat(),
            f"{application.score_at_creation:.1f}"])
    return buffer.getvalue()

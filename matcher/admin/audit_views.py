"""The audit log page and its CSV export (routes on admin's bp).

Filters are posted (a person's name or email never goes in a URL) and kept under a token
(saved_filters.py) that the page's links, pages and downloads carry.
"""

from flask import redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from matcher import audit, clock, policy
from matcher.admin import audit_log as log
from matcher.admin import forms, saved_filters, services
from matcher.admin.views import bp
from matcher.dashboard import export
from matcher.extensions import db

EXPORT_LIMIT = 50_000


def _saved_filters() -> dict:
    """Return the filters saved under the token in the URL, if they are still valid."""
    values = saved_filters.load("audit", request.args.get("f"))
    form = forms.AuditFilterForm(formdata=MultiDict(values), meta={"csrf": False})
    return form.data if form.validate() else {}


@bp.route("/admin/audit", methods=["GET", "POST"])
@policy.roles_required("admin")
def audit_log():
    """Read the audit log in words, filtered by person, kind of event and days."""
    form = forms.AuditFilterForm()
    if form.validate_on_submit():
        values = {key: form.data[key] for key in ("person", "kind", "since", "until")}
        return redirect(url_for("admin.audit_log", f=saved_filters.save("audit", values)))
    if form.errors:
        filters = {}
    else:
        # The filters are read from the token without a CSRF check (a GET), but the form
        # shown must carry its own token, or the browser's next post is refused.
        filters = _saved_filters()
        form = forms.AuditFilterForm(formdata=None, data=filters)
    page = db.paginate(log.audit_query(filters), per_page=services.PAGE_SIZE,
                       error_out=False)
    return render_template("admin/audit.html", form=form, page=page,
                           lines=log.describe(page.items),
                           csv_links=export.csv_urls("admin.audit_export",
                                                     f=request.args.get("f")))


@bp.get("/admin/audit.csv")
@policy.roles_required("admin")
def audit_export():
    """Download the filtered audit log as CSV, in words and in Québec's local time."""
    filters = _saved_filters()
    events = db.session.scalars(log.audit_query(filters).limit(EXPORT_LIMIT)).all()
    fmt = export.choose_format(request.args.get("format"))
    text = export.write_csv(*log.csv_rows(events), fmt)
    audit.record("audit.exported", actor=current_user, rows=len(events))
    db.session.commit()
    return export.download(text, f"passerelle-audit-{clock.today().isoformat()}.csv")

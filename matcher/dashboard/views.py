"""The program dashboard (staff and admins), its CSV exports, and the program settings."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from matcher import clock, navigation, policy
from matcher.dashboard import board, export, forms, services, tables
from matcher.extensions import db

PREFIX = "/staff/dashboard"
TABLES = ", ".join(tables.TABLE_KEYS)

bp = Blueprint("dashboard", __name__)


def add_navigation(app) -> None:
    """Add this feature's menu entries (create_app calls it)."""
    navigation.add(app, "dashboard.index", _l("Dashboard"), "staff", "admin")


def _filter_form() -> tuple[forms.FilterForm, services.Filters, services.Filters]:
    """Read the filters asked for (the defaults where a field is empty or any is invalid)."""
    default = services.default_filters(services.program_settings(), clock.today())
    form = forms.FilterForm(request.args, start=default.start, end=default.end)
    if not request.args or not form.validate():
        return form, default, default
    filters = services.Filters(start=form.start.data or default.start,
                               end=form.end.data or default.end,
                               region=form.region.data or None, agency_id=form.agency.data)
    return form, filters, default


def _filter_args(filters: services.Filters, default: services.Filters) -> dict:
    """Return the query arguments that reproduce these filters (for the CSV links)."""
    args = {"start": filters.start.isoformat(), "end": filters.end.isoformat(),
            "region": filters.region, "agency": filters.agency_id}
    return {key: value for key, value in args.items()
            if value and (key not in ("start", "end") or filters != default)}


@bp.get(PREFIX)
@policy.roles_required("staff", "admin")
def index():
    """Show hires against the target, hires in detail, the funnel and retention."""
    form, filters, default = _filter_form()
    return render_template("dashboard/index.html", form=form, board=board.build(filters, default),
                           filter_args=_filter_args(filters, default), **board.HELPERS)


@bp.get(f"{PREFIX}/<any({TABLES}):table>.csv")
@policy.roles_required("staff", "admin")
def export_csv(table: str):
    """Download one of the dashboard's tables as CSV (?format=excel_fr or standard), with the
    page's filters."""
    form, filters, _default = _filter_form()
    if form.errors:
        abort(400)
    name = f"passerelle-{table.replace('_', '-')}-{clock.today().isoformat()}.csv"
    fmt = export.choose_format(request.args.get("format"))
    return export.download(export.to_csv(tables.build(table, filters), fmt), name)


@bp.route("/admin/program", methods=["GET", "POST"])
@policy.roles_required("admin")
def program_settings():
    """Change the hiring target and the program's window."""
    settings = services.program_settings()
    form = forms.ProgramSettingsForm(obj=settings)
    if form.validate_on_submit():
        services.update_settings(settings, form.target_hires.data, form.starts_on.data,
                                 form.ends_on.data)
        db.session.commit()
        flash(_("Program settings saved."), "success")
        return redirect(url_for("dashboard.index"))
    return render_template("dashboard/settings.html", form=form)

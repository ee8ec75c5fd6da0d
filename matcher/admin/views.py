"""Admin pages: users, roles and agency membership; staff: employer approvals.

The audit log is in audit_views.py; agencies, establishments and sites in
organization_views.py (routes on the same blueprint).
"""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from matcher import navigation, policy
from matcher.admin import audit_log, confirm, forms, organizations, saved_filters, services
from matcher.auth import services as accounts
from matcher.extensions import db
from matcher.models import EmployerMember, User

bp = Blueprint("admin", __name__)


def add_navigation(app) -> None:
    """Add this feature's menu entries (create_app calls it)."""
    navigation.add(app, "admin.approvals", _l("Employer approvals"), "staff", "admin")
    navigation.add(app, "admin.users", _l("Users"), "admin")
    navigation.add(app, "admin.establishments", _l("Establishments"), "admin")
    navigation.add(app, "admin.agencies", _l("Agencies"), "admin")
    navigation.add(app, "admin.audit_log", _l("Audit log"), "admin")


@bp.context_processor
def _helpers() -> dict:
    return {"event_label": audit_log.event_label, "kind_labels": forms.KIND_LABELS,
            "member_labels": forms.MEMBER_LABELS}


@bp.get("/staff/employers")
@policy.roles_required("staff", "admin")
def approvals():
    """List employer users waiting for approval, and recent decisions."""
    pending = db.session.scalars(policy.pending_members().order_by(EmployerMember.id)).all()
    decided = db.session.scalars(
        db.select(EmployerMember).where(EmployerMember.status != "pending")
        .order_by(EmployerMember.decided_at.desc()).limit(20)).all()
    return render_template("admin/approvals.html", pending=pending, decided=decided)


@bp.post("/staff/employers/<int:member_id>/<any(approved, rejected):decision>")
@policy.roles_required("staff", "admin")
def decide(member_id: int, decision: str):
    """Approve or reject a pending employer user."""
    member = db.first_or_404(policy.pending_members().where(EmployerMember.id == member_id))
    accounts.decide_membership(member, decision, current_user)
    db.session.commit()
    flash(_("Decision recorded."), "success")
    return redirect(url_for("admin.approvals"))


@bp.route("/admin/users", methods=["GET", "POST"])
@policy.roles_required("admin")
def users():
    """List accounts; a search is posted and kept under a token, never put in the URL."""
    form = forms.UserFilterForm()
    if form.validate_on_submit():
        token = saved_filters.save("users", {"q": form.q.data, "role": form.role.data})
        return redirect(url_for("admin.users", f=token))
    values = saved_filters.load("users", request.args.get("f"))
    if not form.errors:
        form = forms.UserFilterForm(formdata=None, data=values)
    page = db.paginate(services.users_query(values.get("q"), values.get("role")),
                       per_page=services.PAGE_SIZE, error_out=False)
    return render_template("admin/users.html", form=form, page=page)


@bp.get("/admin/users/<int:user_id>")
@policy.roles_required("admin")
def user(user_id: int):
    """Show an account: role, agency, status, and the changes an admin can make."""
    account = policy.get_for_admin(current_user, User, user_id)
    agency_form = forms.AgencyChoiceForm(agency=account.agency_id or 0)
    agency_form.agency.choices = services.agency_choices(account.agency_id)
    return render_template("admin/user.html", account=account, agency_form=agency_form,
                           role_form=forms.RoleForm(), recent=services.recent_events(account))


@bp.post("/admin/users/<int:user_id>/<any(deactivate, reactivate):action>")
@policy.roles_required("admin")
def set_active(user_id: int, action: str):
    """Deactivate (after a confirmation; every session ends) or reactivate an account."""
    account = policy.get_for_admin(current_user, User, user_id)
    form = forms.ConfirmForm()
    if account.id == current_user.id:
        flash(_("You cannot deactivate your own account."), "error")
    elif action == "deactivate" and not (form.validate_on_submit() and form.is_confirmed):
        return confirm.deactivate_user(account)
    elif form.validate_on_submit():
        (accounts.deactivate if action == "deactivate" else accounts.reactivate)(account)
        db.session.commit()
        flash(_("Account deactivated: its sessions have ended.") if action == "deactivate"
              else _("Account reactivated."), "success")
    return redirect(url_for("admin.user", user_id=account.id))


@bp.post("/admin/users/<int:user_id>/role")
@policy.roles_required("admin")
def change_role(user_id: int):
    """Move a staff user to admin, or back, after a confirmation."""
    account = policy.get_for_admin(current_user, User, user_id)
    form = forms.RoleForm()
    if not form.validate_on_submit() or account.id == current_user.id:
        flash(_("This change is not possible."), "error")
    elif not form.is_confirmed:
        return confirm.change_role(account, form.role.data)
    else:
        try:
            accounts.change_role(account, form.role.data)
            db.session.commit()
            flash(_("Role changed: the person must sign in again."), "success")
        except accounts.UserError:
            flash(_("Only staff and admin roles can be exchanged."), "error")
    return redirect(url_for("admin.user", user_id=account.id))


@bp.post("/admin/users/<int:user_id>/agency")
@policy.roles_required("admin")
def change_agency(user_id: int):
    """Attach a staff or admin user to an agency, or to none."""
    account = policy.get_for_admin(current_user, User, user_id)
    form = forms.AgencyChoiceForm()
    form.agency.choices = services.agency_choices(account.agency_id)
    try:
        if not form.validate_on_submit():
            raise organizations.OrganizationError({"agency": _("Choose an agency.")})
        organizations.set_agency(account, services.agency_or_none(form.agency.data))
    except organizations.OrganizationError as error:
        db.session.rollback()
        flash(" ".join(str(message) for message in error.errors.values()), "error")
    else:
        db.session.commit()
        flash(_("Agency saved."), "success")
    return redirect(url_for("admin.user", user_id=account.id))

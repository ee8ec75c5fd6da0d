"""Admin pages: users and roles, the audit log; staff: employer approvals."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from matcher import navigation, policy, saved_search
from matcher.admin import forms, services
from matcher.auth import services as accounts
from matcher.extensions import db
from matcher.models import EmployerMember, User

bp = Blueprint("admin", __name__)
navigation.add("admin.approvals", _l("Employer approvals"), "staff", "admin")
navigation.add("admin.users", _l("Users"), "admin")
navigation.add("admin.audit_log", _l("Audit log"), "admin")


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


@bp.get("/admin/users")
@policy.roles_required("admin")
def users():
    """List user accounts, narrowed by the saved search."""
    filters = saved_search.saved("admin.users")
    form = forms.UserFilterForm(data=filters)
    page = db.paginate(services.users_query(filters.get("q"), filters.get("role")),
                       per_page=services.PAGE_SIZE, error_out=False)
    return render_template("admin/users.html", form=form, page=page, role_form=forms.RoleForm())


@bp.post("/admin/users/search")
@policy.roles_required("admin")
def search_users():
    """Save a search by email and role, then show the list at its plain URL."""
    return saved_search.save_and_redirect("admin.users", forms.UserFilterForm(), "admin.users")


@bp.post("/admin/users/<int:user_id>/<any(deactivate, reactivate):action>")
@policy.roles_required("admin")
def set_active(user_id: int, action: str):
    """Deactivate (ending every session) or reactivate an account."""
    user = db.get_or_404(User, user_id)
    if user.id == current_user.id:
        flash(_("You cannot deactivate your own account."), "error")
    elif action == "deactivate":
        accounts.deactivate(user)
    else:
        accounts.reactivate(user)
    db.session.commit()
    return redirect(url_for("admin.users"))


@bp.post("/admin/users/<int:user_id>/role")
@policy.roles_required("admin")
def change_role(user_id: int):
    """Move a staff user to admin, or back."""
    user = db.get_or_404(User, user_id)
    form = forms.RoleForm()
    if form.validate_on_submit() and user.id != current_user.id:
        try:
            accounts.change_role(user, form.role.data)
            db.session.commit()
            flash(_("Role changed."), "success")
        except accounts.UserError:
            flash(_("Only staff and admin roles can be exchanged."), "error")
    return redirect(url_for("admin.users"))


@bp.get("/admin/audit")
@policy.roles_required("admin")
def audit_log():
    """Read and filter the audit log."""
    form = forms.AuditFilterForm(request.args)
    filters = form.data if form.validate() else {}
    page = db.paginate(services.audit_query(filters), per_page=services.PAGE_SIZE,
                       error_out=False)
    return render_template("admin/audit.html", form=form, page=page)

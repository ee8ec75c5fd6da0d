"""Admin pages for partner agencies, establishments and their sites (routes on admin's bp)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from matcher import policy
from matcher.admin import confirm, forms, organizations
from matcher.admin.views import bp
from matcher.extensions import db
from matcher.models import Agency, Employer, EmployerMember, Site, User
from matcher.postings import picker


def _save(form, change, done: str):
    """Run a change when the form is valid; on a rule's refusal show it at its field."""
    if not form.validate_on_submit():
        return None
    try:
        result = change()
    except organizations.OrganizationError as error:
        db.session.rollback()
        for name, message in error.errors.items():
            field = form._fields.get(name) or form.name
            field.errors = [*field.errors, message]
        return None
    db.session.commit()
    flash(done, "success")
    return result


@bp.route("/admin/agencies", methods=["GET", "POST"])
@policy.roles_required("admin")
def agencies():
    """List the partner agencies and create one."""
    form = forms.AgencyForm()
    form.region_code.choices = picker.region_choices(_("Choose…"))
    agency = _save(form, lambda: organizations.save_agency(
        None, form.name.data, form.region_code.data), _("Agency created."))
    if agency is not None:
        return redirect(url_for("admin.agency", agency_id=agency.id))
    rows = db.session.scalars(db.select(Agency).order_by(Agency.name)).all()
    return render_template("admin/agencies.html", form=form, agencies=rows,
                           staff=organizations.staff_counts())


@bp.route("/admin/agencies/<int:agency_id>", methods=["GET", "POST"])
@policy.roles_required("admin")
def agency(agency_id: int):
    """Rename an agency or change its region; list its staff."""
    agency = policy.get_for_admin(current_user, Agency, agency_id)
    form = forms.AgencyForm(obj=agency)
    form.region_code.choices = picker.region_choices(_("Choose…"))
    if _save(form, lambda: organizations.save_agency(
            agency, form.name.data, form.region_code.data), _("Changes saved.")):
        return redirect(url_for("admin.agency", agency_id=agency.id))
    staff = db.session.scalars(db.select(User).where(
        User.agency_id == agency.id).order_by(User.email)).all()
    return render_template("admin/agency.html", agency=agency, form=form, staff=staff,
                           confirm_form=forms.ConfirmForm())


@bp.post("/admin/agencies/<int:agency_id>/<any(deactivate, reactivate):action>")
@policy.roles_required("admin")
def agency_active(agency_id: int, action: str):
    """Deactivate an agency (after a confirmation) or reactivate it."""
    agency = policy.get_for_admin(current_user, Agency, agency_id)
    return _set_active(agency, action, confirm.deactivate_agency,
                       url_for("admin.agency", agency_id=agency.id))


def _set_active(thing, action: str, ask, back: str):
    form = forms.ConfirmForm()
    if action == "deactivate" and not (form.validate_on_submit() and form.is_confirmed):
        return ask(thing)
    if form.validate_on_submit():
        try:
            organizations.set_active(thing, action == "reactivate")
        except organizations.OrganizationError as error:
            db.session.rollback()
            flash(" ".join(str(message) for message in error.errors.values()), "error")
        else:
            db.session.commit()
            flash(_("Deactivated.") if action == "deactivate" else _("Reactivated."),
                  "success")
    return redirect(back)


@bp.route("/admin/establishments", methods=["GET", "POST"])
@policy.roles_required("admin")
def establishments():
    """List establishments (found by name) and create one."""
    search = forms.NameSearchForm(request.args)
    q = search.q.data.strip() if search.validate() and search.q.data else ""
    form = forms.EstablishmentForm()
    form.region_code.choices = picker.region_choices(_("Choose…"))
    employer = _save(form, lambda: organizations.save_establishment(
        None, form.name.data, form.kind.data, form.region_code.data), _("Establishment created."))
    if employer is not None:
        return redirect(url_for("admin.establishment", employer_id=employer.id))
    page = db.paginate(organizations.establishments_query(q), per_page=50, error_out=False)
    return render_template("admin/establishments.html", form=form, search=search, page=page,
                           counts=organizations.establishment_counts(page.items))


@bp.route("/admin/establishments/<int:employer_id>", methods=["GET", "POST"])
@policy.roles_required("admin")
def establishment(employer_id: int):
    """Rename an establishment, change its kind or region; its sites, HR users and merge."""
    employer = policy.get_for_admin(current_user, Employer, employer_id)
    form = forms.EstablishmentForm(obj=employer)
    form.region_code.choices = picker.region_choices(_("Choose…"))
    if _save(form, lambda: organizations.save_establishment(
            employer, form.name.data, form.kind.data, form.region_code.data),
            _("Changes saved.")):
        return redirect(url_for("admin.establishment", employer_id=employer.id))
    return render_template(
        "admin/establishment.html", employer=employer, form=form,
        site_form=_site_form(), merge_form=_merge_form(employer),
        confirm_form=forms.ConfirmForm(), members=db.session.scalars(db.select(
            EmployerMember).where(EmployerMember.employer_id == employer.id)).all(),
        counts=organizations.merge_counts(employer))


def _site_form(site=None) -> forms.SiteForm:
    form = forms.SiteForm(obj=site)
    form.region_code.choices = picker.region_choices(_("Choose…"))
    return form


def _merge_form(employer) -> forms.MergeForm:
    form = forms.MergeForm()
    form.target.choices = [(0, _("Choose…"))] + [
        (row.id, row.name) for row in db.session.execute(
            db.select(Employer.id, Employer.name).where(Employer.id != employer.id)
            .order_by(Employer.name))]
    return form


@bp.post("/admin/establishments/<int:employer_id>/<any(deactivate, reactivate):action>")
@policy.roles_required("admin")
def establishment_active(employer_id: int, action: str):
    """Deactivate an establishment (after a confirmation) or reactivate it."""
    employer = policy.get_for_admin(current_user, Employer, employer_id)
    return _set_active(employer, action, confirm.deactivate_establishment,
                       url_for("admin.establishment", employer_id=employer.id))


@bp.post("/admin/establishments/<int:employer_id>/merge")
@policy.roles_required("admin")
def merge(employer_id: int):
    """Merge a duplicate establishment into another, after a confirmation: all or nothing."""
    duplicate = policy.get_for_admin(current_user, Employer, employer_id)
    form = _merge_form(duplicate)
    if not form.validate_on_submit():
        flash(_("Choose the establishment to merge into."), "error")
        return redirect(url_for("admin.establishment", employer_id=duplicate.id))
    target = policy.get_for_admin(current_user, Employer, form.target.data)
    if not form.is_confirmed:
        return confirm.merge(duplicate, target)
    if _save(form, lambda: organizations.merge_establishments(duplicate, target),
             _("Establishments merged.")) is None:
        flash(" ".join(str(e) for e in form.target.errors) or _("Nothing was merged."), "error")
        return redirect(url_for("admin.establishment", employer_id=duplicate.id))
    return redirect(url_for("admin.establishment", employer_id=target.id))


@bp.post("/admin/establishments/<int:employer_id>/sites")
@policy.roles_required("admin")
def add_site(employer_id: int):
    """Add a site to an establishment."""
    employer = policy.get_for_admin(current_user, Employer, employer_id)
    form = _site_form()
    if _save(form, lambda: organizations.save_site(
            None, employer, form.name.data, form.city.data, form.region_code.data),
            _("Site added.")) is None:
        flash(_("The site was not added: %(errors)s", errors=_errors(form)), "error")
    return redirect(url_for("admin.establishment", employer_id=employer.id))


def _errors(form) -> str:
    return " ".join(_("%(label)s: %(error)s", label=field.label.text, error=field.errors[0])
                    for field in form if field.errors)


@bp.route("/admin/sites/<int:site_id>", methods=["GET", "POST"])
@policy.roles_required("admin")
def site(site_id: int):
    """Rename a site or change its city or region."""
    site = policy.get_for_admin(current_user, Site, site_id)
    form = _site_form(site)
    if _save(form, lambda: organizations.save_site(
            site, site.employer, form.name.data, form.city.data, form.region_code.data),
            _("Changes saved.")):
        return redirect(url_for("admin.establishment", employer_id=site.employer_id))
    return render_template("admin/site.html", site=site, form=form,
                           confirm_form=forms.ConfirmForm())


@bp.post("/admin/sites/<int:site_id>/<any(deactivate, reactivate):action>")
@policy.roles_required("admin")
def site_active(site_id: int, action: str):
    """Deactivate a site (after a confirmation) or reactivate it."""
    site = policy.get_for_admin(current_user, Site, site_id)
    return _set_active(site, action, confirm.deactivate_site,
                       url_for("admin.establishment", employer_id=site.employer_id))

"""Confirmation pages shown before a destructive admin change.

The change's form is posted once without `confirmed`: the view answers with this page,
which says what will happen and posts the same values again with confirmed=yes.
"""

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from matcher.admin import organizations


def _page(title: str, consequences: list[str], button: str, back: str, **fields) -> str:
    return render_template("admin/confirm.html", title=title, consequences=consequences,
                           button=button, back=back, action=request.path, fields=fields)


def deactivate_user(account) -> str:
    return _page(_("Deactivate the account %(email)s?", email=account.email),
                 [_("The person is signed out everywhere and can no longer sign in."),
                  _("Their data stays; you can reactivate the account later.")],
                 _("Deactivate the account"), url_for("admin.user", user_id=account.id))


def change_role(account, role: str) -> str:
    title = (_("Make %(email)s an admin?", email=account.email) if role == "admin"
             else _("Make %(email)s staff instead of admin?", email=account.email))
    lines = [_("Admins manage accounts, roles, agencies, establishments and read the audit "
               "log.") if role == "admin" else _("The person loses the admin pages."),
             _("The person is signed out and must sign in again.")]
    return _page(title, lines, _("Change the role"),
                 url_for("admin.user", user_id=account.id), role=role)


def deactivate_agency(agency) -> str:
    return _page(_("Deactivate the agency %(name)s?", name=agency.name),
                 [_("It is no longer offered when attaching staff to an agency."),
                  _("Its staff and its candidates keep it; the history stays.")],
                 _("Deactivate the agency"), url_for("admin.agency", agency_id=agency.id))


def deactivate_establishment(employer) -> str:
    return _page(_("Deactivate the establishment %(name)s?", name=employer.name),
                 [_("It is no longer offered to HR users who register."),
                  _("Its HR users can no longer post or see candidates."),
                  _("Its postings, hires and history stay.")],
                 _("Deactivate the establishment"),
                 url_for("admin.establishment", employer_id=employer.id))


def deactivate_site(site) -> str:
    return _page(_("Deactivate the site %(name)s?", name=site.name),
                 [_("It is no longer offered for new postings."),
                  _("Its past postings stay.")],
                 _("Deactivate the site"),
                 url_for("admin.establishment", employer_id=site.employer_id))


def merge(duplicate, target) -> str:
    counts = organizations.merge_counts(duplicate)
    lines = [ngettext("%(num)s site moves to %(target)s.", "%(num)s sites move to %(target)s.",
                      counts["sites"], target=target.name),
             ngettext("%(num)s posting moves to %(target)s.",
                      "%(num)s postings move to %(target)s.", counts["postings"],
                      target=target.name),
             ngettext("%(num)s HR user moves to %(target)s.",
                      "%(num)s HR users move to %(target)s.", counts["members"],
                      target=target.name),
             _("Then %(name)s is deleted. This cannot be undone.", name=duplicate.name)]
    return _page(_("Merge %(duplicate)s into %(target)s?", duplicate=duplicate.name,
                   target=target.name), lines, _("Merge the establishments"),
                 url_for("admin.establishment", employer_id=duplicate.id), target=target.id)




"""The message thread of an application, for the candidate and the establishment's HR team."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from matcher import policy
from matcher.applications import forms, thread
from matcher.applications.views import bp
from matcher.extensions import db, limiter


def _user_key() -> str:
    return f"thread:{current_user.get_id()}"


@bp.get("/messages")
@login_required
def inbox():
    """List the user's conversations about applications, newest first."""
    if current_user.role not in ("candidate", "employer"):
        policy.deny("Inbox", None)
    return render_template("applications/inbox.html", threads=thread.inbox(current_user))


@bp.get("/applications/<int:application_id>/messages")
@login_required
def thread_page(application_id: int):
    """Show an application's messages (the other side's become read) and the reply form."""
    application = policy.get_own_application(current_user, application_id)
    thread.mark_read(current_user, application)
    db.session.commit()
    return _page(application, forms.ThreadMessageForm())


def _page(application, form, status: int = 200):
    return render_template("applications/thread.html", application=application, form=form,
                           side=thread.side_of(current_user),
                           is_open=thread.is_open(application),
                           closed_text=_closed_text(application)), status


def _closed_text(application) -> str:
    """Say, to this side, why the thread is not open."""
    if current_user.role == "candidate" and application.status == "invited":
        return _("Messages open once you accept the invitation.")
    return _("Messages open once the candidate has applied or accepted the invitation.")


@bp.post("/applications/<int:application_id>/messages")
@login_required
# Counts messages sent (a refused form changes nothing and is not counted).
@limiter.limit("30 per hour;5 per minute", key_func=_user_key,
               deduct_when=lambda response: response.status_code == 302)
def send_message(application_id: int):
    """Send a message to the other side; they get a link by email, never the text."""
    application = policy.get_own_application(current_user, application_id)
    form = forms.ThreadMessageForm()
    if not thread.is_open(application):
        form.form_errors.append(_closed_text(application))
        return _page(application, form, 400)
    if form.validate_on_submit():
        try:
            thread.send(current_user, application, form.body.data)
        except thread.EmptyMessage:
            form.body.errors = [_("Write your message.")]
            return _page(application, form, 400)
        db.session.commit()
        flash(_("Your message is sent."), "success")
        return redirect(url_for("applications.thread_page", application_id=application.id,
                                _anchor="reply"))
    return _page(application, form, 400)

"""Parcours (DESIGN §7.2): the integration officer's case file.

`init_app` registers the pages, the menu entries and the daily reminders; nothing
here registers itself by being imported.
"""

from flask import Flask
from flask_babel import lazy_gettext as _l
from huey import crontab

from matcher import jobs, navigation


def init_app(app: Flask) -> None:
    """Attach the Parcours pages, their menu entries and the reminder task."""
    from matcher.parcours import reminders
    from matcher.parcours.catalogue import action_label
    from matcher.parcours.views import bp

    app.register_blueprint(bp)
    app.jinja_env.globals["action_label"] = action_label
    navigation.add(app, "parcours.caseload_home", _l("My caseload"), "staff", "admin")
    navigation.add(app, "parcours.my_plan", _l("My action plan"), "candidate")
    # 8:30 or 9:30 in Québec (schedules are read in UTC).
    jobs.add_periodic_task(app, "parcours-reminders", crontab(hour="13", minute="30"),
                           reminders.run)

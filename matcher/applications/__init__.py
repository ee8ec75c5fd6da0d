"""Applications, the hiring pipeline, interviews and hires.

`init_app` schedules the daily interview reminders; the pages are registered with the
other blueprints by create_app.
"""

from flask import Flask
from huey import crontab

from matcher import jobs


def init_app(app: Flask) -> None:
    """Schedule the reminders of tomorrow's interviews."""
    from matcher.applications import reminders

    # 14:00 or 15:00 in Québec (schedules are read in UTC): after a day's proposals.
    jobs.add_periodic_task(app, "interview-reminders", crontab(hour="19", minute="0"),
                           reminders.run)

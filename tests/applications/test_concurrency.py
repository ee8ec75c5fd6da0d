"""Two HR users hire for the last opening at the same moment: exactly one succeeds."""

import threading

import pytest
from sqlalchemy import func, select

from matcher import clock
from matcher.applications import hires, services
from matcher.extensions import db
from matcher.models import Application, Hire, Posting, User
from tests import factories as f


@pytest.mark.commits  # threads commit at once
def test_exactly_one_of_two_simultaneous_hires_takes_the_last_opening(app):
    with app.app_context():
        employer = f.make_employer()
        hr_ids = [f.make_employer_user(employer).id, f.make_employer_user(employer).id]
        posting = f.make_posting(employer, openings=2, filled=1)
        application_ids = [f.make_application(f.make_candidate(), posting, status="offer").id
                           for _ in range(2)]
        posting_id = posting.id
        db.session.commit()

    barrier = threading.Barrier(2)
    results: list[str] = []

    def hire(hr_id: int, application_id: int) -> None:
        with app.app_context():
            user = db.session.get(User, hr_id)
            application = db.session.get(Application, application_id)
            application.posting  # noqa: B018  (load before racing)
            barrier.wait()
            try:
                hires.hire(user, application, clock.today())
                db.session.commit()
                results.append("hired")
            except services.ApplicationError as error:
                db.session.rollback()
                results.append(error.code)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=hire, args=pair) for pair in zip(hr_ids, application_ids,
                                                                        strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results) == ["hired", "no_opening_left"]
    with app.app_context():
        posting = db.session.get(Posting, posting_id)
        assert (posting.filled, posting.status) == (2, "filled")
        assert db.session.scalar(select(func.count()).select_from(Hire)) == 1

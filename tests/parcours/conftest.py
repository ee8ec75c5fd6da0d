"""A small agency: two officers, an officer of another agency, a newcomer."""

from datetime import date

import pytest

from matcher.extensions import db
from tests import factories as f

TODAY = date(2026, 3, 9)
ARRIVAL = date(2026, 3, 5)


@pytest.fixture
def people(app, freeze_clock):
    """Return the ids and emails of the agency's people, the clock on TODAY."""
    freeze_clock(TODAY)
    with app.app_context():
        agency, other = f.make_agency("CREMCV"), f.make_agency("Libre Emploi", "03")
        officer = f.make_staff(agency, email="agent@example.com")
        colleague = f.make_staff(agency, email="collegue@example.com")
        outsider = f.make_staff(other, email="ailleurs@example.com")
        admin = f.make_staff(None, role="admin", email="admin@example.com")
        admin.agency_id = None
        user = f.make_user("candidate", email="grace@example.com")
        candidate = f.make_candidate(user, first_name="Grâce", last_name="Mukendi",
                                     agency=agency, officer=officer, arrival_date=ARRIVAL)
        db.session.commit()
        return {"candidate": candidate.id, "officer": officer.id, "colleague": colleague.id,
                "outsider": outsider.id, "admin": admin.id, "agency": agency.id,
                "other_agency": other.id, "user": user.id}

"""Reference data: NOC 2021, regions, establishments, French levels, wages."""

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from matcher.extensions import db
from matcher.models import Employer, FrenchLevel, MinimumWage, Occupation, Region
from matcher.reference_data import load_reference_data


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_all_noc_unit_groups_are_loaded_in_both_languages(app):
    with app.app_context():
        assert count(Occupation) == 516
        aide = db.session.get(Occupation, "33102")
        assert "bénéficiaires" in aide.title_fr
        assert aide.title_en.startswith("Nurse aides")
        assert "Aide aux soins des patients" in aide.examples_fr
        assert aide.role_family == "patient_care"


def test_role_families_cover_the_program_occupations(app):
    with app.app_context():
        families = dict(db.session.execute(
            select(Occupation.noc_code, Occupation.role_family)
            .where(Occupation.role_family.is_not(None))).all())
    assert families == {
        "33102": "patient_care", "33109": "health_support", "44101": "home_support",
        "65201": "kitchen", "63200": "kitchen", "65310": "housekeeping",
        "65312": "maintenance", "73201": "maintenance", "13112": "administration",
        "14100": "administration", "14101": "administration",
    }


def test_regions_and_establishments(app):
    with app.app_context():
        assert count(Region) == 17
        assert db.session.get(Region, "12").name == "Chaudière-Appalaches"
        kinds = dict(db.session.execute(
            select(Employer.kind, func.count()).group_by(Employer.kind)).all())
        assert kinds["CISSS"] + kinds["CIUSSS"] == 22
        assert kinds["non-merged"] == 7
        chum = db.session.scalar(select(Employer).where(Employer.name.like("%CHUM%")))
        assert chum.region_code == "06"


def test_french_scale_has_stages_and_equivalents(app):
    with app.app_context():
        levels = {lvl.level: lvl for lvl in db.session.scalars(select(FrenchLevel))}
    assert sorted(levels) == list(range(1, 13))
    assert [levels[n].stage for n in (4, 5, 8, 9)] == [
        "beginner", "intermediate", "intermediate", "advanced"]
    assert [levels[n].cefr for n in (1, 4, 5, 7, 9, 12)] == ["A1", "A2", "B1", "B2", "C1", "C2"]
    assert all(levels[n].nclc == n for n in levels)


def test_minimum_wage_is_dated(app):
    with app.app_context():
        wages = dict(db.session.execute(select(MinimumWage.effective_on,
                                               MinimumWage.hourly_wage)).all())
    assert wages[date(2026, 5, 1)] == Decimal("16.60")
    assert len(wages) == 4


def test_loading_reference_data_twice_changes_nothing(app):
    with app.app_context():
        assert load_reference_data() == 0

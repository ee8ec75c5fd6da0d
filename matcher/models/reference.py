"""Reference data loaded by `flask seed`: regions, occupations, levels, wages."""

from datetime import date
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, Date, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from matcher.extensions import db

ROLE_FAMILIES = (
    "patient_care",
    "health_support",
    "home_support",
    "kitchen",
    "housekeeping",
    "maintenance",
    "administration",
)


class Region(db.Model):
    """One of Québec's 17 administrative regions."""

    __tablename__ = "regions"
    __table_args__ = (CheckConstraint("length(code) = 2", name="code_length"),)

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))


class Occupation(db.Model):
    """A NOC 2021 unit group, with its program role family if it has one."""

    __tablename__ = "occupations"
    __table_args__ = (CheckConstraint("length(noc_code) = 5", name="noc_code_length"),)

    noc_code: Mapped[str] = mapped_column(String(5), primary_key=True)
    title_en: Mapped[str] = mapped_column(String(300))
    title_fr: Mapped[str] = mapped_column(String(300))
    examples_en: Mapped[list[str]] = mapped_column(JSON, default=list)
    examples_fr: Mapped[list[str]] = mapped_column(JSON, default=list)
    role_family: Mapped[str | None] = mapped_column(String(30), index=True)

    def title(self, locale: str) -> str:
        """Return the title in the given locale (French unless it is English)."""
        return self.title_en if str(locale).startswith("en") else self.title_fr


class FrenchLevel(db.Model):
    """A level of the Échelle québécoise with its stage and approximate equivalents."""

    __tablename__ = "french_levels"
    __table_args__ = (CheckConstraint("level BETWEEN 1 AND 12", name="level_range"),)

    level: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    stage: Mapped[str] = mapped_column(String(20))
    nclc: Mapped[int]
    cefr: Mapped[str] = mapped_column(String(2))


class MinimumWage(db.Model):
    """Québec's general minimum wage from a given date."""

    __tablename__ = "minimum_wages"
    __table_args__ = (CheckConstraint("hourly_wage > 0", name="positive"),)

    effective_on: Mapped[date] = mapped_column(Date, primary_key=True)
    hourly_wage: Mapped[Decimal] = mapped_column(Numeric(6, 2))


class Certification(db.Model):
    """A certification that postings may require and candidates may hold."""

    __tablename__ = "certifications"

    code: Mapped[str] = mapped_column(String(30), primary_key=True)
    name_fr: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))

    def name(self, locale: str) -> str:
        """Return the name in the given locale."""
        return self.name_en if str(locale).startswith("en") else self.name_fr

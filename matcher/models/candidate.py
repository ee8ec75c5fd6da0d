"""Candidates (asylum seekers with a work permit) and their past jobs."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Numeric,
    String,
    Table,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matcher.extensions import db
from matcher.models._common import SHIFTS, UTCDateTime, created_at_column, updated_at_column

PERMIT_KINDS = ("open", "employer_specific", "none", "pending")
LEVEL_SOURCES = ("self", "course", "test", "staff")
FRENCH_SKILLS = ("oral_comprehension", "oral_production", "reading", "writing")

candidate_regions = Table(
    "candidate_regions",
    db.metadata,
    Column("candidate_id", ForeignKey("candidates.id", ondelete="CASCADE"), primary_key=True),
    Column("region_code", ForeignKey("regions.code"), primary_key=True),
    # The dashboard's region filter: who prefers a region, without reading every row.
    Index("ix_candidate_regions_region", "region_code", "candidate_id"),
)
candidate_certifications = Table(
    "candidate_certifications",
    db.metadata,
    Column("candidate_id", ForeignKey("candidates.id", ondelete="CASCADE"), primary_key=True),
    Column("certification_code", ForeignKey("certifications.code"), primary_key=True),
)
candidate_occupations = Table(
    "candidate_occupations",
    db.metadata,
    Column("candidate_id", ForeignKey("candidates.id", ondelete="CASCADE"), primary_key=True),
    Column("noc_code", ForeignKey("occupations.noc_code"), primary_key=True),
)


def _level_checks() -> list[CheckConstraint]:
    checks = []
    for skill in FRENCH_SKILLS:
        checks.append(CheckConstraint(
            f"french_{skill} IS NULL OR french_{skill} BETWEEN 1 AND 12", name=f"{skill}_range"
        ))
        checks.append(CheckConstraint(
            f"french_{skill}_source IN ('self', 'course', 'test', 'staff')",
            name=f"{skill}_source",
        ))
    return checks


class Candidate(db.Model):
    """The job-seeking profile of a candidate user."""

    __tablename__ = "candidates"
    __table_args__ = (
        CheckConstraint(
            "permit_kind IN ('open', 'employer_specific', 'none', 'pending')", name="permit_kind"
        ),
        CheckConstraint(
            "permit_renewal_applied_on IS NULL OR permit_expires_on IS NULL "
            "OR permit_renewal_applied_on <= permit_expires_on",
            name="renewal_before_expiry",
        ),
        *_level_checks(),
        UniqueConstraint("agency_id", "external_id", name="uq_candidates_agency_external"),
        # The dashboard's cohort: who registered in a period.
        Index("ix_candidates_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    officer_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    external_id: Mapped[str | None] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100), default="")
    last_name: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    arrival_date: Mapped[date | None] = mapped_column(Date)

    permit_kind: Mapped[str] = mapped_column(String(20), default="none")
    # "none" is also the default: this says the person chose it (or any other answer).
    permit_answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    permit_expires_on: Mapped[date | None] = mapped_column(Date)
    permit_employer_id: Mapped[int | None] = mapped_column(
        ForeignKey("employers.id", ondelete="SET NULL")
    )
    permit_renewal_applied_on: Mapped[date | None] = mapped_column(Date)
    permit_health_restricted: Mapped[bool] = mapped_column(default=False)
    sin_expires_on: Mapped[date | None] = mapped_column(Date)
    permit_verified_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    permit_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    french_oral_comprehension: Mapped[int | None]
    french_oral_production: Mapped[int | None]
    french_reading: Mapped[int | None]
    french_writing: Mapped[int | None]
    french_oral_comprehension_source: Mapped[str] = mapped_column(String(10), default="self")
    french_oral_production_source: Mapped[str] = mapped_column(String(10), default="self")
    french_reading_source: Mapped[str] = mapped_column(String(10), default="self")
    french_writing_source: Mapped[str] = mapped_column(String(10), default="self")
    french_verified_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    french_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    willing_to_relocate: Mapped[bool] = mapped_column(default=False)
    shift_day: Mapped[bool] = mapped_column(default=False)
    shift_evening: Mapped[bool] = mapped_column(default=False)
    shift_night: Mapped[bool] = mapped_column(default=False)
    shift_weekend: Mapped[bool] = mapped_column(default=False)
    available_from: Mapped[date | None] = mapped_column(Date)
    skills_text: Mapped[str] = mapped_column(String(2000), default="")
    # Mirrors the latest "matching" consent so employer queries need no join on history.
    matching_opt_in: Mapped[bool] = mapped_column(default=False, index=True)
    weekly_matches: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    user = relationship("User", back_populates="candidate", foreign_keys=[user_id])
    agency = relationship("Agency")
    officer = relationship("User", foreign_keys=[officer_id])
    permit_employer = relationship("Employer")
    experiences = relationship(
        "Experience", back_populates="candidate", cascade="all, delete-orphan",
        # The id breaks ties, so a profile lists experiences in one order everywhere.
        order_by="[Experience.start_on.desc(), Experience.id]",
    )
    preferred_regions = relationship("Region", secondary=candidate_regions,
                                     order_by="Region.code")
    certifications = relationship("Certification", secondary=candidate_certifications,
                                  order_by="Certification.code")
    desired_occupations = relationship("Occupation", secondary=candidate_occupations,
                                       order_by="Occupation.noc_code")

    @property
    def shifts(self) -> frozenset[str]:
        """Return the shifts the candidate can work."""
        return frozenset(s for s in SHIFTS if getattr(self, f"shift_{s}"))

    @property
    def permit_answered(self) -> bool:
        """Tell whether the permit question has an answer ("no permit" counts once chosen)."""
        return self.permit_kind != "none" or self.permit_answered_at is not None

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Experience(db.Model):
    """A past or current job of a candidate."""

    __tablename__ = "experiences"
    __table_args__ = (
        CheckConstraint("end_on IS NULL OR end_on >= start_on", name="end_after_start"),
        CheckConstraint("hours_per_week > 0 AND hours_per_week <= 80", name="hours_range"),
        CheckConstraint("length(title) >= 1", name="title_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(150))
    noc_code: Mapped[str | None] = mapped_column(ForeignKey("occupations.noc_code"))
    employer_name: Mapped[str] = mapped_column(String(150), default="")
    country: Mapped[str] = mapped_column(String(80), default="")
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)
    hours_per_week: Mapped[Decimal] = mapped_column(Numeric(4, 1), default=Decimal("37.5"))
    description: Mapped[str] = mapped_column(String(2000), default="")

    candidate = relationship("Candidate", back_populates="experiences")
    occupation = relationship("Occupation")

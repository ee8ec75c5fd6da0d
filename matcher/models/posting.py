"""Job postings of an establishment."""

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
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matcher.extensions import db
from matcher.models._common import SHIFTS, UTCDateTime, created_at_column, updated_at_column

POSTING_STATUSES = ("draft", "open", "closed", "filled")
EMPLOYMENT_TYPES = ("full_time", "part_time", "casual", "temporary")

posting_certifications = Table(
    "posting_certifications",
    db.metadata,
    Column("posting_id", ForeignKey("postings.id", ondelete="CASCADE"), primary_key=True),
    Column("certification_code", ForeignKey("certifications.code"), primary_key=True),
)


class Posting(db.Model):
    """An opening (or several identical ones) at one site of an establishment."""

    __tablename__ = "postings"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'open', 'closed', 'filled')", name="status"),
        CheckConstraint(
            "employment_type IN ('full_time', 'part_time', 'casual', 'temporary')",
            name="employment_type",
        ),
        CheckConstraint("openings >= 1 AND openings <= 500", name="openings_range"),
        CheckConstraint("filled >= 0 AND filled <= openings", name="filled_range"),
        CheckConstraint("hours_per_week > 0 AND hours_per_week <= 60", name="hours_range"),
        CheckConstraint("hourly_wage > 0 AND hourly_wage < 1000", name="wage_range"),
        CheckConstraint("min_french_oral BETWEEN 5 AND 12", name="oral_range"),
        CheckConstraint("min_french_written BETWEEN 1 AND 12", name="written_range"),
        CheckConstraint(
            "min_experience_months >= 0 AND min_experience_months <= 240",
            name="experience_range",
        ),
        CheckConstraint("length(title) >= 1", name="title_not_empty"),
        CheckConstraint(
            "shift_day OR shift_evening OR shift_night OR shift_weekend", name="some_shift"
        ),
        CheckConstraint(
            "closes_on IS NULL OR start_date IS NULL OR closes_on <= start_date",
            name="closes_before_start",
        ),
        UniqueConstraint("employer_id", "external_id", name="uq_postings_employer_external"),
        Index("ix_postings_status_created", "status", "created_at"),
        # The job board sorts open postings by publication or start date; the daily
        # sweep finds open postings past their closing date.
        Index("ix_postings_status_published", "status", "published_at"),
        Index("ix_postings_status_start", "status", "start_date"),
        Index("ix_postings_status_closes", "status", "closes_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("employers.id"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    noc_code: Mapped[str] = mapped_column(ForeignKey("occupations.noc_code"), index=True)
    external_id: Mapped[str | None] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(150))
    description: Mapped[str] = mapped_column(String(5000), default="")
    shift_day: Mapped[bool] = mapped_column(default=False)
    shift_evening: Mapped[bool] = mapped_column(default=False)
    shift_night: Mapped[bool] = mapped_column(default=False)
    shift_weekend: Mapped[bool] = mapped_column(default=False)
    employment_type: Mapped[str] = mapped_column(String(20))
    hours_per_week: Mapped[Decimal] = mapped_column(Numeric(4, 1))
    hourly_wage: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    openings: Mapped[int] = mapped_column(default=1)
    filled: Mapped[int] = mapped_column(default=0)
    start_date: Mapped[date | None] = mapped_column(Date)
    closes_on: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    min_french_oral: Mapped[int] = mapped_column(default=5)
    min_french_written: Mapped[int] = mapped_column(default=1)
    min_experience_months: Mapped[int] = mapped_column(default=0)
    training_provided: Mapped[bool] = mapped_column(default=False)
    # Folded words (lowercase, no accents, singular) of the title, the description and the
    # occupation's FR/EN titles, kept by matcher.postings so search ignores accents everywhere.
    search_text: Mapped[str] = mapped_column(String(8000), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    employer = relationship("Employer")
    site = relationship("Site")
    occupation = relationship("Occupation")
    required_certifications = relationship(
        "Certification", secondary=posting_certifications, order_by="Certification.code"
    )

    @property
    def shifts(self) -> frozenset[str]:
        """Return the shifts this posting needs covered."""
        return frozenset(s for s in SHIFTS if getattr(self, f"shift_{s}"))


# A word's prefix is a range of the index: PostgreSQL compares in code-point order ("C")
# whatever the database's collation, as SQLite's BINARY collation does.
WORD_TYPE = String(40).with_variant(String(40, collation="C"), "postgresql")


class PostingWord(db.Model):
    """A word of a posting's search text, and whether it is a word of the title.

    Written only with the search text (matcher.postings.search); the job board finds the
    postings whose words start with a query's forms through the word index.
    """

    __tablename__ = "posting_words"
    __table_args__ = (Index("ix_posting_words_word", "word", "posting_id", "in_title"),)

    posting_id: Mapped[int] = mapped_column(
        ForeignKey("postings.id", ondelete="CASCADE"), primary_key=True)
    word: Mapped[str] = mapped_column(WORD_TYPE, primary_key=True)
    in_title: Mapped[bool] = mapped_column(default=False)

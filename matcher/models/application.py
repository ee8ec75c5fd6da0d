"""Applications (and invitations), their history, and hires."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Numeric,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matcher.extensions import db
from matcher.models._common import created_at_column, updated_at_column

APPLICATION_STATUSES = (
    "invited", "declined", "applied", "shortlisted", "interview", "offer", "hired",
    "rejected", "withdrawn",
)
APPLICATION_SOURCES = ("candidate", "invitation", "staff", "import")
# Why HR did not retain an application: the candidate is told the reason in plain words.
REJECTION_REASONS = ("french_level", "experience", "position_filled", "availability", "other")


class Application(db.Model):
    """A candidate's application to a posting, or an employer's invitation to apply."""

    __tablename__ = "applications"
    __table_args__ = (
        CheckConstraint(
            "status IN ('invited', 'declined', 'applied', 'shortlisted', 'interview', "
            "'offer', 'hired', 'rejected', 'withdrawn')",
            name="status",
        ),
        CheckConstraint(
            "source IN ('candidate', 'invitation', 'staff', 'import')", name="source"
        ),
        CheckConstraint("score_at_creation BETWEEN 0 AND 100", name="score_range"),
        CheckConstraint("rejection_reason IS NULL OR rejection_reason IN ('french_level', "
                        "'experience', 'position_filled', 'availability', 'other')",
                        name="rejection_reason"),
        # One application per candidate and posting; deleted candidates leave NULLs.
        UniqueConstraint("candidate_id", "posting_id", name="uq_applications_candidate_posting"),
        Index("ix_applications_posting_status", "posting_id", "status"),
        # The program dashboard's funnel reads each candidate's statuses from this index alone.
        Index("ix_applications_candidate_status", "candidate_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # NULL once the candidate deleted their account: the anonymous record is kept.
    candidate_id: Mapped[int | None] = mapped_column(
        ForeignKey("candidates.id", ondelete="SET NULL")
    )
    posting_id: Mapped[int] = mapped_column(ForeignKey("postings.id"))
    status: Mapped[str] = mapped_column(String(15))
    source: Mapped[str] = mapped_column(String(15), default="candidate")
    score_at_creation: Mapped[Decimal] = mapped_column(Numeric(5, 1), default=0)
    # Set when HR declines: the reason (one of REJECTION_REASONS), HR's own words for the team
    # (never sent), and the message HR chose to write to the candidate (sent as written).
    rejection_reason: Mapped[str | None] = mapped_column(String(20))
    rejection_detail: Mapped[str | None] = mapped_column(String(500))
    rejection_message: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    candidate = relationship("Candidate")
    posting = relationship("Posting")
    events = relationship("ApplicationEvent", back_populates="application",
                          order_by="ApplicationEvent.at", cascade="all, delete-orphan")
    hire = relationship("Hire", back_populates="application", uselist=False)
    notes = relationship("ApplicationNote", order_by="ApplicationNote.created_at",
                         cascade="all, delete-orphan")
    messages = relationship("ThreadMessage", order_by="ThreadMessage.id",
                            cascade="all, delete-orphan")
    interviews = relationship("Interview", back_populates="application",
                              order_by="Interview.id", cascade="all, delete-orphan")


class ApplicationEvent(db.Model):
    """One status change of an application: who, when, from what to what."""

    __tablename__ = "application_events"
    __table_args__ = (
        # The program dashboard's funnel reads how far each application went from this index.
        Index("ix_application_events_application_status", "application_id", "to_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE")
    )
    from_status: Mapped[str | None] = mapped_column(String(15))
    to_status: Mapped[str] = mapped_column(String(15))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = created_at_column()

    application = relationship("Application", back_populates="events")
    actor = relationship("User")


class Hire(db.Model):
    """A hire; it keeps the anonymous facts the program dashboard counts.

    The program counts people, not rows: `person_id` is the candidate's id copied
    without a foreign key, so a person still counts once after deleting their account.
    A person holds at most one hire that has not ended (a partial unique index, so two
    simultaneous hires of the same person in two establishments cannot both land).
    """

    __tablename__ = "hires"
    __table_args__ = (
        CheckConstraint("end_on IS NULL OR end_on >= start_on", name="end_after_start"),
        Index("ix_hires_start_on", "start_on"),
        Index("ix_hires_person_start", "person_id", "start_on"),
        Index("uq_hires_person_employed", "person_id", unique=True,
              sqlite_where=text("end_on IS NULL"), postgresql_where=text("end_on IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Unique: an application is hired at most once.
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), unique=True)
    person_id: Mapped[int]
    posting_id: Mapped[int] = mapped_column(ForeignKey("postings.id"), index=True)
    # Copied at hire time so statistics survive the candidate deleting their account.
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    application = relationship("Application", back_populates="hire")
    posting = relationship("Posting")
    agency = relationship("Agency")
    recorded_by = relationship("User")

"""Health establishments, their HR members and their sites."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matcher.extensions import db
from matcher.models._common import UTCDateTime, created_at_column

EMPLOYER_KINDS = ("CISSS", "CIUSSS", "non-merged", "CRSSS", "CHSLD", "RPA", "clinic")
MEMBER_STATUSES = ("pending", "approved", "rejected")
REQUEST_STATUSES = ("pending", "approved", "refused")


class Employer(db.Model):
    """A health establishment that hires (public centre, CHSLD, residence, clinic)."""

    __tablename__ = "employers"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('CISSS', 'CIUSSS', 'non-merged', 'CRSSS', 'CHSLD', 'RPA', 'clinic')",
            name="kind",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    # Demo establishments are invented and say so on every page that shows them.
    is_fictitious: Mapped[bool] = mapped_column(default=False)
    # A deactivated establishment is offered nowhere and cannot post; its history stays.
    active: Mapped[bool] = mapped_column(default=True, server_default=true())

    region = relationship("Region")
    sites = relationship("Site", back_populates="employer", order_by="Site.name")


class EmployerMember(db.Model):
    """An HR user of one establishment, usable only once staff approve it."""

    __tablename__ = "employer_members"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'approved', 'rejected')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    employer_id: Mapped[int] = mapped_column(ForeignKey("employers.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = created_at_column()
    # Who registered, for staff to check by phone (asked at registration since hr_2).
    contact_name: Mapped[str | None] = mapped_column(String(120))
    job_title: Mapped[str | None] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(30))

    user = relationship("User", back_populates="membership", foreign_keys=[user_id])
    employer = relationship("Employer")
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    establishment_request = relationship("EstablishmentRequest", back_populates="member",
                                         uselist=False)


class EstablishmentRequest(db.Model):
    """An HR user's request to add an establishment that was not in the list.

    The establishment is created inactive with the request; staff approving the member
    approve the request and activate it in one step, refusing leaves it inactive.
    """

    __tablename__ = "establishment_requests"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'approved', 'refused')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("employer_members.id", ondelete="CASCADE"), unique=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("employers.id"), index=True)
    address: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = created_at_column()

    member = relationship("EmployerMember", back_populates="establishment_request")
    employer = relationship("Employer")


class Site(db.Model):
    """A workplace of an establishment (hospital, CHSLD, CLSC ...)."""

    __tablename__ = "sites"
    __table_args__ = (CheckConstraint("length(name) >= 1", name="name_not_empty"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("employers.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(100))
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    # A deactivated site is no longer offered for new postings.
    active: Mapped[bool] = mapped_column(default=True, server_default=true())

    employer = relationship("Employer", back_populates="sites")
    region = relationship("Region")

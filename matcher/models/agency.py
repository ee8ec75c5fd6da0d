"""Partner agencies that coach candidates (CREMCV, Libre Emploi ...)."""

from sqlalchemy import ForeignKey, String, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matcher.extensions import db


class Agency(db.Model):
    """A partner organization; each staff user belongs to one."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))
    # A deactivated agency takes no new staff and is offered nowhere; its history stays.
    active: Mapped[bool] = mapped_column(default=True, server_default=true())

    region = relationship("Region")

"""Partner agencies that coach candidates (CREMCV, Libre Emploi ...)."""

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from matcher.extensions import db


class Agency(db.Model):
    """A partner organization; each staff user belongs to one."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))

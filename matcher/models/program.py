"""Program settings: the hiring target and its window."""

from datetime import date

from sqlalchemy import CheckConstraint, Date
from sqlalchemy.orm import Mapped, mapped_column

from matcher.extensions import db


class ProgramSettings(db.Model):
    """The single row of program settings, editable by admins."""

    __tablename__ = "program_settings"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("target_hires BETWEEN 1 AND 1000000", name="target_range"),
        CheckConstraint("ends_on > starts_on", name="window_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    target_hires: Mapped[int] = mapped_column(default=1500)
    starts_on: Mapped[date] = mapped_column(Date, default=date(2023, 12, 4))
    ends_on: Mapped[date] = mapped_column(Date, default=date(2026, 12, 3))

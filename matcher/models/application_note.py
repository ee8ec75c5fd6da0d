"""Notes HR writes on an application: seen by the employer's team only, never by the candidate."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matcher.extensions import db
from matcher.models._common import created_at_column

NOTE_MAX = 2000


class ApplicationNote(db.Model):
    """One note on an application, by one HR user (kept if the author leaves)."""

    __tablename__ = "application_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(String(NOTE_MAX))
    created_at: Mapped[datetime] = created_at_column()

    author = relationship("User")

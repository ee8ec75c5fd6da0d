"""Notes on an application: the employer's team writes and reads them; candidates never do.

Each note added is written to the audit log (its id only, never its text). Nothing here
commits.
"""

from matcher import audit
from matcher.extensions import db
from matcher.models import Application, ApplicationNote, User


def add_note(author: User, application: Application, body: str) -> ApplicationNote:
    """Add a note to an application the author's establishment may see."""
    note = ApplicationNote(author=author, body=body.strip())
    application.notes.append(note)
    db.session.flush()
    audit.record("application.note_added", application, note_id=note.id)
    return note

"""Case notes: written and read by staff of the candidate's agency only.

A note keeps the agency it was written for: if the person moves to another
agency, the new one does not inherit the old one's notes. Every read is written
to the audit log as a view of the profile, which the candidate sees in "who
viewed my profile" (the text of the notes stays with the agency).
"""

from sqlalchemy import select

from matcher import audit
from matcher.candidates.privacy import VIEWED
from matcher.extensions import db
from matcher.models import Candidate, CaseNote, User
from matcher.parcours.services import ParcoursError

MAX_LENGTH = 4000
PART = "case_notes"


def may_use_notes(user: User, candidate: Candidate) -> bool:
    """Say whether the user is staff of the candidate's agency."""
    return (user.role in ("staff", "admin") and user.agency_id is not None
            and candidate.agency_id == user.agency_id)


def read_notes(candidate: Candidate, user: User) -> list[CaseNote] | None:
    """Return the notes the user may read, newest first, and audit the read; None if none."""
    if not may_use_notes(user, candidate):
        return None
    notes = list(db.session.scalars(
        select(CaseNote).where(CaseNote.candidate_id == candidate.id,
                               CaseNote.agency_id == user.agency_id)
        .order_by(CaseNote.created_at.desc(), CaseNote.id.desc())))
    audit.record(VIEWED, candidate, actor=user, part=PART, notes=len(notes))
    return notes


def add_note(candidate: Candidate, text: str, user: User) -> CaseNote:
    """Write a note about the person, for their agency."""
    if not may_use_notes(user, candidate):
        raise ParcoursError("notes_not_your_agency", "text")
    text = (text or "").strip()
    if not text or len(text) > MAX_LENGTH:
        raise ParcoursError("note_length", "text")
    note = CaseNote(candidate_id=candidate.id, author_id=user.id, agency_id=user.agency_id,
                    text=text)
    db.session.add(note)
    db.session.flush()
    audit.record("case_note.added", note, actor=user, candidate_id=candidate.id)
    return note

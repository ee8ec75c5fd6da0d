"""The words for each refusal of the Parcours services (third person: staff pages)."""

from flask_babel import lazy_gettext as _l

ERRORS = {
    "officer_not_allowed": _l("Choose an officer of the person’s agency."),
    "plan_closed": _l("The plan is closed: reopen it first."),
    "unknown_mode": _l("Choose how the meeting took place."),
    "meeting_in_future": _l("The meeting cannot be recorded before it happens."),
    "meeting_before_arrival": _l("The meeting cannot be before the person’s arrival in Québec."),
    "unknown_step": _l("Choose one of the four steps."),
    "unknown_kind": _l("Choose an action of this step."),
    "kind_or_title": _l("Choose an action from the list or describe it in your words."),
    "due_in_past": _l("The due date has passed: choose today or a later day."),
    "no_first_meeting": _l("Record the first meeting first: the plan is drawn up with the "
                           "person."),
    "move_not_allowed": _l("This action cannot move to that status."),
    "unknown_reason": _l("Choose why the plan closes."),
    "not_retained_a_year": _l("No hire of this person has lasted 365 days yet: choose "
                              "“Left the program”, or wait."),
    "not_closed": _l("The plan is not closed."),
    "notes_not_your_agency": _l("Only staff of the person’s agency can write notes."),
    "note_length": _l("Write a note of at most 4,000 characters."),
}

"""The words of placement rounds: statuses, skip reasons, errors and figures."""

from collections import Counter

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

ROUND_STATUS_LABELS = {
    "draft": _l("Draft"),
    "proposed": _l("Waiting for approval"),
    "approved": _l("Approved"),
    "partly_approved": _l("Partly approved"),
}

PROPOSAL_STATUS_LABELS = {
    "proposed": _l("Proposed"),
    "approved": _l("Invitation sent"),
    "skipped": _l("Skipped"),
}

SKIP_MESSAGES = {
    "posting_closed": _l("The posting was closed in the meantime: no invitation was sent."),
    "posting_filled": _l("The posting has no opening left: no invitation was sent."),
    "already_applied": _l("This person applied or was invited in the meantime: "
                          "no invitation was sent."),
    "not_eligible": _l("This person no longer meets the requirements or switched matching "
                       "off: no invitation was sent."),
    "employed": _l("This person was hired in the meantime: no invitation was sent."),
}

ERRORS = {
    "no_posting": _l("Choose at least one posting."),
    "empty_pool": _l("No candidate matches this pool: widen it (region, work or agency)."),
    "not_draft": _l("This round has already run."),
}


def outcome_message(outcome: Counter) -> str:
    """Say how many invitations went out and how many proposals were skipped."""
    sent = ngettext("%(num)s invitation sent.", "%(num)s invitations sent.",
                    outcome["approved"])
    if not outcome["skipped"]:
        return sent
    return " ".join([sent, ngettext(
        "%(num)s proposal skipped: see why below.", "%(num)s proposals skipped: see why below.",
        outcome["skipped"])])


def template_helpers() -> dict:
    """Return the labels the round templates use."""
    return {"round_status_labels": ROUND_STATUS_LABELS,
            "proposal_status_labels": PROPOSAL_STATUS_LABELS, "skip_messages": SKIP_MESSAGES}

"""The catalogue of actions an officer can put in a plan, by step (DESIGN §7.2).

Codes are stored in plan_actions.kind; labels are translated when shown. An action
outside the catalogue is free text (kind None, its title typed by the officer).
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from matcher.models.action_plan import PLAN_STEPS


@dataclass(frozen=True)
class Kind:
    code: str
    step: str
    label: str


CATALOGUE: tuple[Kind, ...] = (
    Kind("housing", "arrival", _l("Find housing")),
    Kind("bank_account", "arrival", _l("Open a bank account")),
    Kind("sin", "arrival", _l("Get a social insurance number (SIN)")),
    Kind("childcare", "arrival", _l("Find childcare")),
    Kind("francisation_registration", "francization",
         _l("Register with Francisation Québec")),
    Kind("french_full_time", "francization", _l("Full-time French course")),
    Kind("french_part_time", "francization", _l("Part-time French course")),
    Kind("french_test", "francization", _l("French test (TCF or TEF)")),
    Kind("cpr", "job_market", _l("CPR training")),
    Kind("pdsb", "job_market", _l("PDSB training (safe patient handling)")),
    Kind("mapaq", "job_market", _l("Food hygiene and safety training (MAPAQ)")),
    Kind("resume", "job_market", _l("Write a résumé")),
    Kind("retention_90", "job_market", _l("Check-in call 90 days after the start")),
    Kind("retention_180", "job_market", _l("Check-in call 180 days after the start")),
    Kind("retention_365", "job_market", _l("Check-in call 365 days after the start")),
    Kind("objectif_integration", "community", _l("“Objectif Intégration” session")),
    Kind("mentoring", "community", _l("Mentoring")),
    Kind("community_activity", "community", _l("Community activity or volunteering")),
)
KINDS = {kind.code: kind for kind in CATALOGUE}
RETENTION_KINDS = {90: "retention_90", 180: "retention_180", 365: "retention_365"}

assert {kind.step for kind in CATALOGUE} == set(PLAN_STEPS)


def action_label(kind: str | None, title: str) -> str:
    """Name an action: its catalogue label, with the officer's words after it if any."""
    if kind in KINDS:
        label = str(KINDS[kind].label)
        return f"{label} — {title}" if title else label
    return title

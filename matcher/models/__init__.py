"""The domain model, one module per aggregate (DESIGN.md §3)."""

from matcher.models.action_plan import ActionPlan, CaseNote, PlanAction
from matcher.models.agency import Agency
from matcher.models.api_token import ApiToken, IdempotentRequest
from matcher.models.application import Application, ApplicationEvent, Hire
from matcher.models.application_note import ApplicationNote
from matcher.models.application_thread import ThreadMessage
from matcher.models.audit import AuditEvent
from matcher.models.candidate import Candidate, Experience
from matcher.models.consent import Consent
from matcher.models.employer import Employer, EmployerMember, EstablishmentRequest, Site
from matcher.models.interview import Interview
from matcher.models.matching import RankingChange
from matcher.models.message import Notification, OutboxMessage, SentNotice
from matcher.models.placement import PlacementProposal, PlacementRound
from matcher.models.posting import Posting, PostingWord
from matcher.models.program import ProgramSettings
from matcher.models.reference import (
    Certification,
    FrenchLevel,
    MinimumWage,
    Occupation,
    Region,
)
from matcher.models.user import LoginThrottle, MfaRecoveryCode, PasswordResetToken, User
from matcher.models.verification import DuplicateDismissal, ProfileCorrection
from matcher.models.wish_list import PostingStar

__all__ = [
    "ApplicationNote",
    "ActionPlan",
    "Agency",
    "ApiToken",
    "Application",
    "ApplicationEvent",
    "AuditEvent",
    "Candidate",
    "CaseNote",
    "Certification",
    "Consent",
    "DuplicateDismissal",
    "Employer",
    "EmployerMember",
    "EstablishmentRequest",
    "Experience",
    "FrenchLevel",
    "Hire",
    "Interview",
    "LoginThrottle",
    "MfaRecoveryCode",
    "IdempotentRequest",
    "MinimumWage",
    "Notification",
    "Occupation",
    "OutboxMessage",
    "PasswordResetToken",
    "PlacementProposal",
    "PlacementRound",
    "PlanAction",
    "Posting",
    "PostingWord",
    "ProfileCorrection",
    "PostingStar",
    "ProgramSettings",
    "RankingChange",
    "Region",
    "SentNotice",
    "ThreadMessage",
    "Site",
    "User",
]

from matcher.extensions import db as _db  # noqa: E402
from matcher.models._common import add_length_checks as _add_length_checks  # noqa: E402

_add_length_checks(_db.metadata)

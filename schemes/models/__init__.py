from schemes.models.applications import Application, ApplicationCheck
from schemes.models.contracts import Contract, DismissalReason, EndReason, Suspension
from schemes.models.meetings import SupervisionMeeting
from schemes.models.outbox import OutboxEmail
from schemes.models.people import IepLevel, Movement, PeerWorker
from schemes.models.rates import SchemeRate, scheme_rate_on
from schemes.models.roles import RoleDescription
from schemes.models.schemes import EligibilityCheck, Scheme, SchemeLead

__all__ = [
    "Application",
    "ApplicationCheck",
    "Contract",
    "EligibilityCheck",
    "DismissalReason",
    "EndReason",
    "OutboxEmail",
    "IepLevel",
    "Movement",
    "PeerWorker",
    "RoleDescription",
    "Scheme",
    "SchemeLead",
    "SchemeRate",
    "scheme_rate_on",
    "Suspension",
    "SupervisionMeeting",
]

"""Applications and selection: received -> checks -> interview -> approved / declined / withdrawn."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from peerwork.records import save
from schemes.models import Application, ApplicationCheck, PeerWorker, Scheme
from schemes.rules import (
    RuleError,
    check_application_checks_complete,
    check_application_open,
    check_same_establishment,
    check_worker_in_custody,
)


@transaction.atomic
def application_create(*, worker: PeerWorker, scheme: Scheme, actor: User, **fields: object) -> Application:
    check_worker_in_custody(worker)
    check_same_establishment(worker, scheme)
    application = Application(worker=worker, scheme=scheme, created_by=actor, **fields)
    save(application, actor=actor)
    ApplicationCheck.objects.bulk_create(
        ApplicationCheck(application=application, requirement=requirement)
        for requirement in scheme.checks.filter(archived_at__isnull=True)
    )
    return application


@transaction.atomic
def application_advance(
    *, application: Application, status: str, actor: User, **fields: object
) -> Application:
    """Move an open application to checks or interview (with the interview date and notes)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    check_application_open(application)
    if status not in (Application.Status.CHECKS, Application.Status.INTERVIEW):
        raise RuleError({"status": "An application can move only to checks or interview this way."})
    application.status = status
    for name, value in fields.items():
        setattr(application, name, value)
    save(application, actor=actor)
    return application


@transaction.atomic
def application_check_record(
    *, check: ApplicationCheck, outcome: str, actor: User, note: str = ""
) -> ApplicationCheck:
    check_application_open(check.application)
    check.outcome = outcome
    check.note = note
    if outcome == ApplicationCheck.Outcome.PENDING:
        check.confirmed_by = check.confirmed_at = None
    else:
        check.confirmed_by = actor
        check.confirmed_at = timezone.now()
    save(check, actor=actor)
    return check


def _decide(application: Application, *, status: str, reason: str, actor: User) -> Application:
    application.status = status
    application.decision_reason = reason
    application.decided_by = actor
    application.decided_at = timezone.now()
    save(application, actor=actor)
    return application


@transaction.atomic
def application_approve(*, application: Application, actor: User, reason: str = "") -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    check_application_open(application)
    check_worker_in_custody(application.worker)
    check_application_checks_complete(application)
    return _decide(application, status=Application.Status.APPROVED, reason=reason, actor=actor)


@transaction.atomic
def application_decline(*, application: Application, reason: str, actor: User) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    check_application_open(application)
    if not reason.strip():
        raise RuleError({"reason": "Give the reason for declining. The applicant is told it."})
    return _decide(application, status=Application.Status.DECLINED, reason=reason, actor=actor)


@transaction.atomic
def application_withdraw(*, application: Application, reason: str, actor: User) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    check_application_open(application)
    if not reason.strip():
        raise RuleError({"reason": "Say why the application is withdrawn."})
    return _decide(application, status=Application.Status.WITHDRAWN, reason=reason, actor=actor)

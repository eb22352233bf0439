"""Applications and selection: received -> checks -> interview -> approved / declined / withdrawn."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from flags import api as flags
from peerwork.formats import long_date
from peerwork.records import save
from schemes.models import Application, ApplicationCheck, EligibilityCheck, Movement, PeerWorker, Scheme
from schemes.rules import (
    RuleError,
    check_application_checks_complete,
    check_application_open,
    check_same_establishment,
    check_worker_in_custody,
    suggested_outcome,
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


# --- Back into the role after a move ------------------------------------------------------

# The checks a record can carry from one prison to the next; staff at the new prison confirm.
CARRIED = (
    EligibilityCheck.Kind.TRAINING,
    EligibilityCheck.Kind.TIME_TO_SERVE,
    EligibilityCheck.Kind.NO_ADJUDICATIONS,
)


def _carried_note(check: ApplicationCheck, *, worker: PeerWorker, scheme: Scheme, today: date) -> str:
    """What the record says for a check that can carry over, or "" if it says nothing."""
    requirement = check.requirement
    if requirement.kind == EligibilityCheck.Kind.TRAINING:
        if not scheme.is_listeners:
            return ""
        # Listener training is the rota app's record: read through the relation, never imported.
        valid = [
            t
            for t in worker.listener_training.all()
            if t.completed_on <= today and (t.valid_until is None or t.valid_until >= today)
        ]
        if not valid:
            return ""
        latest = max(valid, key=lambda t: t.completed_on)
        until = f", valid until {long_date(latest.valid_until)}" if latest.valid_until else ""
        return f"Samaritans training completed {long_date(latest.completed_on)}{until}."
    return suggested_outcome(requirement, worker, scheme, today=today)


@transaction.atomic
def application_invite_after_arrival(*, flag: flags.Flag, scheme: Scheme, actor: User) -> Application:
    """From an arrival flag: an application to the same scheme here, its checklist pre-filled from
    the record where a check can carry over (training, time left to serve, adjudications), each
    marked with the prison it came from for staff here to confirm. Resolves the flag."""
    worker = flag.worker
    if flag.kind != flags.Kind.ARRIVAL or worker is None:
        raise RuleError("Only an arriving peer worker can be invited to apply this way.")
    if not flag.is_open:
        raise RuleError("This arrival has been dealt with already.")
    movement = (
        Movement.objects.filter(worker=worker, to_establishment=scheme.establishment)
        .select_related("from_establishment")
        .first()
    )
    if movement is None:
        raise RuleError(f"{worker.full_name} has not moved to {scheme.establishment}.")
    today = timezone.localdate()
    application = application_create(
        worker=worker,
        scheme=scheme,
        actor=actor,
        route=Application.Route.NOMINATED,
        nominated_by=f"Invited after arriving from {movement.from_establishment}",
        received_on=today,
    )
    carried = []
    for check in application.checks.select_related("requirement").filter(requirement__kind__in=CARRIED):
        note = _carried_note(check, worker=worker, scheme=scheme, today=today)
        if note:
            check.carried_over_from = movement.from_establishment
            check.note = f"Carried over from {movement.from_establishment}, confirm: {note}"[:300]
            carried.append(check)
    ApplicationCheck.objects.bulk_update(carried, ["carried_over_from", "note"])
    flags.flag_resolve(flag=flag, actor=actor, resolution=f"Invited to apply to {scheme.name}.")
    return application

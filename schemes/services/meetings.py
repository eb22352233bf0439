"""Supervision meetings: scheduled, held, cancelled or moved (never deleted), and the next ones
generated from the scheme's cadence. Every change is attributed.

Cancelling or holding a meeting queues a re-check of the meeting flags (cancelled, overdue)
after the transaction commits, so they open or close at once rather than at the next hourly sweep.
"""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from peerwork.formats import long_datetime
from peerwork.queue import after_commit
from peerwork.records import save
from schemes import selectors_meetings as selectors
from schemes import tasks
from schemes.models import PeerWorker, Scheme, SupervisionMeeting
from schemes.oversight import AFTER_MEETING_CHANGE
from schemes.rules import RuleError

Status = SupervisionMeeting.Status


def _names(workers: Iterable[PeerWorker]) -> str:
    return ", ".join(worker.full_name for worker in workers)


def _lock(meeting: SupervisionMeeting) -> SupervisionMeeting:
    return SupervisionMeeting.objects.select_for_update().select_related("scheme").get(pk=meeting.pk)


def _check_scheduled(meeting: SupervisionMeeting) -> None:
    if meeting.status != Status.SCHEDULED:
        raise RuleError(
            f"This meeting is {meeting.get_status_display().lower()}: only a scheduled one can change."
        )


def _check_scheme_running(scheme: Scheme) -> None:
    if not scheme.is_active:
        raise RuleError({"scheme": f"{scheme.name} is not running, so it has no supervision meetings."})


def _check_lead(lead: User, scheme: Scheme) -> None:
    if not (lead.is_active and lead.establishments.filter(pk=scheme.establishment_id).exists()):
        raise RuleError({"lead": f"{lead} does not work in {scheme.establishment}."})


def _check_among(
    workers: Iterable[PeerWorker], allowed: QuerySet[PeerWorker], *, field: str, why: str
) -> None:
    allowed_pks = set(allowed.values_list("pk", flat=True))
    strangers = [worker for worker in workers if worker.pk not in allowed_pks]
    if strangers:
        raise RuleError({field: f"{_names(strangers)}: {why}"})


@transaction.atomic
def meeting_schedule(
    *,
    scheme: Scheme,
    starts_at: datetime,
    place: str,
    lead: User,
    invited: list[PeerWorker] | None = None,
    actor: User,
) -> SupervisionMeeting:
    """A scheduled meeting. With no `invited` list, everyone in role on the scheme is invited."""
    if timezone.is_naive(starts_at):
        raise ValueError("starts_at must be timezone-aware")
    _check_scheme_running(scheme)
    _check_lead(lead, scheme)
    if invited is None:
        invited = list(selectors.scheme_workers_in_role(scheme=scheme))
    else:
        _check_among(
            invited,
            selectors.scheme_workers_invitable(scheme=scheme),
            field="invited",
            why=f"no open {scheme.name} contract, so cannot be invited.",
        )
    meeting = SupervisionMeeting(
        scheme=scheme, starts_at=starts_at, place=place.strip(), lead=lead, created_by=actor
    )
    save(meeting, actor=actor, reason="Scheduled")
    meeting.invited.set(invited)
    return meeting


@transaction.atomic
def meeting_record_held(
    *, meeting: SupervisionMeeting, attended: list[PeerWorker], notes: str, actor: User
) -> SupervisionMeeting:
    """The meeting took place: who came and what was agreed. A held meeting clears the cancelled
    and overdue flags (after commit)."""
    meeting = _lock(meeting)
    _check_scheduled(meeting)
    if timezone.localdate(meeting.starts_at) > timezone.localdate():
        raise RuleError(
            f"This meeting is on {long_datetime(meeting.starts_at)}. Record it once it has happened."
        )
    if not attended:
        raise RuleError({"attended": "Tick who attended. If nobody came, cancel the meeting and say why."})
    _check_among(
        attended,
        selectors.meeting_attendable(meeting=meeting),
        field="attended",
        why=f"not invited and not in role on {meeting.scheme.name}.",
    )
    meeting.status = Status.HELD
    meeting.notes = notes.strip()
    # One history entry for the whole record: attendance is saved with the status, not apart from it.
    # (django-simple-history reads this attribute, which the model does not declare.)
    setattr(meeting, "skip_history_when_saving", True)  # noqa: B010 (not declared on the model)
    meeting.attended.set(attended)
    delattr(meeting, "skip_history_when_saving")
    save(meeting, actor=actor, reason="Held")
    after_commit(tasks.flags_recheck, AFTER_MEETING_CHANGE)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: SupervisionMeeting, reason: str, actor: User) -> SupervisionMeeting:
    """Cancelled with the reason, who and when. Flagged at once (after commit), not at the next sweep."""
    meeting = _lock(meeting)
    _check_scheduled(meeting)
    if not reason.strip():
        raise RuleError({"reason": "Say why the meeting is cancelled."})
    meeting.status = Status.CANCELLED
    meeting.cancelled_reason = reason.strip()
    meeting.cancelled_by = actor
    meeting.cancelled_at = timezone.now()
    save(meeting, actor=actor, reason="Cancelled")
    after_commit(tasks.flags_recheck, AFTER_MEETING_CHANGE)
    return meeting


@transaction.atomic
def meeting_move(
    *, meeting: SupervisionMeeting, new_starts_at: datetime, actor: User, place: str | None = None
) -> SupervisionMeeting:
    """A new scheduled meeting at the new time (same scheme, lead and invitations); the old one
    is marked moved and links to it, and the new one back to it (`moved_from`)."""
    if timezone.is_naive(new_starts_at):
        raise ValueError("new_starts_at must be timezone-aware")
    meeting = _lock(meeting)
    _check_scheduled(meeting)
    if new_starts_at == meeting.starts_at:
        raise RuleError({"new_starts_at": f"The meeting is already on {long_datetime(new_starts_at)}."})
    new = SupervisionMeeting(
        scheme=meeting.scheme,
        starts_at=new_starts_at,
        place=meeting.place if place is None else place.strip(),
        lead=meeting.lead,
        created_by=actor,
    )
    save(new, actor=actor, reason=f"Moved from {long_datetime(meeting.starts_at)}")
    new.invited.set(meeting.invited.all())
    meeting.status = Status.MOVED
    meeting.moved_to = new
    save(meeting, actor=actor, reason=f"Moved to {long_datetime(new_starts_at)}")
    return new


@transaction.atomic
def meetings_generate(
    *, scheme: Scheme, actor: User, count: int = 3, first_at: datetime | None = None
) -> list[SupervisionMeeting]:
    """Schedule the next `count` meetings from the scheme's cadence (see selectors_meetings.meeting_plan),
    led by the scheme's first active lead. A day that already has a meeting for the scheme is
    skipped, so generating twice from the same `first_at` adds nothing the second time."""
    if count < 1:
        raise RuleError("Generate at least one meeting.")
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)  # one generation at a time per scheme
    _check_scheme_running(scheme)
    plan = selectors.meeting_plan(scheme=scheme, count=count, first_at=first_at)
    if plan.lead is None:
        raise RuleError(
            f"{scheme.name} has no staff lead. Add one first: every meeting needs someone to run it."
        )
    return [
        meeting_schedule(
            scheme=scheme, starts_at=slot.starts_at, place=plan.place, lead=plan.lead, actor=actor
        )
        for slot in plan.new_slots
    ]

"""Every write to concerns: one transaction each, attributed to the member of staff or the peer
worker who acted, and a timeline event for every step of a concern's life.

A concern's overdue flag goes through the flags API: `concerns_overdue_sync` raises, escalates and
closes them all in a fixed number of queries; answering, declining or referring a concern closes
its flag in the same transaction.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.models import User
from concerns import defaults, rules
from concerns.models import Concern, ConcernEvent, Department, Topic
from establishments.models import Establishment, Location
from flags.api import Condition, Flag, Kind, Severity, SyncResult, flags_clear, flags_sync
from kiosk.models import KioskDevice
from peerwork.records import save
from schemes.models import Contract, PeerWorker
from schemes.rules import RuleError

Event = ConcernEvent.Kind


def overdue_flag_key(concern_id: int) -> str:
    return f"{Kind.CONCERN_OVERDUE}:concern:{concern_id}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _event(
    concern: Concern,
    kind: str,
    *,
    now: datetime,
    by_user: User | None = None,
    by_worker: PeerWorker | None = None,
    **fields: object,
) -> ConcernEvent:
    event = ConcernEvent(
        concern=concern, kind=kind, by_user=by_user, by_worker=by_worker, created_at=now, **fields
    )
    event.full_clean()
    event.save()
    return event


def _locked(concern: Concern) -> Concern:
    """The concern as it is now, held until the transaction ends: two staff acting on it at once
    take turns, and the second sees what the first did."""
    return Concern.objects.select_for_update().select_related("department").get(pk=concern.pk)


# --- Departments and topics ---------------------------------------------------------------


@transaction.atomic
def concern_defaults_ensure(*, establishment: Establishment, actor: User) -> None:
    """Give the establishment the default departments and topics it lacks (by name). Safe to run twice."""
    Establishment.objects.select_for_update(no_key=True).get(pk=establishment.pk)
    departments = {
        d.name.lower(): d for d in Department.objects.filter(establishment=establishment, archived_at=None)
    }
    for name in defaults.DEPARTMENTS:
        if name.lower() not in departments:
            department = Department(establishment=establishment, name=name)
            save(department, actor=actor, reason="Default department")
            departments[name.lower()] = department
    topics = {t.name.lower() for t in Topic.objects.filter(establishment=establishment, archived_at=None)}
    for name, department_name, days in defaults.TOPICS:
        home = departments.get(department_name.lower())
        if name.lower() in topics or home is None:
            continue
        topic = Topic(
            establishment=establishment,
            name=name,
            department=home,
            answer_within_days=days,
            asks_protected_characteristic=name == defaults.DISCRIMINATION,
        )
        save(topic, actor=actor, reason="Default topic")


@transaction.atomic
def department_save(*, department: Department, actor: User, deputies: list[User] | None = None) -> Department:
    save(department, actor=actor)
    if deputies is not None:
        department.deputies.set(deputies)
    return department


@transaction.atomic
def department_retire(*, department: Department, actor: User) -> Department:
    """Retired, not deleted. Its open concerns and its topics must go elsewhere first."""
    if department.is_archived:
        raise RuleError(f"{department.name} is already retired.")
    if department.topics.filter(archived_at=None).exists():
        raise RuleError("Give its topics another department first, or retire them.")
    if department.concerns.exclude(status__in=Concern.FINISHED).exists():
        raise RuleError("Forward or finish its open concerns first.")
    department.archived_at, department.archived_by = timezone.now(), actor
    save(department, actor=actor, reason="Retired")
    return department


@transaction.atomic
def topic_save(*, topic: Topic, actor: User) -> Topic:
    rules.check_department_takes_concerns(topic.department, topic.establishment)
    save(topic, actor=actor)
    return topic


@transaction.atomic
def topic_retire(*, topic: Topic, actor: User) -> Topic:
    if topic.is_archived:
        raise RuleError(f"{topic.name} is already retired.")
    topic.archived_at, topic.archived_by = timezone.now(), actor
    save(topic, actor=actor, reason="Retired")
    return topic


# --- Raising a concern ----------------------------------------------------------------------


@transaction.atomic
def concern_raise(
    *,
    worker: PeerWorker,
    contract: Contract,
    topic: Topic,
    location: Location,
    affects: str,
    problem: str,
    protected_characteristic: str = "",
    resident_agreed_to_be_named: bool = False,
    resident_name: str = "",
    resident_prison_number: str = "",
    device: KioskDevice | None = None,
    actor: User | None = None,
    now: datetime | None = None,
) -> Concern:
    """A peer worker raises a concern on the kiosk (`device`), or staff log one from paper for them
    (`actor`). It goes straight to the topic's department, due the topic's days after today."""
    now = now or timezone.now()
    problem = problem.strip()
    if not problem:
        raise RuleError({"problem": _("Tell us what the problem is.")})
    establishment = contract.scheme.establishment
    rules.check_contract_carries_concerns(contract, worker)
    rules.check_worker_held_here(worker, establishment)
    rules.check_topic_and_wing(topic=topic, location=location, establishment=establishment)
    if topic.asks_protected_characteristic and not protected_characteristic:
        raise RuleError({"protected_characteristic": _("Choose what the discrimination is about.")})
    if not resident_agreed_to_be_named:
        resident_name = resident_prison_number = ""
    elif not (resident_name.strip() or resident_prison_number.strip()):
        raise RuleError(
            {"resident_name": _("Write the resident's name, or untick that they agreed to be named.")}
        )
    # The daily allowance counts this person's concerns, so theirs are raised one at a time.
    PeerWorker.objects.select_for_update(no_key=True).get(pk=worker.pk)
    rules.check_allowance(worker, now)

    days = topic.answer_within_days
    concern = Concern(
        establishment=establishment,
        worker=worker,
        contract=contract,
        device=device,
        logged_by=actor,
        topic=topic,
        protected_characteristic=protected_characteristic if topic.asks_protected_characteristic else "",
        location=location,
        affects=affects,
        problem=problem,
        resident_agreed_to_be_named=resident_agreed_to_be_named,
        resident_name=_one_line(resident_name),
        resident_prison_number=resident_prison_number.strip().upper(),
        department=topic.department,
        raised_at=now,
        deadline_days=days,
        due_on=timezone.localdate(now) + timedelta(days=days),
    )
    save(concern, actor=actor, reason="Raised on the kiosk" if actor is None else "Logged from paper")
    _event(
        concern,
        Event.RAISED,
        now=now,
        by_user=actor,
        by_worker=None if actor else worker,
        to_department=topic.department,
    )
    return concern


# --- Staff steps ----------------------------------------------------------------------------


@transaction.atomic
def concern_take(
    *, concern: Concern, actor: User, handler: User | None = None, now: datetime | None = None
) -> Concern:
    """A named member of staff deals with it: the actor, or the department's owner they name."""
    now = now or timezone.now()
    concern = _locked(concern)
    rules.check_may_answer(actor, concern)
    rules.check_awaiting_answer(concern)
    concern.handler = handler or actor
    concern.status = Concern.Status.WITH_DEPARTMENT
    save(concern, actor=actor, reason="Taken on")
    _event(concern, Event.TAKEN, now=now, by_user=actor, text=concern.handler.get_full_name())
    return concern


@transaction.atomic
def concern_forward(
    *, concern: Concern, actor: User, department: Department, note: str, now: datetime | None = None
) -> Concern:
    """To another department, with a staff-only note saying why. The due day stays: the clock does
    not start again because it moved."""
    now = now or timezone.now()
    concern = _locked(concern)
    rules.check_may_answer(actor, concern)
    rules.check_awaiting_answer(concern)
    rules.check_department_takes_concerns(department, concern.establishment)
    if department.pk == concern.department_id:
        raise RuleError({"department": f"It is already with {department.name}."})
    note = note.strip()
    if not note:
        raise RuleError({"note": "Say why it goes there (only staff read this)."})
    previous = concern.department
    concern.department, concern.handler, concern.status = department, None, Concern.Status.RAISED
    save(concern, actor=actor, reason=f"Forwarded to {department.name}")
    _event(
        concern,
        Event.FORWARDED,
        now=now,
        by_user=actor,
        text=note,
        from_department=previous,
        to_department=department,
    )
    return concern


@transaction.atomic
def concern_note(
    *, concern: Concern, actor: User, text: str, for_worker: bool, now: datetime | None = None
) -> ConcernEvent:
    """A note: staff-only, or one the peer worker reads on the kiosk."""
    now = now or timezone.now()
    concern = _locked(concern)
    rules.check_may_answer(actor, concern)
    text = text.strip()
    if not text:
        raise RuleError({"text": "Write the note."})
    kind = Event.WORKER_NOTE if for_worker else Event.STAFF_NOTE
    return _event(concern, kind, now=now, by_user=actor, text=text)


def _finish_waiting(concern: Concern, *, now: datetime, resolution: str) -> None:
    flags_clear(
        kind=Kind.CONCERN_OVERDUE, keys=[overdue_flag_key(concern.pk)], now=now, resolution=resolution
    )


@transaction.atomic
def concern_answer(*, concern: Concern, actor: User, answer: str, now: datetime | None = None) -> Concern:
    """The answer the peer worker reads. It closes the overdue flag, if one is open."""
    concern = _locked(concern)
    rules.check_may_answer(actor, concern)
    rules.check_awaiting_answer(concern)
    answer = answer.strip()
    if not answer:
        raise RuleError({"answer": "Write the answer the peer worker will read."})
    now = now or timezone.now()
    concern.status, concern.answer, concern.answered_at, concern.answered_by = (
        Concern.Status.ANSWERED,
        answer,
        now,
        actor,
    )
    concern.handler = concern.handler or actor
    save(concern, actor=actor, reason="Answered")
    _event(concern, Event.ANSWERED, now=now, by_user=actor, text=answer)
    _finish_waiting(concern, now=now, resolution="Resolved automatically: the concern was answered.")
    return concern


@transaction.atomic
def concern_decline(*, concern: Concern, actor: User, reason: str, now: datetime | None = None) -> Concern:
    concern = _locked(concern)
    rules.check_may_answer(actor, concern)
    rules.check_awaiting_answer(concern)
    reason = reason.strip()
    if not reason:
        raise RuleError({"reason": "Say why, in words the peer worker will read."})
    now = now or timezone.now()
    concern.status, concern.decline_reason, concern.closed_at = Concern.Status.DECLINED, reason, now
    save(concern, actor=actor, reason="Not taken forward")
    _event(concern, Event.DECLINED, now=now, by_user=actor, text=reason)
    _finish_waiting(concern, now=now, resolution="Resolved automatically: the concern was not taken forward.")
    return concern


@transaction.atomic
def concern_refer(
    *, concern: Concern, actor: User, reference: str, referred_on: date, now: datetime | None = None
) -> Concern:
    """Passed to the formal discrimination process (a DIRF), with its reference and date."""
    concern = _locked(concern)
    rules.check_may_answer(actor, concern)
    rules.check_awaiting_answer(concern)
    reference = reference.strip()
    if not reference:
        raise RuleError({"reference": "Enter the discrimination process's reference."})
    now = now or timezone.now()
    if not timezone.localdate(concern.raised_at) <= referred_on <= timezone.localdate(now):
        raise RuleError({"referred_on": "Enter a date between the day it was raised and today."})
    concern.status, concern.referral_reference, concern.referred_on, concern.closed_at = (
        Concern.Status.REFERRED,
        reference,
        referred_on,
        now,
    )
    save(concern, actor=actor, reason="Passed to the discrimination process")
    _event(concern, Event.REFERRED, now=now, by_user=actor, text=reference)
    _finish_waiting(
        concern, now=now, resolution="Resolved automatically: passed to the discrimination process."
    )
    return concern


@transaction.atomic
def concern_close(*, concern: Concern, actor: User, now: datetime | None = None) -> Concern:
    """Staff close an answered concern the peer worker has not said anything more about."""
    concern = _locked(concern)
    rules.check_may_answer(actor, concern)
    if concern.status != Concern.Status.ANSWERED:
        raise rules.WrongStep("Only an answered concern can be closed.")
    now = now or timezone.now()
    concern.status, concern.closed_at = Concern.Status.CLOSED, now
    save(concern, actor=actor, reason="Closed")
    _event(concern, Event.CLOSED, now=now, by_user=actor)
    return concern


@transaction.atomic
def concern_publish(
    *,
    concern: Concern,
    actor: User,
    may_publish: bool,
    public_problem: str = "",
    public_action: str = "",
    now: datetime | None = None,
) -> Concern:
    """Tick (or untick) an answered concern for "You said, we did", in general words that name nobody."""
    now = now or timezone.now()
    concern = _locked(concern)
    rules.check_may_answer(actor, concern)
    if concern.answered_at is None:
        raise rules.WrongStep("Only an answered concern can be published.")
    public_problem, public_action = _one_line(public_problem), _one_line(public_action)
    if may_publish:
        if not public_problem:
            raise RuleError({"public_problem": "Say what the problem was, in general words."})
        if not public_action:
            raise RuleError({"public_action": "Say what was done."})
        rules.check_general_words(concern, public_problem, public_action)
    concern.may_publish, concern.public_problem, concern.public_action = (
        may_publish,
        public_problem,
        public_action,
    )
    save(concern, actor=actor, reason="Published" if may_publish else "Not published")
    if may_publish:
        _event(concern, Event.PUBLISHED, now=now, by_user=actor)
    return concern


# --- The peer worker's steps (kiosk) --------------------------------------------------------


def _theirs(concern: Concern, worker: PeerWorker) -> Concern:
    locked = _locked(concern)
    if locked.worker_id != worker.pk:  # the kiosk's selectors already hide it: never reached
        raise rules.NotAllowed(_("This is not one of your concerns."))
    return locked


def _once(concern: Concern, kind: str, *, worker: PeerWorker, now: datetime, text: str = "") -> None:
    try:
        with transaction.atomic():
            _event(concern, kind, now=now, by_worker=worker, text=text)
    except IntegrityError:
        raise rules.WrongStep(_("You have already done this.")) from None


@transaction.atomic
def concern_follow_up(*, concern: Concern, worker: PeerWorker, text: str) -> Concern:
    """One message from the peer worker while the concern is open."""
    concern = _theirs(concern, worker)
    if not concern.is_open:
        raise rules.WrongStep(_("This concern is finished."))
    text = text.strip()
    if not text:
        raise RuleError({"text": _("Write your message.")})
    if concern.events.filter(kind=Event.FOLLOW_UP).exists():
        raise rules.WrongStep(_("You have already sent a message about this concern."))
    _once(concern, Event.FOLLOW_UP, worker=worker, now=timezone.now(), text=text)
    return concern


@dataclass(frozen=True)
class Verdict:
    reopened: bool


@transaction.atomic
def concern_verdict(*, concern: Concern, worker: PeerWorker, sorted_out: bool) -> Concern:
    """After the answer: "this was sorted" closes it; "this was not sorted" reopens it, once, with a
    fresh deadline. Said a second time, "not sorted" closes it, and the report counts it."""
    concern = _theirs(concern, worker)
    if concern.status != Concern.Status.ANSWERED:
        raise rules.WrongStep(_("You can say this once the concern has an answer."))
    now = timezone.now()
    reopen = not sorted_out and concern.reopened_at is None
    if sorted_out:
        _once(concern, Event.SORTED, worker=worker, now=now)
        concern.verdict, concern.status, concern.closed_at = (
            Concern.Verdict.SORTED,
            Concern.Status.CLOSED,
            now,
        )
    elif reopen:
        _once(concern, Event.NOT_SORTED, worker=worker, now=now)
        concern.verdict = Concern.Verdict.NOT_SORTED
        concern.status = Concern.Status.WITH_DEPARTMENT if concern.handler_id else Concern.Status.RAISED
        concern.reopened_at = now
        concern.due_on = timezone.localdate(now) + timedelta(days=concern.deadline_days)
    else:
        _event(
            concern, Event.CLOSED, now=now, by_worker=worker, text="Not sorted, after it was reopened once."
        )
        concern.verdict, concern.status, concern.closed_at = (
            Concern.Verdict.NOT_SORTED,
            Concern.Status.CLOSED,
            now,
        )
    save(concern, actor=None, reason="Reopened by the peer worker" if reopen else "The peer worker's verdict")
    return concern


# --- Deadlines ------------------------------------------------------------------------------


def _severity(*, today: date, due_on: date, days: int) -> int:
    """Past the deadline: a notice; past twice the deadline: a warning; past three times: urgent."""
    late = (today - due_on).days
    if late > 2 * days:
        return Severity.URGENT
    if late > days:
        return Severity.WARNING
    return Severity.NOTICE


def overdue_conditions(*, today: date) -> list[Condition]:
    """Every concern waiting for an answer due before today: one query, however many there are."""
    overdue = Concern.objects.overdue_on(today).values(
        "pk",
        "establishment_id",
        "due_on",
        "deadline_days",
        "department__name",
        "topic__name",
        "location__name",
    )
    conditions = []
    for row in overdue:
        late = (today - row["due_on"]).days
        summary = (
            f"Concern {row['pk']} for {row['department__name']} ({row['topic__name']}, {row['location__name']}) "
            f"was due {late} day{'s' if late != 1 else ''} ago and has no answer."
        )
        if len(summary) > Flag.SUMMARY_LENGTH:  # Truncator is slow (it translates its ellipsis)
            summary = Truncator(summary).chars(Flag.SUMMARY_LENGTH)
        conditions.append(
            Condition(
                kind=Kind.CONCERN_OVERDUE,
                key=overdue_flag_key(row["pk"]),
                establishment_id=row["establishment_id"],
                severity=_severity(today=today, due_on=row["due_on"], days=row["deadline_days"]),
                summary=summary,
                concern_id=row["pk"],
            )
        )
    return conditions


def concerns_overdue_sync(*, now: datetime | None = None) -> SyncResult:
    """Open one flag per overdue concern, escalate it at two and three times its deadline, and close
    the flags of concerns no longer waiting. Safe to run twice; its queries do not grow with rows."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    return flags_sync(
        kind=Kind.CONCERN_OVERDUE,
        conditions=overdue_conditions(today=today),
        now=now,
        refresh_summaries=True,
        resolutions={},
    )

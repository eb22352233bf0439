"""Every write to one-to-one support: one transaction each, attributed to the member of staff, or
to the mentor on the kiosk (the session names them).

A session recorded, corrected or archived, and a pair started or ended, queue a re-check of the
support flags after the change commits, so "no session for 14 days" closes within seconds.
"""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from peerwork.queue import after_commit
from peerwork.records import save
from schemes.models import PeerWorker, Scheme
from schemes.rules import RuleError
from support import rules, tasks
from support.models import (
    STAFF_END_REASONS,
    EndReason,
    Pair,
    ReadingProgress,
    ReadingStage,
    Session,
    default_stage_names,
)


def _recheck() -> None:
    after_commit(tasks.support_oversight)


# --- Pairs -----------------------------------------------------------------------------------


@transaction.atomic
def pair_create(
    *,
    scheme: Scheme,
    mentor: PeerWorker,
    supported: PeerWorker,
    started_on: date,
    consent: bool,
    actor: User,
    today: date | None = None,
) -> Pair:
    """Pair a mentor in role with a resident of the same prison, who agreed. Within the scheme's limit:
    the mentor's row is locked, so two pairings at once are counted one after the other."""
    today = today or timezone.localdate()
    if not consent:
        raise RuleError(
            {"consent": "Record that the resident agreed to be supported and to have sessions recorded."}
        )
    rules.check_scheme_works_one_to_one(scheme)
    PeerWorker.objects.select_for_update(no_key=True).get(pk=mentor.pk)
    rules.check_same_establishment(scheme=scheme, mentor=mentor, supported=supported)
    rules.check_mentor_in_role(mentor, scheme)
    rules.check_start(started_on, today)
    rules.check_within_limit(scheme=scheme, mentor=mentor)
    pair = Pair(
        establishment=scheme.establishment,
        scheme=scheme,
        mentor=mentor,
        supported=supported,
        started_on=started_on,
        consent=consent,
        created_by=actor,
        created_at=timezone.now(),
    )
    save(pair, actor=actor)
    _recheck()
    return pair


def _end(pair: Pair, *, ended_on: date, reason: str, note: str, actor: User | None) -> None:
    pair.ended_on = max(ended_on, pair.started_on)
    pair.end_reason, pair.end_note, pair.ended_by = reason, note, actor
    save(pair, actor=actor, reason=str(EndReason(reason).label))


@transaction.atomic
def pair_end(*, pair: Pair, reason: str, actor: User, note: str = "", ended_on: date | None = None) -> Pair:
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    rules.check_open(pair)
    if reason not in STAFF_END_REASONS:
        raise RuleError({"reason": "Choose why the pair ended."})
    if reason == EndReason.OTHER and not note.strip():
        raise RuleError({"note": "Say why the pair ended."})
    ended_on = ended_on or timezone.localdate()
    if ended_on < pair.started_on or ended_on > timezone.localdate():
        raise RuleError({"ended_on": "Enter a day between the day the pair started and today."})
    _end(pair, ended_on=ended_on, reason=reason, note=note.strip(), actor=actor)
    _recheck()
    return pair


@transaction.atomic
def pairs_end_for_system_reason(
    *, pairs: "list[Pair]", reason: str, ended_on: date, actor: User | None
) -> int:
    """The mentor's role ended, or the mentor or the resident left the prison: their pairs end."""
    for pair in pairs:
        _end(pair, ended_on=ended_on, reason=reason, note="", actor=actor)
    if pairs:
        _recheck()
    return len(pairs)


@transaction.atomic
def pair_finish_plan(*, pair: Pair, finished_on: date, actor: User) -> Pair:
    """Toe by Toe: the learner finished the reading plan, the milestone the certificate marks."""
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    if pair.finished_plan_on is not None:
        raise rules.WrongStep("The finished plan is already recorded.")
    if not pair.started_on <= finished_on <= timezone.localdate():
        raise RuleError({"finished_on": "Enter a day between the day the pair started and today."})
    pair.finished_plan_on = finished_on
    save(pair, actor=actor, reason="Finished the reading plan")
    return pair


# --- Sessions --------------------------------------------------------------------------------


def _check_session(held: bool, minutes: int | None, not_held_because: str) -> None:
    if held and not minutes:
        raise RuleError({"minutes": _("Choose about how long you met.")})
    if not held and not not_held_because:
        raise RuleError({"not_held_because": _("Choose why it did not happen.")})


@transaction.atomic
def session_record(
    *,
    pair: Pair,
    on: date,
    held: bool,
    minutes: int | None = None,
    not_held_because: str = "",
    staff_note: str = "",
    by_worker: PeerWorker | None = None,
    actor: User | None = None,
) -> Session:
    """A session held (about how long) or not (why), by the mentor on the kiosk or by staff.
    One a day per pair: a second for the same day is refused (the database decides a double tap)."""
    if by_worker is not None and by_worker.pk != pair.mentor_id:
        raise rules.WrongStep(_("This is not one of your pairs."))
    rules.check_open(pair)
    rules.check_session_day(pair, on, timezone.localdate())
    _check_session(held, minutes, not_held_because)
    session = Session(
        pair=pair,
        on=on,
        held=held,
        minutes=minutes if held else None,
        not_held_because="" if held else not_held_because,
        staff_note=staff_note.strip() if by_worker is None else "",
        recorded_by_worker=by_worker,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    save(session, actor=actor, reason="Recorded on the kiosk" if by_worker else "Recorded in the office")
    _recheck()
    return session


@transaction.atomic
def session_correct(
    *,
    session: Session,
    actor: User,
    held: bool,
    minutes: int | None = None,
    not_held_because: str = "",
    staff_note: str = "",
) -> Session:
    """Staff correct a session: the history keeps what it said before, and who changed it."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.is_archived:
        raise rules.WrongStep("This session was archived.")
    _check_session(held, minutes, not_held_because)
    session.held = held
    session.minutes = minutes if held else None
    session.not_held_because = "" if held else not_held_because
    session.staff_note = staff_note.strip()
    save(session, actor=actor, reason="Corrected")
    _recheck()
    return session


@transaction.atomic
def session_archive(*, session: Session, actor: User, now: datetime | None = None) -> Session:
    """Recorded by mistake: archived, never deleted, with who and when."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.is_archived:
        raise rules.WrongStep("This session is already archived.")
    session.archived_at, session.archived_by = now or timezone.now(), actor
    save(session, actor=actor, reason="Archived")
    _recheck()
    return session


# --- Reading progress (Toe by Toe) -----------------------------------------------------------


@transaction.atomic
def reading_stages_ensure(*, scheme: Scheme, actor: User) -> list[ReadingStage]:
    """A Toe by Toe scheme starts with a neutral numbered plan that staff rename. Safe to run twice."""
    stages = list(ReadingStage.objects.filter(scheme=scheme, archived_at=None))
    if stages or not scheme.works_one_to_one or scheme.preset != "toe-by-toe":
        return stages
    for number, name in enumerate(default_stage_names(), start=1):
        stage = ReadingStage(scheme=scheme, number=number, name=name)
        save(stage, actor=actor, reason="The plan's first stages")
        stages.append(stage)
    return stages


@transaction.atomic
def reading_stage_rename(*, stage: ReadingStage, name: str, actor: User) -> ReadingStage:
    name = " ".join(name.split())
    if not name:
        raise RuleError({"name": "Enter the stage's name."})
    stage.name = name
    save(stage, actor=actor, reason="Renamed")
    return stage


@transaction.atomic
def progress_record(*, pair: Pair, stage: ReadingStage, reached_on: date, actor: User) -> ReadingProgress:
    if stage.scheme_id != pair.scheme_id or stage.is_archived:
        raise RuleError({"stage": "Choose a stage of this scheme's reading plan."})
    if not pair.started_on <= reached_on <= timezone.localdate():
        raise RuleError({"reached_on": "Enter a day between the day the pair started and today."})
    progress = ReadingProgress(
        pair=pair, stage=stage, reached_on=reached_on, recorded_by=actor, recorded_at=timezone.now()
    )
    save(progress, actor=actor)
    return progress

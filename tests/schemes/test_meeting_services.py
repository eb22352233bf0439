"""Supervision meeting services, against the database: schedule, hold, cancel, move, generate."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from flags.models import Flag
from schemes.models import SupervisionMeeting
from schemes.services import contracts as contract_services
from schemes.services.meetings import (
    meeting_cancel,
    meeting_move,
    meeting_record_held,
    meeting_schedule,
    meetings_generate,
)
from schemes.services.schemes import scheme_lead_add
from tests.factories import PeerWorkerFactory

LONDON = ZoneInfo("Europe/London")
Status = SupervisionMeeting.Status


def at(day: str, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=LONDON)


def local(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %a %H:%M}"


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(at("2026-11-23"), tick=False)  # a Monday


@pytest.fixture
def eager_tasks():
    """Queued tasks run in this process when queued, as a worker would run them."""
    from peerwork.celery import app

    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


@pytest.fixture
def awaiting_worker(listeners, coordinator, establishment, wing):
    """Issued a Listener contract but not signed it yet."""
    person = PeerWorkerFactory(
        first_name="Sam", last_name="Awaiting", establishment=establishment, location=wing
    )
    contract_services.contract_issue(
        worker=person, scheme=listeners, actor=coordinator, start_date=date(2026, 11, 20)
    )
    return person


@pytest.fixture
def stranger(establishment):
    """In the same prison, on no scheme."""
    return PeerWorkerFactory(first_name="Pat", last_name="Stranger", establishment=establishment)


def schedule(scheme, actor, starts_at, **extra):
    return meeting_schedule(
        scheme=scheme,
        starts_at=starts_at,
        place=extra.pop("place", "Chapel"),
        lead=actor,
        actor=actor,
        **extra,
    )


# --- Scheduling ------------------------------------------------------------------------------


def test_scheduling_invites_everyone_in_role_and_nobody_else(
    listeners, coordinator, active_contract, awaiting_worker, stranger
):
    meeting = schedule(listeners, coordinator, at("2026-11-30"))
    assert meeting.status == Status.SCHEDULED
    assert list(meeting.invited.all()) == [active_contract.worker]
    assert meeting.created_by == coordinator
    assert meeting.history.get().history_user == coordinator


def test_someone_awaiting_signature_can_be_invited_but_not_a_stranger(
    listeners, coordinator, active_contract, awaiting_worker, stranger
):
    meeting = schedule(listeners, coordinator, at("2026-11-30"), invited=[awaiting_worker])
    assert list(meeting.invited.all()) == [awaiting_worker]

    with pytest.raises(ValidationError) as refused:
        schedule(listeners, coordinator, at("2026-12-01"), invited=[active_contract.worker, stranger])
    assert refused.value.message_dict["invited"] == [
        "Pat Stranger: no open Listeners contract, so cannot be invited."
    ]
    assert SupervisionMeeting.objects.count() == 1


def test_a_lead_who_does_not_work_here_is_refused_next_to_the_lead(listeners, coordinator, outsider):
    with pytest.raises(ValidationError) as refused:
        meeting_schedule(
            scheme=listeners, starts_at=at("2026-11-30"), place="", lead=outsider, actor=coordinator
        )
    assert refused.value.message_dict["lead"] == [f"{outsider} does not work in HMP Alpha."]
    assert not SupervisionMeeting.objects.exists()


def test_a_time_without_a_zone_is_a_programming_error(listeners, coordinator):
    with pytest.raises(ValueError):
        schedule(listeners, coordinator, datetime(2026, 11, 30, 10, 0))


# --- Cancelling ------------------------------------------------------------------------------


def test_a_cancellation_needs_a_reason_and_changes_nothing_without_one(listeners, coordinator, eager_tasks):
    meeting = schedule(listeners, coordinator, at("2026-11-30"))
    with pytest.raises(ValidationError) as refused:
        meeting_cancel(meeting=meeting, reason="   ", actor=coordinator)
    assert refused.value.message_dict["reason"] == ["Say why the meeting is cancelled."]
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancelled_by, meeting.cancelled_at) == (Status.SCHEDULED, None, None)
    assert meeting.history.count() == 1
    assert not Flag.objects.exists()


def test_a_cancellation_records_why_who_and_when_and_flags_the_scheme_once_committed(
    listeners, coordinator, active_contract, eager_tasks, django_capture_on_commit_callbacks
):
    meeting = schedule(listeners, coordinator, at("2026-11-30"))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        meeting_cancel(meeting=meeting, reason=" Lead redeployed to B wing ", actor=coordinator)
        assert not Flag.objects.exists()  # not before the cancellation commits

    assert len(callbacks) == 1
    meeting.refresh_from_db()
    assert meeting.status == Status.CANCELLED
    assert meeting.cancelled_reason == "Lead redeployed to B wing"
    assert meeting.cancelled_by == coordinator
    assert meeting.cancelled_at == timezone.now()
    assert meeting.history.first().history_change_reason == "Cancelled"
    flag = Flag.objects.get(kind=Flag.Kind.MEETINGS_CANCELLED, scheme=listeners, resolved_at__isnull=True)
    assert flag.meeting == meeting
    assert flag.severity == Flag.Severity.WARNING


def test_a_meeting_already_held_cannot_be_cancelled(listeners, coordinator, active_contract):
    meeting = schedule(listeners, coordinator, at("2026-11-23", 9))
    meeting_record_held(meeting=meeting, attended=[active_contract.worker], notes="", actor=coordinator)
    with pytest.raises(ValidationError, match="This meeting is held: only a scheduled one can change."):
        meeting_cancel(meeting=meeting, reason="Changed our minds", actor=coordinator)
    meeting.refresh_from_db()
    assert meeting.status == Status.HELD
    assert meeting.cancelled_reason == ""


# --- Holding ---------------------------------------------------------------------------------


def test_holding_a_later_meeting_resolves_the_cancelled_flag_once_committed(
    listeners, coordinator, active_contract, eager_tasks, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(at("2026-11-16"), tick=False)
    cancelled = schedule(listeners, coordinator, at("2026-11-16", 14))
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(meeting=cancelled, reason="Lockdown", actor=coordinator)
    flag = Flag.objects.get(kind=Flag.Kind.MEETINGS_CANCELLED)
    assert flag.is_open

    time_machine.move_to(at("2026-11-23"), tick=False)
    meeting = schedule(listeners, coordinator, at("2026-11-23", 9))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        meeting_record_held(meeting=meeting, attended=[active_contract.worker], notes="", actor=coordinator)
        flag.refresh_from_db()
        assert flag.is_open

    assert len(callbacks) == 1
    flag.refresh_from_db()
    assert not flag.is_open
    assert flag.resolved_by is None


def test_holding_records_attendance_and_notes_in_one_history_entry(
    listeners, coordinator, active_contract, awaiting_worker
):
    meeting = schedule(listeners, coordinator, at("2026-11-23", 9))
    meeting_record_held(
        meeting=meeting,
        attended=[active_contract.worker],
        notes="  Agreed the Christmas rota.  ",
        actor=coordinator,
    )
    meeting.refresh_from_db()
    assert meeting.status == Status.HELD
    assert meeting.notes == "Agreed the Christmas rota."
    assert list(meeting.attended.all()) == [active_contract.worker]
    held = meeting.history.first()
    assert meeting.history.count() == 2
    assert (held.history_change_reason, held.history_user, held.status) == ("Held", coordinator, "held")
    assert [row.peerworker for row in held.attended.all()] == [active_contract.worker]


def test_someone_in_role_but_not_invited_can_attend_but_a_stranger_cannot(
    listeners, coordinator, active_contract, awaiting_worker, stranger
):
    meeting = schedule(listeners, coordinator, at("2026-11-23", 9), invited=[awaiting_worker])
    with pytest.raises(ValidationError) as refused:
        meeting_record_held(meeting=meeting, attended=[stranger], notes="", actor=coordinator)
    assert refused.value.message_dict["attended"] == [
        "Pat Stranger: not invited and not in role on Listeners."
    ]
    meeting.refresh_from_db()
    assert meeting.status == Status.SCHEDULED

    meeting_record_held(
        meeting=meeting, attended=[awaiting_worker, active_contract.worker], notes="", actor=coordinator
    )
    assert set(meeting.attended.all()) == {awaiting_worker, active_contract.worker}


def test_a_meeting_with_nobody_there_is_not_held(listeners, coordinator, active_contract):
    meeting = schedule(listeners, coordinator, at("2026-11-23", 9))
    with pytest.raises(ValidationError) as refused:
        meeting_record_held(meeting=meeting, attended=[], notes="", actor=coordinator)
    assert "If nobody came, cancel the meeting" in refused.value.message_dict["attended"][0]


def test_a_meeting_cannot_be_recorded_before_its_day_but_can_later_that_day(
    listeners, coordinator, active_contract
):
    tomorrow = schedule(listeners, coordinator, at("2026-11-24", 9))
    with pytest.raises(ValidationError, match="This meeting is on 24 November 2026 at 09:00"):
        meeting_record_held(meeting=tomorrow, attended=[active_contract.worker], notes="", actor=coordinator)

    this_afternoon = schedule(listeners, coordinator, at("2026-11-23", 15))
    this_afternoon = meeting_record_held(
        meeting=this_afternoon, attended=[active_contract.worker], notes="", actor=coordinator
    )
    assert this_afternoon.status == Status.HELD


# --- Moving ----------------------------------------------------------------------------------


def test_moving_makes_a_new_meeting_and_keeps_the_link_both_ways(
    listeners, coordinator, manager, active_contract, awaiting_worker
):
    meeting = schedule(
        listeners, coordinator, at("2026-11-30"), invited=[active_contract.worker, awaiting_worker]
    )
    new = meeting_move(meeting=meeting, new_starts_at=at("2026-12-02", 14, 30), actor=manager)

    meeting.refresh_from_db()
    assert meeting.status == Status.MOVED
    assert meeting.moved_to == new
    assert new.moved_from == meeting
    assert new.status == Status.SCHEDULED
    assert (new.scheme, new.lead, new.place, new.created_by) == (listeners, coordinator, "Chapel", manager)
    assert set(new.invited.all()) == {active_contract.worker, awaiting_worker}
    assert meeting.history.first().history_change_reason == "Moved to 2 December 2026 at 14:30"
    assert new.history.get().history_change_reason == "Moved from 30 November 2026 at 10:00"


def test_a_move_can_change_the_place(listeners, coordinator):
    meeting = schedule(listeners, coordinator, at("2026-11-30"))
    new = meeting_move(meeting=meeting, new_starts_at=at("2026-12-01"), place="Library", actor=coordinator)
    assert new.place == "Library"


def test_a_move_to_the_same_time_or_of_a_moved_meeting_is_refused(listeners, coordinator):
    meeting = schedule(listeners, coordinator, at("2026-11-30"))
    with pytest.raises(ValidationError) as refused:
        meeting_move(meeting=meeting, new_starts_at=at("2026-11-30"), actor=coordinator)
    assert refused.value.message_dict["new_starts_at"] == [
        "The meeting is already on 30 November 2026 at 10:00."
    ]

    meeting_move(meeting=meeting, new_starts_at=at("2026-12-01"), actor=coordinator)
    with pytest.raises(ValidationError, match="only a scheduled one can change"):
        meeting_move(meeting=meeting, new_starts_at=at("2026-12-03"), actor=coordinator)
    assert SupervisionMeeting.objects.count() == 2


# --- Generating from the cadence ---------------------------------------------------------------


def test_generation_follows_the_cadence_from_the_latest_meeting_at_its_time(
    listeners, coordinator, active_contract
):
    held = schedule(listeners, coordinator, at("2026-11-20", 14))  # a Friday; Listeners meet every 14 days
    meeting_record_held(meeting=held, attended=[active_contract.worker], notes="", actor=coordinator)

    created = meetings_generate(scheme=listeners, actor=coordinator)

    assert [local(m.starts_at) for m in created] == [
        "2026-12-04 Fri 14:00",
        "2026-12-18 Fri 14:00",
        "2027-01-01 Fri 14:00",
    ]
    assert {m.lead for m in created} == {coordinator}
    assert {m.place for m in created} == {"Chapel"}
    assert all(list(m.invited.all()) == [active_contract.worker] for m in created)


def test_generating_again_carries_on_after_the_last_generated_meeting(listeners, coordinator):
    meetings_generate(scheme=listeners, actor=coordinator, count=2)
    more = meetings_generate(scheme=listeners, actor=coordinator, count=1)
    assert [local(m.starts_at) for m in SupervisionMeeting.objects.order_by("starts_at")] == [
        "2026-11-24 Tue 10:00",
        "2026-12-08 Tue 10:00",
        "2026-12-22 Tue 10:00",
    ]
    assert len(more) == 1


def test_with_no_meeting_yet_generation_starts_the_next_weekday_at_ten(listeners, coordinator, time_machine):
    time_machine.move_to(at("2026-11-27", 16), tick=False)  # a Friday afternoon
    created = meetings_generate(scheme=listeners, actor=coordinator, count=1)
    assert [local(m.starts_at) for m in created] == ["2026-11-30 Mon 10:00"]


def test_a_slot_on_a_weekend_moves_to_the_monday_and_the_cadence_counts_on_from_there(listeners, coordinator):
    created = meetings_generate(
        scheme=listeners, actor=coordinator, first_at=at("2026-11-28", 11)
    )  # Saturday
    assert [local(m.starts_at) for m in created] == [
        "2026-11-30 Mon 11:00",
        "2026-12-14 Mon 11:00",
        "2026-12-28 Mon 11:00",
    ]


def test_a_latest_meeting_long_past_does_not_generate_meetings_in_the_past(
    listeners, coordinator, active_contract, time_machine
):
    time_machine.move_to(at("2026-06-01"), tick=False)
    schedule(listeners, coordinator, at("2026-06-01", 14), invited=[])
    time_machine.move_to(at("2026-11-23"), tick=False)
    created = meetings_generate(scheme=listeners, actor=coordinator, count=2)
    assert [local(m.starts_at) for m in created] == ["2026-11-24 Tue 14:00", "2026-12-08 Tue 14:00"]


def test_generation_never_adds_a_meeting_on_a_day_that_has_one(listeners, coordinator):
    existing = schedule(listeners, coordinator, at("2026-12-14", 15))
    first_at = at("2026-11-30")

    created = meetings_generate(scheme=listeners, actor=coordinator, first_at=first_at)
    again = meetings_generate(scheme=listeners, actor=coordinator, first_at=first_at)

    assert [local(m.starts_at) for m in created] == ["2026-11-30 Mon 10:00", "2026-12-28 Mon 10:00"]
    assert again == []
    assert SupervisionMeeting.objects.filter(starts_at__date=date(2026, 12, 14)).get() == existing


def test_a_cancelled_meetings_day_can_have_a_new_meeting(listeners, coordinator):
    cancelled = schedule(listeners, coordinator, at("2026-11-30"))
    meeting_cancel(meeting=cancelled, reason="Lockdown", actor=coordinator)
    created = meetings_generate(scheme=listeners, actor=coordinator, first_at=at("2026-11-30"), count=1)
    assert [local(m.starts_at) for m in created] == ["2026-11-30 Mon 10:00"]


def test_generated_meetings_keep_their_local_time_across_the_clock_change(listeners, coordinator):
    created = meetings_generate(scheme=listeners, actor=coordinator, first_at=at("2027-03-15"), count=2)
    assert [local(m.starts_at) for m in created] == ["2027-03-15 Mon 10:00", "2027-03-29 Mon 10:00"]
    assert [m.starts_at.astimezone(ZoneInfo("UTC")).hour for m in created] == [10, 9]


def test_generation_needs_a_staff_lead_and_a_running_scheme(buddies, manager, schemes):
    with pytest.raises(ValidationError, match="Buddies has no staff lead"):
        meetings_generate(scheme=buddies, actor=manager)

    scheme_lead_add(scheme=buddies, user=manager, actor=manager)
    buddies.is_active = False
    buddies.save()
    with pytest.raises(ValidationError, match="Buddies is not running"):
        meetings_generate(scheme=buddies, actor=manager)
    assert not SupervisionMeeting.objects.exists()


def test_generated_meetings_are_led_by_the_longest_serving_lead(
    listeners, coordinator, manager, system_admin
):
    scheme_lead_add(scheme=listeners, user=manager, actor=system_admin)
    created = meetings_generate(scheme=listeners, actor=manager, count=1)
    assert created[0].lead == coordinator
    assert created[0].created_by == manager

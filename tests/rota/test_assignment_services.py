"""Putting Listeners on shifts, taking them off and covering: every change attributed, nothing
deleted, and a refused change leaves the rota as it was."""

from datetime import datetime

import pytest
from django.core.exceptions import ValidationError

from rota.models import Assignment, RotaWeek
from rota.rules import NotAvailableUnderContract, ShiftsOverlap
from rota.services.assignments import (
    assignment_add,
    assignment_cover,
    assignment_cover_withdraw,
    assignment_needs_cover,
    assignment_remove,
)
from rota.services.setup import cover_point_archive
from schemes.models import Contract
from tests.rota.conftest import LONDON, WEEK, on


@pytest.fixture
def amir_on_monday_night(pattern, amir, night, a_point, coordinator):
    return assignment_add(
        rota=pattern, day=on(0), shift_type=night, cover_point=a_point, contract=amir, actor=coordinator
    )


def test_adding_starts_the_week_and_copies_the_shift_times(amir_on_monday_night, amir, coordinator):
    assignment = amir_on_monday_night
    assert assignment.week.starts_on == WEEK
    assert assignment.week.history.get().history_user == coordinator
    assert assignment.starts_at == datetime(2026, 11, 23, 21, tzinfo=LONDON)
    assert assignment.ends_at == datetime(2026, 11, 24, 7, tzinfo=LONDON)
    assert assignment.worker == amir.worker
    record = assignment.history.get()
    assert (record.history_user, record.history_change_reason) == (coordinator, "Added")


def test_a_second_assignment_reuses_the_week(amir_on_monday_night, pattern, bea, night, b_point, coordinator):
    second = assignment_add(
        rota=pattern, day=on(0), shift_type=night, cover_point=b_point, contract=bea, actor=coordinator
    )
    assert second.week == amir_on_monday_night.week
    assert RotaWeek.objects.count() == 1


def test_a_retired_place_takes_no_new_listeners(pattern, amir, night, a_point, coordinator):
    cover_point_archive(cover_point=a_point, actor=coordinator)
    a_point.refresh_from_db()
    with pytest.raises(ValidationError, match="A wing no longer needs cover on this rota."):
        assignment_add(
            rota=pattern, day=on(0), shift_type=night, cover_point=a_point, contract=amir, actor=coordinator
        )
    assert not Assignment.objects.exists()


def test_taking_a_listener_off_keeps_the_row_with_who_when_and_why(amir_on_monday_night, manager):
    assignment = assignment_remove(assignment=amir_on_monday_night, actor=manager, reason="Moved to the VPU")
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.REMOVED
    assert (assignment.removed_by, assignment.removed_reason) == (manager, "Moved to the VPU")
    assert assignment.removed_at is not None
    assert assignment.history.first().history_change_reason == "Taken off: Moved to the VPU"
    assert Assignment.objects.count() == 1


def test_taking_off_needs_a_reason(amir_on_monday_night, manager):
    with pytest.raises(ValidationError) as excinfo:
        assignment_remove(assignment=amir_on_monday_night, actor=manager, reason="  ")
    assert excinfo.value.message_dict == {"reason": ["Say why they are coming off this shift."]}
    amir_on_monday_night.refresh_from_db()
    assert amir_on_monday_night.status == Assignment.Status.ON


def test_cover_keeps_the_original_and_links_the_replacement(amir_on_monday_night, bea, coordinator):
    assignment_needs_cover(assignment=amir_on_monday_night, actor=coordinator, reason="Unwell")
    cover = assignment_cover(assignment=amir_on_monday_night, contract=bea, actor=coordinator)

    original = Assignment.objects.get(pk=amir_on_monday_night.pk)
    assert cover.cover_for == original
    assert original.covered_by == cover
    assert (cover.worker.full_name, cover.status) == ("Bea Lowe", Assignment.Status.ON)
    assert (cover.day, cover.shift_type, cover.cover_point) == (
        original.day,
        original.shift_type,
        original.cover_point,
    )
    assert original.status == Assignment.Status.REMOVED
    assert original.removed_reason == "Covered by Bea Lowe"
    reasons = [r.history_change_reason for r in original.history.order_by("history_date", "history_id")]
    assert reasons == ["Added", "Needs cover: Unwell", "Taken off: Covered by Bea Lowe"]


def test_the_replacement_must_pass_every_rule_or_nothing_changes(
    amir_on_monday_night, listener, bea, pattern, night, b_point, coordinator
):
    assignment_needs_cover(assignment=amir_on_monday_night, actor=coordinator, reason="Unwell")
    suspended = listener("Cy", "Moss", status=Contract.Status.SUSPENDED)
    with pytest.raises(NotAvailableUnderContract):
        assignment_cover(assignment=amir_on_monday_night, contract=suspended, actor=coordinator)

    assignment_add(
        rota=pattern, day=on(0), shift_type=night, cover_point=b_point, contract=bea, actor=coordinator
    )
    with pytest.raises(ShiftsOverlap, match="Bea Lowe is already on Night at B wing on Mon 23 Nov."):
        assignment_cover(assignment=amir_on_monday_night, contract=bea, actor=coordinator)

    amir_on_monday_night.refresh_from_db()
    assert amir_on_monday_night.status == Assignment.Status.NEEDS_COVER
    assert Assignment.objects.filter(cover_for__isnull=False).count() == 0


def test_the_listener_who_needs_cover_cannot_cover_themselves(amir_on_monday_night, amir, coordinator):
    assignment_needs_cover(assignment=amir_on_monday_night, actor=coordinator, reason="Visit")
    with pytest.raises(
        ValidationError, match="Amir Khan is the Listener who needs cover. Choose someone else."
    ):
        assignment_cover(assignment=amir_on_monday_night, contract=amir, actor=coordinator)


def test_cover_is_chosen_only_once_the_shift_needs_it(amir_on_monday_night, bea, coordinator):
    with pytest.raises(ValidationError, match="Mark the shift as needing cover"):
        assignment_cover(assignment=amir_on_monday_night, contract=bea, actor=coordinator)


def test_a_listener_who_can_do_it_after_all_is_back_on(amir_on_monday_night, coordinator):
    assignment_needs_cover(assignment=amir_on_monday_night, actor=coordinator, reason="Visit")
    assignment = assignment_cover_withdraw(assignment=amir_on_monday_night, actor=coordinator)
    assert assignment.status == Assignment.Status.ON


def test_a_shift_that_has_ended_cannot_ask_for_cover(amir_on_monday_night, coordinator, time_machine):
    time_machine.move_to(datetime(2026, 11, 24, 7, tzinfo=LONDON), tick=False)
    with pytest.raises(ValidationError, match="Night at A wing on Mon 23 Nov has already ended."):
        assignment_needs_cover(assignment=amir_on_monday_night, actor=coordinator, reason="Late")

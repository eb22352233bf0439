"""Each rule at its boundary, through the service a coordinator's click calls: what passes on one
side of the line is refused, in plain words, on the other, and a refusal saves nothing."""

from datetime import date, time

import pytest

from rota.models import Assignment, ListenerTraining, RotaWeek
from rota.rules import (
    NotAvailableUnderContract,
    NotTrained,
    ShiftsOverlap,
    TooManyNightsInARow,
    WeeklyCapReached,
)
from rota.services import setup
from rota.services.assignments import assignment_add, assignment_remove
from schemes.models import Contract
from schemes.services.contracts import contract_suspend
from tests.rota.conftest import NOW, make_listener, on


@pytest.fixture
def add(rota, pattern, coordinator):
    """`add(contract, day, shift_type, cover_point)` through the service."""

    def assign(contract, day, shift_type, cover_point):
        return assignment_add(
            rota=rota,
            day=day,
            shift_type=shift_type,
            cover_point=cover_point,
            contract=contract,
            actor=coordinator,
        )

    return assign


def refusal(excinfo) -> str:
    return " ".join(excinfo.value.message_dict["listener"])


def nothing_saved_beyond(count: int) -> bool:
    return Assignment.objects.count() == count


# --- An active Listener contract ----------------------------------------------------------


def test_a_suspended_listener_is_refused_and_nothing_is_saved(add, amir, night, a_point, coordinator):
    contract_suspend(
        contract=amir,
        starts_on=date(2026, 11, 20),
        ends_on=None,
        is_paid=False,
        reason="Adjudication",
        actor=coordinator,
    )
    with pytest.raises(NotAvailableUnderContract) as excinfo:
        add(amir, on(0), night, a_point)
    assert refusal(excinfo) == "Amir Khan's Listener contract is suspended, so they cannot be on the rota."
    assert not Assignment.objects.exists()
    assert not RotaWeek.objects.exists()


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (
            Contract.Status.AWAITING_SIGNATURE,
            "Amir Khan's Listener contract has not been signed yet, so they cannot be on the rota.",
        ),
        (Contract.Status.ENDED, "Amir Khan's Listener contract has ended."),
        (Contract.Status.EXPIRED, "Amir Khan's Listener contract has expired."),
    ],
)
def test_only_an_active_contract_puts_a_listener_on_the_rota(add, listener, night, a_point, status, message):
    contract = listener("Amir", "Khan", status=status)
    with pytest.raises(NotAvailableUnderContract) as excinfo:
        add(contract, on(0), night, a_point)
    assert refusal(excinfo) == message


def test_the_contract_must_have_started_by_the_day(add, listener, night, a_point):
    contract = listener("Amir", "Khan", start=on(2))
    with pytest.raises(NotAvailableUnderContract) as excinfo:
        add(contract, on(1), night, a_point)
    assert refusal(excinfo) == "Amir Khan's Listener contract starts on 25 November 2026, after Tue 24 Nov."
    assert add(contract, on(2), night, a_point).day == on(2)


def test_the_contract_must_not_have_reached_its_end_date(add, listener, night, a_point):
    contract = listener("Amir", "Khan", start=date(2026, 6, 1), end=on(3))
    assert add(contract, on(2), night, a_point).day == on(2)
    with pytest.raises(NotAvailableUnderContract) as excinfo:
        add(contract, on(3), night, a_point)
    assert refusal(excinfo) == (
        "Amir Khan's Listener contract ends on 26 November 2026, so they cannot be on the rota on Thu 26 Nov."
    )


def test_a_listener_of_another_scheme_is_refused(add, buddies, coordinator, night, a_point):
    contract = make_listener(buddies, coordinator, first_name="Cal", last_name="Ince")
    with pytest.raises(NotAvailableUnderContract) as excinfo:
        add(contract, on(0), night, a_point)
    assert refusal(excinfo) == "Cal Ince's contract is not for the Listener scheme."


# --- Training ---------------------------------------------------------------------------


def test_a_listener_with_no_training_recorded_is_refused(add, listener, night, a_point):
    contract = listener("Amir", "Khan", trained=False)
    with pytest.raises(NotTrained) as excinfo:
        add(contract, on(0), night, a_point)
    assert (
        refusal(excinfo)
        == "Amir Khan has no Listener training recorded. Record their Samaritans training first."
    )


def test_training_valid_until_the_day_covers_that_day_but_not_the_next(
    add, listener, coordinator, night, a_point
):
    contract = listener("Amir", "Khan", trained=False)
    setup.training_record(
        rota=a_point.rota,
        worker=contract.worker,
        actor=coordinator,
        completed_on=date(2025, 1, 10),
        valid_until=on(1),
    )
    assert add(contract, on(1), night, a_point)
    with pytest.raises(NotTrained) as excinfo:
        add(contract, on(2), night, a_point)
    assert refusal(excinfo) == (
        "Amir Khan's Listener training ran out on 24 November 2026. Record their refresher first."
    )


def test_training_completed_after_the_day_does_not_count_yet(add, listener, coordinator, night, a_point):
    contract = listener("Amir", "Khan", trained=False)
    ListenerTraining.objects.create(
        worker=contract.worker,
        establishment_id=contract.worker.establishment_id,
        completed_on=on(3),
        recorded_by=coordinator,
        recorded_at=NOW,
    )
    with pytest.raises(NotTrained) as excinfo:
        add(contract, on(2), night, a_point)
    assert (
        refusal(excinfo)
        == "Amir Khan's Listener training is recorded from 26 November 2026, after Wed 25 Nov."
    )
    assert add(contract, on(3), night, a_point)


def test_training_is_not_checked_when_the_rota_does_not_ask_for_it(
    add, rota, listener, system_admin, night, a_point
):
    setup.rota_setup(
        establishment=rota.establishment,
        actor=system_admin,
        max_shifts_per_week=4,
        max_nights_in_a_row=2,
        requires_training=False,
    )
    rota.refresh_from_db()
    contract = listener("Amir", "Khan", trained=False)
    assert add(contract, on(0), night, a_point)


# --- Never two shifts at once ----------------------------------------------------------------


def test_a_listener_assigned_twice_at_once_is_refused_naming_the_clash(add, amir, night, a_point, b_point):
    add(amir, on(1), night, a_point)
    with pytest.raises(ShiftsOverlap) as excinfo:
        add(amir, on(1), night, b_point)
    assert refusal(excinfo) == "Amir Khan is already on Night at A wing on Tue 24 Nov."
    assert nothing_saved_beyond(1)


def test_a_shift_may_start_the_moment_the_night_before_ends(add, rota, system_admin, amir, night, a_point):
    early = setup.shift_type_add(
        rota=rota, actor=system_admin, name="Early", starts=time(7), ends=time(12), is_night=False
    )
    earlier = setup.shift_type_add(
        rota=rota, actor=system_admin, name="Dawn", starts=time(6, 59), ends=time(8), is_night=False
    )
    add(amir, on(0), night, a_point)  # Monday 21:00 to Tuesday 07:00
    assert add(amir, on(1), early, a_point)  # Tuesday 07:00
    with pytest.raises(ShiftsOverlap) as excinfo:
        add(amir, on(1), earlier, a_point)  # Tuesday 06:59
    assert refusal(excinfo) == "Amir Khan is already on Night at A wing on Mon 23 Nov."


def test_a_sunday_night_clashes_with_the_next_weeks_monday_morning(
    add, rota, system_admin, amir, night, a_point
):
    dawn = setup.shift_type_add(
        rota=rota, actor=system_admin, name="Dawn", starts=time(6), ends=time(9), is_night=False
    )
    add(amir, on(6), night, a_point)  # Sunday 29 November, into Monday 30 November
    with pytest.raises(ShiftsOverlap):
        add(amir, date(2026, 11, 30), dawn, a_point)


def test_a_shift_taken_off_no_longer_clashes(add, amir, night, a_point, b_point, coordinator):
    first = add(amir, on(1), night, a_point)
    assignment_remove(assignment=first, actor=coordinator, reason="Moved to B wing")
    assert add(amir, on(1), night, b_point).status == Assignment.Status.ON


# --- A weekly limit -------------------------------------------------------------------------


def test_the_weekly_limit_allows_exactly_the_most_and_no_more(add, amir, day_shift, evening, a_point):
    for day in range(4):
        add(amir, on(day), day_shift, a_point)
    with pytest.raises(WeeklyCapReached) as excinfo:
        add(amir, on(4), evening, a_point)
    assert refusal(excinfo) == "Amir Khan already has 4 shifts in the week of 23 November (the most is 4)."
    assert nothing_saved_beyond(4)
    assert add(amir, date(2026, 11, 30), day_shift, a_point)  # next week starts afresh


def test_a_sunday_night_counts_in_the_week_it_starts(
    add, rota, system_admin, amir, day_shift, night, a_point
):
    setup.rota_setup(
        establishment=rota.establishment,
        actor=system_admin,
        max_shifts_per_week=1,
        max_nights_in_a_row=2,
        requires_training=True,
    )
    add(amir, on(6), night, a_point)
    assert add(amir, date(2026, 11, 30), day_shift, a_point)


# --- Nights in a row ---------------------------------------------------------------------------


def test_two_nights_in_a_row_are_allowed_and_a_third_is_refused(add, amir, night, a_point):
    add(amir, on(0), night, a_point)
    add(amir, on(1), night, a_point)
    with pytest.raises(TooManyNightsInARow) as excinfo:
        add(amir, on(2), night, a_point)
    assert (
        refusal(excinfo)
        == "Amir Khan would work 3 nights in a row (Mon 23 Nov to Wed 25 Nov); the most is 2."
    )
    assert add(amir, on(3), night, a_point)  # a night off in between resets the count


def test_a_night_between_two_others_is_refused(add, amir, night, a_point):
    add(amir, on(0), night, a_point)
    add(amir, on(2), night, a_point)
    with pytest.raises(TooManyNightsInARow) as excinfo:
        add(amir, on(1), night, a_point)
    assert "3 nights in a row (Mon 23 Nov to Wed 25 Nov)" in refusal(excinfo)


def test_nights_in_a_row_run_across_weeks(add, amir, night, a_point):
    add(amir, on(5), night, a_point)
    add(amir, on(6), night, a_point)
    with pytest.raises(TooManyNightsInARow) as excinfo:
        add(amir, date(2026, 11, 30), night, a_point)
    assert "(Sat 28 Nov to Mon 30 Nov)" in refusal(excinfo)


def test_a_day_shift_does_not_break_a_run_of_nights(add, amir, day_shift, night, a_point):
    add(amir, on(0), night, a_point)
    add(amir, on(1), night, a_point)
    add(amir, on(2), day_shift, a_point)
    with pytest.raises(TooManyNightsInARow):
        add(amir, on(2), night, a_point)

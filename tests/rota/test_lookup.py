"""The officer look-up: plain answers about one prisoner, and who is on duty now."""

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from listeners.lookup import Standing, listener_lookup, on_duty_now
from rota.models import Assignment, CoverPoint
from schemes.services import contracts as contract_services
from tests.factories import PeerWorkerFactory
from tests.rota.officer_fixtures import *  # noqa: F403  the fixtures
from tests.rota.officer_fixtures import MONDAY, WEDNESDAY, london

MAY_RESPOND = "Listeners may still respond to a request at any time."
THURSDAY = WEDNESDAY + timedelta(days=1)


def only_answer(establishment, query):
    result = listener_lookup(establishment=establishment, query=query)
    assert len(result.answers) == 1
    return result.answers[0]


@pytest.fixture
def at(time_machine):
    """`at(day, hour, minute)`: the clock stops at that London time."""

    def move(day, hour, minute=0):
        time_machine.move_to(london(day, hour, minute), tick=False)

    return move


# --- Answers -----------------------------------------------------------------------------


def test_a_listener_on_tonights_night_shift_is_told_so_in_the_afternoon(
    establishment, ellis, assign, shifts, points, at
):
    assign(ellis, WEDNESDAY, shifts["night"], points["b"])
    at(WEDNESDAY, 15)
    answer = only_answer(establishment, "A1234BC")
    assert answer.standing == Standing.CURRENT
    assert answer.headline == "Current Listener, contract until 1 April 2027."
    assert answer.detail == (
        f"On duty tonight: B wing, 21:00 to 07:00. Not on the rota until then; {MAY_RESPOND}"
    )
    assert answer.on_duty_now is None and answer.tonight is not None


def test_a_listener_on_the_night_shift_is_on_duty_tonight_during_it(
    establishment, ellis, assign, shifts, points, at
):
    assign(ellis, WEDNESDAY, shifts["night"], points["b"])
    at(WEDNESDAY, 23, 15)
    answer = only_answer(establishment, "A1234BC")
    assert answer.detail == "On duty tonight: B wing, 21:00 to 07:00."
    assert answer.on_duty_now.place == "B wing"


@pytest.mark.parametrize(
    ("hour", "minute", "on_duty"), [(6, 59, True), (7, 0, False)], ids=["06:59", "07:00"]
)
def test_the_night_shift_ends_at_seven_sharp(
    establishment, ellis, assign, shifts, points, at, hour, minute, on_duty
):
    assign(ellis, WEDNESDAY, shifts["night"], points["a"])
    at(THURSDAY, hour, minute)
    answer = only_answer(establishment, "A1234BC")
    assert (answer.on_duty_now is not None) is on_duty
    if on_duty:
        assert answer.detail == "On duty tonight: A wing, 21:00 to 07:00."
    else:
        assert answer.detail == f"Not on the rota now; {MAY_RESPOND}"


def test_a_day_shift_is_on_duty_now(establishment, ellis, assign, shifts, points, at):
    assign(ellis, WEDNESDAY, shifts["day"], points["a"])
    at(WEDNESDAY, 9)
    assert only_answer(establishment, "A1234BC").detail == "On duty now: A wing, 09:00 to 17:00."


def test_a_listener_off_the_rota_is_told_they_may_still_respond_and_when_they_are_next_on(
    establishment, ellis, assign, shifts, points, at
):
    assign(ellis, THURSDAY, shifts["evening"], points["a"])
    at(WEDNESDAY, 12)
    answer = only_answer(establishment, "A1234BC")
    assert answer.headline == "Current Listener, contract until 1 April 2027."
    assert answer.detail == f"Not on the rota now; {MAY_RESPOND}"
    assert answer.note == "Next on the rota: Thursday 5 November, A wing, 17:00 to 21:00."


def test_shifts_of_an_unpublished_week_are_not_shown(establishment, ellis, assign, shifts, points, at):
    assign(ellis, WEDNESDAY, shifts["day"], points["a"], published=False)
    at(WEDNESDAY, 10)
    answer = only_answer(establishment, "A1234BC")
    assert answer.on_duty_now is None
    assert answer.detail == f"Not on the rota now; {MAY_RESPOND}"


def test_a_removed_shift_is_not_shown(establishment, ellis, assign, shifts, points, at, coordinator):
    assignment = assign(ellis, WEDNESDAY, shifts["day"], points["a"])
    Assignment.objects.filter(pk=assignment.pk).update(
        status=Assignment.Status.REMOVED, removed_at=timezone.now(), removed_by=coordinator
    )
    at(WEDNESDAY, 10)
    assert only_answer(establishment, "A1234BC").on_duty_now is None


def test_a_shift_that_needs_cover_counts_until_someone_covers_it(
    establishment, ellis, okafor, assign, shifts, points, at
):
    original = assign(ellis, WEDNESDAY, shifts["night"], points["a"], status=Assignment.Status.NEEDS_COVER)
    at(WEDNESDAY, 22)
    answer = only_answer(establishment, "A1234BC")
    assert answer.detail == "On duty tonight: A wing, 21:00 to 07:00."
    assert answer.note == "Cover has been asked for this shift, so another Listener may come instead."

    assign(okafor, WEDNESDAY, shifts["night"], points["a"], cover_for=original)
    assert only_answer(establishment, "A1234BC").on_duty_now is None
    assert only_answer(establishment, "B2345CD").detail == "On duty tonight: A wing, 21:00 to 07:00."


def test_a_suspended_listener_is_not_on_duty_whatever_the_rota_says(
    establishment, ellis, assign, shifts, points, at, coordinator
):
    assign(ellis, WEDNESDAY, shifts["day"], points["a"])
    contract_services.contract_suspend(
        contract=ellis,
        starts_on=date(2026, 11, 3),
        ends_on=None,
        is_paid=False,
        reason="Review",
        actor=coordinator,
    )
    at(WEDNESDAY, 10)
    answer = only_answer(establishment, "A1234BC")
    assert answer.standing == Standing.SUSPENDED
    assert answer.headline == "Suspended from the Listener role."
    assert answer.detail == "Not acting as a Listener until the suspension is lifted, so not on duty."
    assert on_duty_now(establishment=establishment).places[0].duties == []


def test_a_prisoner_with_no_listener_contract_is_not_a_current_listener(
    establishment, wing, buddies, coordinator
):
    worker = PeerWorkerFactory(prison_number="C3456DE", establishment=establishment, location=wing)
    contract = contract_services.contract_issue(
        worker=worker, scheme=buddies, actor=coordinator, start_date=date(2026, 10, 1)
    )
    contract_services.contract_sign(
        contract=contract, signed_on=date(2026, 10, 1), witnessed_by=coordinator, actor=coordinator
    )
    answer = only_answer(establishment, "C3456DE")
    assert answer.standing == Standing.NOT_A_LISTENER
    assert answer.headline == "Not a current Listener."
    assert answer.detail == ""


def test_an_unsigned_contract_is_not_yet_a_listener(establishment, wing, listeners, coordinator):
    worker = PeerWorkerFactory(prison_number="C3456DE", establishment=establishment, location=wing)
    contract_services.contract_issue(
        worker=worker, scheme=listeners, actor=coordinator, start_date=date(2026, 11, 1)
    )
    answer = only_answer(establishment, "C3456DE")
    assert answer.headline == "Not a current Listener."
    assert answer.detail == "Their Listener contract has not been signed yet."


def test_a_contract_that_has_not_started_is_not_yet_a_listener(establishment, make_listener, at):
    make_listener("Sam", "Reid", "C3456DE", starts_on=date(2026, 11, 16))
    at(WEDNESDAY, 10)
    answer = only_answer(establishment, "C3456DE")
    assert answer.standing == Standing.NOT_YET
    assert answer.headline == "Not a current Listener yet."
    assert answer.detail == "Their Listener contract starts on 16 November 2026."


# --- Searching ----------------------------------------------------------------------------


def test_a_prison_number_is_found_in_any_case(establishment, ellis):
    assert only_answer(establishment, "  a1234bc ").worker == ellis.worker


def test_a_name_is_found_by_part_of_it_and_every_word_counts(establishment, ellis, okafor):
    assert only_answer(establishment, "ell").worker == ellis.worker
    assert only_answer(establishment, "ryan ELL").worker == ellis.worker
    assert listener_lookup(establishment=establishment, query="ryan okafor").answers == []


def test_several_matches_each_get_their_own_answer(establishment, make_listener, wing):
    make_listener("Ryan", "Ellis", "A1234BC")
    PeerWorkerFactory(
        first_name="Ryan", last_name="Moss", prison_number="D4567EF", establishment=establishment
    )
    result = listener_lookup(establishment=establishment, query="Ryan")
    assert [(a.worker.last_name, a.headline) for a in result.answers] == [
        ("Ellis", "Current Listener, contract until 1 April 2027."),
        ("Moss", "Not a current Listener."),
    ]


def test_only_this_establishments_prisoners_are_ever_found(establishment, other_establishment, ellis):
    assert listener_lookup(establishment=other_establishment, query="A1234BC").answers == []
    assert listener_lookup(establishment=other_establishment, query="Ellis").answers == []


def test_a_blank_search_finds_no_one(establishment, ellis, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert listener_lookup(establishment=establishment, query="   ").answers == []


def test_a_long_list_is_cut_short_and_says_so(establishment, make_listener):
    for n in range(22):
        PeerWorkerFactory(first_name="Alex", last_name=f"Smith{n:02d}", establishment=establishment)
    result = listener_lookup(establishment=establishment, query="Smith")
    assert len(result.answers) == 20
    assert result.more


def test_the_lookup_costs_three_queries_however_many_match(
    establishment, make_listener, assign, shifts, points, at, django_assert_num_queries
):
    def add(n, start):
        for i in range(n):
            contract = make_listener("Jo", f"Bloggs{start + i:02d}")
            assign(contract, WEDNESDAY, shifts["night"], points["a"])
            assign(contract, THURSDAY, shifts["day"], points["b"])

    add(1, 0)
    at(WEDNESDAY, 22)
    with django_assert_num_queries(3):
        result = listener_lookup(establishment=establishment, query="Bloggs")
    assert len(result.answers) == 1
    add(8, 1)
    with django_assert_num_queries(3):
        result = listener_lookup(establishment=establishment, query="Bloggs")
    assert len(result.answers) == 9
    assert all(answer.on_duty_now for answer in result.answers)


# --- The October clock change ---------------------------------------------------------------


@pytest.fixture
def clock_change_night(ellis, assign, shifts, points):
    """Ellis on the night of Saturday 24 October 2026: 21:00 BST to 07:00 GMT, eleven hours."""
    return assign(ellis, date(2026, 10, 24), shifts["night"], points["a"])


def test_a_night_over_the_october_clock_change_lasts_eleven_hours(clock_change_night):
    clock_change_night.refresh_from_db()  # in UTC: same-zone subtraction would ignore the change
    assert clock_change_night.ends_at - clock_change_night.starts_at == timedelta(hours=11)


@pytest.mark.parametrize(
    ("moment", "on_duty"),
    [
        (lambda: london(date(2026, 10, 24), 20, 59), False),
        (lambda: london(date(2026, 10, 25), 1, 30).replace(fold=0), True),  # 01:30 BST
        (lambda: london(date(2026, 10, 25), 1, 30).replace(fold=1), True),  # 01:30 GMT, an hour later
        (lambda: london(date(2026, 10, 25), 6, 59), True),
        (lambda: london(date(2026, 10, 25), 7, 0), False),
    ],
    ids=["20:59 BST", "01:30 BST", "01:30 GMT", "06:59 GMT", "07:00 GMT"],
)
def test_on_duty_across_the_october_clock_change(
    establishment, clock_change_night, time_machine, moment, on_duty
):
    time_machine.move_to(moment(), tick=False)
    answer = only_answer(establishment, "A1234BC")
    assert (answer.on_duty_now is not None) is on_duty
    if on_duty:
        assert answer.detail == "On duty tonight: A wing, 21:00 to 07:00."
    on_now = on_duty_now(establishment=establishment).places[0]
    assert [name for name, _ in on_now.duties] == (["Ryan Ellis"] if on_duty else [])
    in_london_time = listener_lookup(establishment=establishment, query="A1234BC", now=moment()).answers[0]
    assert (in_london_time.on_duty_now is not None) is on_duty


# --- On duty now, per wing -------------------------------------------------------------------


def test_on_duty_now_lists_each_cover_point_and_says_where_no_one_is_on(
    establishment, ellis, okafor, assign, shifts, points, at, duty_rota, wing
):
    assign(ellis, WEDNESDAY, shifts["night"], points["a"])
    assign(okafor, WEDNESDAY, shifts["night"], points["a"], status=Assignment.Status.NEEDS_COVER)
    assign(okafor, THURSDAY, shifts["night"], points["b"])
    archived = CoverPoint.objects.create(rota=duty_rota, name="Old healthcare", archived_at=timezone.now())
    archived.locations.add(wing)
    at(WEDNESDAY, 22)
    result = on_duty_now(establishment=establishment)
    assert result.has_rota and result.week_published
    a, b = result.places
    assert (a.name, a.locations, a.covers) == ("A wing", ["A wing"], "")
    assert [(name, duty.times, duty.needs_cover) for name, duty in a.duties] == [
        ("Dee Okafor", "21:00 to 07:00", True),
        ("Ryan Ellis", "21:00 to 07:00", False),
    ]
    assert (b.name, b.duties) == ("B wing", [])


def test_on_duty_now_says_when_there_is_no_rota_or_the_week_is_not_published(
    establishment, duty_rota, rota_week, at
):
    at(WEDNESDAY, 10)
    result = on_duty_now(establishment=establishment)
    assert result.has_rota and not result.week_published
    rota_week(MONDAY, published=True)
    assert on_duty_now(establishment=establishment).week_published


def test_on_duty_now_says_when_there_is_no_rota(establishment, django_assert_num_queries):
    with django_assert_num_queries(1):
        result = on_duty_now(establishment=establishment)
    assert not result.has_rota


def test_on_duty_now_never_shows_another_establishments_listeners(
    other_establishment, ellis, assign, shifts, points, at
):
    assign(ellis, WEDNESDAY, shifts["day"], points["a"])
    at(WEDNESDAY, 10)
    result = on_duty_now(establishment=other_establishment)
    assert not result.has_rota and result.places == []


def test_on_duty_now_costs_four_queries_however_many_are_on(
    establishment, make_listener, assign, shifts, points, at, django_assert_num_queries
):
    def add(n, start):
        for i in range(n):
            assign(
                make_listener("Jo", f"Bloggs{start + i:02d}"),
                WEDNESDAY,
                shifts["day"],
                points["a" if i % 2 else "b"],
            )

    add(1, 0)
    at(WEDNESDAY, 10)
    with django_assert_num_queries(4):
        on_duty_now(establishment=establishment)
    add(9, 1)
    with django_assert_num_queries(4):
        result = on_duty_now(establishment=establishment)
    assert sum(len(place.duties) for place in result.places) == 10


def test_the_night_shift_times_come_from_the_shift(shifts):
    assert (shifts["night"].starts, shifts["night"].ends) == (time(21), time(7))


def test_on_duty_now_and_the_answer_say_where_the_listener_is_held(
    establishment, ellis, okafor, assign, shifts, points, at, django_assert_num_queries
):
    """Wing and cell, which the officer needs to unlock them; no more queries for it."""
    for contract, cell in ((ellis, "2-14"), (okafor, "")):
        contract.worker.cell = cell
        contract.worker.save()
    assign(ellis, WEDNESDAY, shifts["night"], points["a"])
    assign(okafor, WEDNESDAY, shifts["night"], points["b"])
    at(WEDNESDAY, 22)
    with django_assert_num_queries(4):
        result = on_duty_now(establishment=establishment)
    held = {name: duty.where_held for place in result.places for name, duty in place.duties}
    assert held == {"Ryan Ellis": "A wing, cell 2-14", "Dee Okafor": "B wing"}
    with django_assert_num_queries(3):
        answer = only_answer(establishment, "A1234BC")
    assert answer.where_held == "A wing, cell 2-14"

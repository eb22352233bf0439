"""The two nights the clocks change in 2027, across the Listener rota.

On the night of Saturday 27 March the clocks go forward (01:00 GMT becomes 02:00 BST), so a night
from 21:00 to 07:00 lasts 9 hours; on the night of Saturday 30 October they go back (02:00 BST
becomes 01:00 GMT), so it lasts 11. Each test travels to a fortnight before the night first, and
only then gives out contracts and builds the rota, so it holds whatever day the suite runs on.
"""

import html
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, vDatetime

from listeners.ical import calendar_time, feed_token
from listeners.lookup import listener_lookup, on_duty_now
from listeners.rules import CallOutRefused
from listeners.selectors import callout_report
from listeners.services import callout_record
from peerwork.dates import monday_of
from rota.models import Assignment, CallOut
from rota.planning import RotaPlan
from rota.rules import Slot, TooManyNightsInARow, WeeklyCapReached
from rota.services import setup
from rota.services.assignments import assignment_add
from rota.services.weeks import week_publish
from schemes.services.contracts import contract_issue, contract_sign
from tests.factories import PeerWorkerFactory

LONDON = ZoneInfo("Europe/London")
SPRING = date(2027, 3, 27)  # a Saturday: at 01:00 GMT on Sunday the clocks go forward to 02:00 BST
AUTUMN = date(2027, 10, 30)  # a Saturday: at 02:00 BST on Sunday the clocks go back to 01:00 GMT

BOTH_NIGHTS = pytest.mark.parametrize(
    ("night_of", "hours", "words"),
    [
        (SPRING, 9, "9 hours: the clocks go forward an hour"),
        (AUTUMN, 11, "11 hours: the clocks go back an hour"),
    ],
    ids=["spring", "autumn"],
)


def london(day: date, hour: int, minute: int = 0, *, fold: int = 0) -> datetime:
    """A London wall-clock time; `fold=1` is the second 01:xx on the night the clocks go back."""
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON).replace(fold=fold)


def utc(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def next_day(day: date) -> date:
    return day + timedelta(days=1)


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def travel(time_machine):
    """`travel(moment)`: the clock stops there."""

    def to(moment: datetime) -> None:
        time_machine.move_to(moment, tick=False)

    return to


@pytest.fixture
def fortnight_before(travel):
    """`fortnight_before(night_of)`: the clock stops at 09:00 two weeks before that night."""

    def to(night_of: date) -> None:
        travel(london(night_of - timedelta(days=14), 9))

    return to


@pytest.fixture
def listener_from_today(rota, listeners, coordinator, wing):
    """`listener_from_today("Amir", "Khan")`: a prisoner on A wing, given and signed a six-month
    Listener contract today and trained today. Travel first."""

    def make(first_name: str, last_name: str):
        today = timezone.localdate()
        worker = PeerWorkerFactory(
            establishment=rota.establishment, first_name=first_name, last_name=last_name, location=wing
        )
        contract = contract_issue(worker=worker, scheme=listeners, actor=coordinator, start_date=today)
        contract = contract_sign(
            contract=contract, signed_on=today, witnessed_by=coordinator, actor=coordinator
        )
        setup.training_record(
            rota=rota, worker=worker, actor=coordinator, completed_on=today, valid_until=None
        )
        return contract

    return make


@pytest.fixture
def put(pattern, coordinator):
    """`put(contract, day, shift_type, cover_point)`: through the service, with every rule checked."""

    def assign(contract, day, shift_type, cover_point) -> Assignment:
        return assignment_add(
            rota=pattern,
            day=day,
            shift_type=shift_type,
            cover_point=cover_point,
            contract=contract,
            actor=coordinator,
        )

    return assign


@pytest.fixture
def amir_on_the_night(fortnight_before, listener_from_today, put, pattern, night, a_point, coordinator):
    """`amir_on_the_night(night_of)`: Amir Khan on that night at A wing, the week published."""

    def make(night_of: date):
        fortnight_before(night_of)
        amir = listener_from_today("Amir", "Khan")
        put(amir, night_of, night, a_point)
        week_publish(rota=pattern, starts_on=monday_of(night_of), actor=coordinator)
        return amir

    return make


# --- The shift pattern: ShiftType.span ----------------------------------------------------------


@pytest.mark.parametrize(
    ("night_of", "starts", "ends", "hours"),
    [
        (SPRING, utc(SPRING, 21), utc(next_day(SPRING), 6), 9),  # 21:00 GMT to 07:00 BST
        (AUTUMN, utc(AUTUMN, 20), utc(next_day(AUTUMN), 7), 11),  # 21:00 BST to 07:00 GMT
        (date(2027, 3, 20), utc(date(2027, 3, 20), 21), utc(date(2027, 3, 21), 7), 10),
    ],
    ids=["spring", "autumn", "an-ordinary-night"],
)
def test_the_night_shift_starts_and_ends_at_the_right_instants(night, a_point, night_of, starts, ends, hours):
    slot = Slot.at(day=night_of, shift_type=night, cover_point=a_point)
    assert (slot.starts_at.astimezone(UTC), slot.ends_at.astimezone(UTC)) == (starts, ends)
    assert (f"{slot.starts_at:%H:%M}", f"{slot.ends_at:%H:%M}") == ("21:00", "07:00")
    assert slot.length == timedelta(hours=hours)


@BOTH_NIGHTS
def test_the_length_of_the_night_says_why_it_is_not_ten_hours(night, a_point, night_of, hours, words):
    assert Slot.at(day=night_of, shift_type=night, cover_point=a_point).length_words == words
    a_week_before = night_of - timedelta(days=7)
    assert Slot.at(day=a_week_before, shift_type=night, cover_point=a_point).length_words == "10 hours"


@pytest.mark.parametrize(
    ("night_of", "handover", "late_hours", "small_hours"),
    [
        # 01:30 never shows in March: it is read on the clock from before the change, 02:30 BST.
        (
            SPRING,
            utc(next_day(SPRING), 1, 30),
            timedelta(hours=4, minutes=30),
            timedelta(hours=4, minutes=30),
        ),
        # 01:30 shows twice in October: the first, in BST.
        (
            AUTUMN,
            utc(next_day(AUTUMN), 0, 30),
            timedelta(hours=4, minutes=30),
            timedelta(hours=6, minutes=30),
        ),
    ],
    ids=["spring", "autumn"],
)
def test_shifts_that_hand_over_in_the_hour_the_clocks_change_leave_no_gap_and_no_overlap(
    rota, system_admin, a_point, night_of, handover, late_hours, small_hours
):
    late = setup.shift_type_add(
        rota=rota, actor=system_admin, name="Late", starts=time(21), ends=time(1, 30), is_night=True
    )
    small = setup.shift_type_add(
        rota=rota, actor=system_admin, name="Small hours", starts=time(1, 30), ends=time(7), is_night=True
    )
    first = Slot.at(day=night_of, shift_type=late, cover_point=a_point)
    second = Slot.at(day=next_day(night_of), shift_type=small, cover_point=a_point)
    assert first.ends_at.astimezone(UTC) == second.starts_at.astimezone(UTC) == handover
    assert (first.length, second.length) == (late_hours, small_hours)
    assert not first.overlaps(second)


# --- The week grid and the shift page -------------------------------------------------------------


@BOTH_NIGHTS
def test_the_shift_page_shows_the_night_from_21_00_to_07_00_and_how_long_it_really_is(
    client_for, coordinator, pattern, night, a_point, fortnight_before, night_of, hours, words
):
    fortnight_before(night_of)
    url = reverse("rota:shift_detail", args=[night_of, night.pk, a_point.pk])
    body = text(client_for(coordinator).get(url))
    assert f"Saturday {night_of.day} {night_of:%B} 2027, 21:00 to 07:00 the next morning ({words})" in body

    ordinary = reverse("rota:shift_detail", args=[night_of - timedelta(days=7), night.pk, a_point.pk])
    assert "21:00 to 07:00 the next morning (10 hours)" in text(client_for(coordinator).get(ordinary))


@BOTH_NIGHTS
def test_the_week_grid_shows_the_night_as_21_00_to_07_00_and_keeps_its_real_length(
    client_for, coordinator, amir_on_the_night, night_of, hours, words
):
    amir_on_the_night(night_of)
    body = text(client_for(coordinator).get(reverse("rota:week_detail", args=[monday_of(night_of)])))
    assert "Night 21:00–07:00" in body
    assert "Amir Khan" in body
    stored = Assignment.objects.get()  # read back in UTC, so subtracting compares instants
    assert stored.ends_at - stored.starts_at == timedelta(hours=hours)


# --- The rules count days, not hours -------------------------------------------------------------


@BOTH_NIGHTS
def test_nights_in_a_row_are_counted_by_day_across_the_change(
    fortnight_before, listener_from_today, put, pattern, night, a_point, night_of, hours, words
):
    fortnight_before(night_of)
    amir = listener_from_today("Amir", "Khan")
    put(amir, night_of - timedelta(days=1), night, a_point)
    put(amir, night_of, night, a_point)
    with pytest.raises(TooManyNightsInARow) as refused:
        put(amir, next_day(night_of), night, a_point)
    friday, sunday = night_of - timedelta(days=1), next_day(night_of)
    assert refused.value.message_dict["listener"] == [
        f"Amir Khan would work 3 nights in a row (Fri {friday.day} {friday:%b} to "
        f"Sun {sunday.day} {sunday:%b}); the most is 2."
    ]


@BOTH_NIGHTS
def test_the_weekly_cap_counts_shifts_by_the_day_they_start_across_the_change(
    fortnight_before, listener_from_today, put, pattern, day_shift, night, a_point, night_of, hours, words
):
    fortnight_before(night_of)
    amir = listener_from_today("Amir", "Khan")
    monday = monday_of(night_of)
    for day, shift in [
        (monday, day_shift),
        (monday + timedelta(days=2), day_shift),
        (night_of - timedelta(days=1), night),
        (night_of, night),  # the short or long night still counts as one shift
    ]:
        put(amir, day, shift, a_point)
    with pytest.raises(WeeklyCapReached) as refused:
        put(amir, next_day(night_of), day_shift, a_point)  # Sunday: still the same week
    assert refused.value.message_dict["listener"] == [
        f"Amir Khan already has 4 shifts in the week of {monday.day} {monday:%B} (the most is 4)."
    ]
    put(amir, monday + timedelta(days=7), day_shift, a_point)  # the Monday after: a new week


# --- Fill the gaps weighs nights, not hours -----------------------------------------------------------


@BOTH_NIGHTS
def test_fill_the_gaps_weighs_the_night_the_clocks_change_as_any_other_night(
    client_for,
    coordinator,
    fortnight_before,
    listener_from_today,
    put,
    pattern,
    night,
    evening,
    a_point,
    b_point,
    night_of,
    hours,
    words,
):
    fortnight_before(night_of)
    amir, bea = listener_from_today("Amir", "Khan"), listener_from_today("Bea", "Lowe")
    put(amir, night_of, night, a_point)  # 9 or 11 hours
    put(bea, night_of - timedelta(days=2), night, b_point)  # Thursday: 10 hours
    monday = monday_of(night_of)

    plan = RotaPlan.load(rota=pattern, starts_on=monday)
    assert plan.load_of(amir.worker_id, monday) == plan.load_of(bea.worker_id, monday) == (1, 1)
    assert plan.weighted_load(amir.worker_id, monday) == plan.weighted_load(bea.worker_id, monday) == 2

    sunday_evening = reverse("rota:shift_detail", args=[next_day(night_of), evening.pk, a_point.pk])
    assert text(client_for(coordinator).get(sunday_evening)).count("This week: 1 shift, 1 night") == 2


# --- The officers' look-up and "on duty now" ----------------------------------------------------------


@pytest.mark.parametrize(
    ("night_of", "moment", "on_duty"),
    [
        (SPRING, london(SPRING, 20, 59), False),
        (SPRING, london(next_day(SPRING), 0, 59), True),  # GMT, a minute before the change
        (SPRING, london(next_day(SPRING), 3, 0), True),  # BST
        (SPRING, london(next_day(SPRING), 6, 30), True),  # BST: 05:30 UTC
        (SPRING, london(next_day(SPRING), 6, 59), True),
        (SPRING, london(next_day(SPRING), 7, 0), False),  # 06:00 UTC: the 9 hours are over
        (AUTUMN, london(AUTUMN, 20, 59), False),
        (AUTUMN, london(next_day(AUTUMN), 1, 30, fold=0), True),  # BST, the first 01:30
        (AUTUMN, london(next_day(AUTUMN), 1, 30, fold=1), True),  # GMT, an hour later
        (AUTUMN, london(next_day(AUTUMN), 6, 30), True),  # GMT: 06:30 UTC
        (AUTUMN, london(next_day(AUTUMN), 7, 0), False),
    ],
    ids=[
        "spring-20:59-GMT",
        "spring-00:59-GMT",
        "spring-03:00-BST",
        "spring-06:30-BST",
        "spring-06:59-BST",
        "spring-07:00-BST",
        "autumn-20:59-BST",
        "autumn-01:30-BST",
        "autumn-01:30-GMT",
        "autumn-06:30-GMT",
        "autumn-07:00-GMT",
    ],
)
def test_on_duty_through_the_night_the_clocks_change(
    establishment, amir_on_the_night, travel, night_of, moment, on_duty
):
    amir = amir_on_the_night(night_of)
    travel(moment)
    (answer,) = listener_lookup(establishment=establishment, query=amir.worker.prison_number).answers
    assert (answer.on_duty_now is not None) is on_duty
    if on_duty:
        assert answer.detail == "On duty tonight: A wing, 21:00 to 07:00."
    a_wing = on_duty_now(establishment=establishment).places[0]
    assert [name for name, _ in a_wing.duties] == (["Amir Khan"] if on_duty else [])


def test_the_look_up_page_at_06_30_bst_after_the_spring_night_says_on_duty(
    client_for, wing_officer, amir_on_the_night, travel
):
    amir = amir_on_the_night(SPRING)
    travel(london(next_day(SPRING), 6, 30))
    body = text(client_for(wing_officer).get(reverse("listeners:lookup"), {"q": amir.worker.prison_number}))
    assert "On duty tonight: A wing, 21:00 to 07:00." in body
    travel(london(next_day(SPRING), 7, 0))
    body = text(client_for(wing_officer).get(reverse("listeners:lookup"), {"q": amir.worker.prison_number}))
    assert "Not on the rota now" in body


# --- Call-outs: the service measures in real time --------------------------------------------------------


@pytest.fixture
def record(establishment, wing, wing_officer):
    """`record(contract, started_at, ended_at)`: asked for at the moment they started."""

    def make(contract, started_at: datetime, ended_at: datetime) -> CallOut:
        return callout_record(
            establishment=establishment,
            actor=wing_officer,
            listener=contract.worker,
            location=wing,
            requested_by=CallOut.RequestedBy.OFFICER,
            requested_at=started_at,
            started_at=started_at,
            ended_at=ended_at,
        )

    return make


def test_a_call_out_over_the_spring_change_under_12_hours_is_recorded(
    fortnight_before, travel, listener_from_today, pattern, record
):
    fortnight_before(SPRING)
    amir = listener_from_today("Amir", "Khan")
    travel(london(next_day(SPRING), 9))
    callout = record(amir, london(SPRING, 19, 40), london(next_day(SPRING), 8, 20))  # 12h40 on the clock
    callout.refresh_from_db()
    assert callout.ended_at - callout.started_at == timedelta(hours=11, minutes=40)


def test_a_call_out_over_the_autumn_change_over_12_hours_is_refused(
    fortnight_before, travel, listener_from_today, pattern, record
):
    fortnight_before(AUTUMN)
    amir = listener_from_today("Amir", "Khan")
    travel(london(next_day(AUTUMN), 9))
    with pytest.raises(CallOutRefused) as refused:
        record(amir, london(AUTUMN, 19, 40), london(next_day(AUTUMN), 7, 20))  # 11h40 on the clock
    assert refused.value.message_dict["ended_at"] == [
        "A call-out cannot last more than 12 hours. Check the dates."
    ]
    assert not CallOut.objects.exists()


def test_a_call_out_ending_in_the_second_01_xx_is_after_one_starting_in_the_first(
    fortnight_before, travel, listener_from_today, pattern, record
):
    fortnight_before(AUTUMN)
    amir = listener_from_today("Amir", "Khan")
    travel(london(next_day(AUTUMN), 9))
    sunday = next_day(AUTUMN)
    callout = record(amir, london(sunday, 1, 50, fold=0), london(sunday, 1, 10, fold=1))
    callout.refresh_from_db()
    assert callout.ended_at - callout.started_at == timedelta(minutes=20)


# --- Call-outs: the times an officer types -----------------------------------------------------------


@pytest.fixture
def typed(client_for, wing_officer, wing):
    """`typed(contract, day, requested, started, ended, ended_on=day)`: the form, as a wing officer."""

    def post(contract, day: date, requested: str, started: str, ended: str, *, ended_on: date | None = None):
        return client_for(wing_officer).post(
            reverse("listeners:callout_record"),
            {
                "listener": contract.worker_id,
                "location": wing.pk,
                "requested_by": "prisoner",
                "requested_on": day.isoformat(),
                "requested_time": requested,
                "started_on": day.isoformat(),
                "started_time": started,
                "ended_on": (ended_on or day).isoformat(),
                "ended_time": ended,
            },
        )

    return post


@pytest.mark.parametrize(
    ("requested", "started", "ended", "started_at", "minutes"),
    [
        # Each time is the first 01:xx (BST) unless only the second (GMT) comes after the one before.
        ("01:45", "01:50", "01:10", utc(next_day(AUTUMN), 0, 50), 20),  # ended the second time round
        ("01:10", "01:15", "01:40", utc(next_day(AUTUMN), 0, 15), 25),  # all the first time, in BST
        ("01:50", "01:10", "01:40", utc(next_day(AUTUMN), 1, 10), 30),  # started the second time round
        ("01:30", "01:30", "01:30", utc(next_day(AUTUMN), 0, 30), 60),  # ending as it started: an hour on
        ("00:40", "00:50", "01:20", utc(AUTUMN, 23, 50), 30),  # into the first 01:xx
    ],
    ids=["end-second", "all-first", "start-second", "an-hour-round", "into-first"],
)
def test_times_typed_in_the_hour_the_clocks_go_back_are_read_in_order(
    fortnight_before,
    travel,
    listener_from_today,
    pattern,
    typed,
    requested,
    started,
    ended,
    started_at,
    minutes,
):
    fortnight_before(AUTUMN)
    amir = listener_from_today("Amir", "Khan")
    sunday = next_day(AUTUMN)
    travel(london(sunday, 9))
    response = typed(amir, sunday, requested, started, ended)
    assert response.status_code == 302, response.context["form"].errors
    callout = CallOut.objects.get()
    assert callout.started_at == started_at
    assert callout.ended_at - callout.started_at == timedelta(minutes=minutes)
    assert callout.started_at >= callout.requested_at


def test_a_time_the_clocks_skip_is_refused_next_to_its_box(
    fortnight_before, travel, listener_from_today, pattern, typed
):
    fortnight_before(SPRING)
    amir = listener_from_today("Amir", "Khan")
    sunday = next_day(SPRING)
    travel(london(sunday, 9))
    response = typed(amir, sunday, "00:50", "01:30", "02:40")
    assert response.status_code == 200
    assert response.context["form"].errors["started_time"] == [
        "The clocks go forward on 28 March 2027, so 01:30 does not exist that day. Choose another time."
    ]
    assert not CallOut.objects.exists()


def test_a_call_out_typed_over_the_spring_change_takes_real_time(
    fortnight_before, travel, listener_from_today, pattern, typed
):
    fortnight_before(SPRING)
    amir = listener_from_today("Amir", "Khan")
    sunday = next_day(SPRING)
    travel(london(sunday, 9))
    assert typed(amir, sunday, "00:35", "00:40", "02:10").status_code == 302
    callout = CallOut.objects.get()
    assert callout.ended_at - callout.started_at == timedelta(minutes=30)


# --- Call-out reports ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("night_of", "started", "ended", "time_taken"),
    [
        (SPRING, "23:50", "02:20", "1h 30m"),  # 2h 30m on the clock
        (AUTUMN, "23:50", "02:20", "3h 30m"),  # 2h 30m on the clock
    ],
    ids=["spring", "autumn"],
)
def test_the_call_out_report_shows_the_time_a_listener_really_gave(
    client_for,
    manager,
    fortnight_before,
    travel,
    listener_from_today,
    pattern,
    typed,
    night_of,
    started,
    ended,
    time_taken,
):
    fortnight_before(night_of)
    amir = listener_from_today("Amir", "Khan")
    travel(london(next_day(night_of), 9))
    assert typed(amir, night_of, started, started, ended, ended_on=next_day(night_of)).status_code == 302

    response = client_for(manager).get(
        reverse("listeners:callout_reports"),
        {"starts_on": monday_of(night_of).isoformat(), "ends_on": next_day(night_of).isoformat()},
    )
    report = response.context["report"]
    assert [(row.name, row.callouts, row.hours, row.nights) for row in report.by_listener_week] == [
        ("Amir Khan", 1, time_taken, 1)
    ]
    assert time_taken in text(response)
    assert report.hour_totals[23] == 1


def test_call_outs_asked_for_in_either_01_xx_count_in_the_01_hour(
    establishment, fortnight_before, travel, listener_from_today, pattern, record
):
    fortnight_before(AUTUMN)
    amir = listener_from_today("Amir", "Khan")
    sunday = next_day(AUTUMN)
    travel(london(sunday, 9))
    record(amir, london(sunday, 1, 45, fold=0), london(sunday, 1, 55, fold=0))  # 10 minutes in BST
    record(amir, london(sunday, 1, 45, fold=1), london(sunday, 2, 15))  # 30 minutes in GMT
    report = callout_report(establishment=establishment, starts_on=sunday, ends_on=sunday)
    assert report.hour_totals[1] == report.total == 2
    assert [row.hours for row in report.by_listener_week] == ["0h 40m"]


# --- The iCal feed ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("night_of", "dtstart", "dtend", "ends", "hours"),
    [
        (SPRING, "20270327T210000", "20270328T070000", utc(next_day(SPRING), 6), 9),
        (AUTUMN, "20271030T210000", "20271031T070000", utc(next_day(AUTUMN), 7), 11),
    ],
    ids=["spring", "autumn"],
)
def test_the_feed_gives_the_night_in_london_time_at_the_right_instants(
    client, amir_on_the_night, night_of, dtstart, dtend, ends, hours
):
    amir = amir_on_the_night(night_of)
    response = client.get(reverse("listeners:ical_feed", args=[feed_token(amir.worker)]))
    body = response.content.decode()
    assert f"DTSTART;TZID=Europe/London:{dtstart}" in body
    assert f"DTEND;TZID=Europe/London:{dtend}" in body
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert event.end.astimezone(UTC) == ends
    assert event.end.astimezone(UTC) - event.start.astimezone(UTC) == timedelta(hours=hours)


@pytest.mark.parametrize(
    ("moment", "written"),
    [
        (london(next_day(AUTUMN), 1, 30, fold=0), "20271031T013000"),  # the first 01:30: BST, by TZID
        (london(next_day(AUTUMN), 1, 30, fold=1), "20271031T013000Z"),  # the second: only UTC says so
        (london(next_day(AUTUMN), 2, 0), "20271031T020000"),
        (london(next_day(SPRING), 0, 59), "20270328T005900"),
        (london(next_day(SPRING), 2, 30), "20270328T013000Z"),  # the hour after the clocks go forward
        (london(next_day(SPRING), 3, 0), "20270328T030000"),
    ],
    ids=[
        "autumn-01:30-BST",
        "autumn-01:30-GMT",
        "autumn-02:00-GMT",
        "spring-00:59",
        "spring-02:30",
        "spring-03:00",
    ],
)
def test_the_feed_writes_in_utc_only_the_hour_after_a_clock_change(moment, written):
    feed_time = calendar_time(moment)
    # In UTC: Python never finds a second 01:xx (fold=1) equal to a time in another zone.
    assert feed_time.astimezone(UTC) == moment.astimezone(UTC)
    assert vDatetime(feed_time).to_ical().decode() == written

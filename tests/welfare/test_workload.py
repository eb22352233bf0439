"""Workload figures, counted from hand-built shifts and call-outs: the last 4 and 12 weeks, nights
apart, off the rota, archived call-outs and other prisons left out, and the weeks over the rota's
workload limits. Every day comes from the clock the suite runs under."""

from datetime import date, timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from rota.models import Assignment
from tests.factories import LocationFactory
from tests.welfare.workload_fixtures import *  # noqa: F403  the fixtures
from tests.welfare.workload_fixtures import london, real_minutes, this_monday
from welfare.workload import Figures, scheme_workload, worker_workload, workload_window


@pytest.fixture
def amir(contract_for, listeners):
    return contract_for(listeners, "Amir", "Khan").worker


@pytest.fixture
def amirs_work(amir, assign, callout, day_shift, night_shift, other_establishment):
    """Amir's shifts and call-outs, in and out of the windows. Returns the nights' real lengths."""
    monday, today = this_monday(), timezone.localdate()
    last_sunday_but_one = monday - timedelta(days=8)
    six_weeks_ago = monday - timedelta(weeks=6)
    assign(amir, monday - timedelta(weeks=1), day_shift)  # 8 hours
    assign(amir, last_sunday_but_one, night_shift)  # a night into last Monday: counts in its own week
    assign(amir, today, day_shift)  # started at 9:00; it is noon
    assign(amir, six_weeks_ago, night_shift)  # in the last 12 weeks only
    # Not worked: taken off, waiting for cover, 13 weeks ago, not started yet (21:00 tonight).
    assign(amir, monday - timedelta(days=6), day_shift, status=Assignment.Status.REMOVED)
    assign(amir, monday - timedelta(days=5), day_shift, status=Assignment.Status.NEEDS_COVER)
    assign(amir, monday - timedelta(weeks=13), day_shift)
    assign(amir, today, night_shift)

    callout(amir, london(monday - timedelta(weeks=1), 23), minutes=30)  # at night
    callout(amir, london(monday - timedelta(days=6), 14), minutes=60, off_rota=True)
    callout(amir, london(six_weeks_ago, 22, 30), minutes=20)  # at night, last 12 weeks only
    # Left out: archived, at another prison, before the 12 weeks.
    callout(amir, london(monday - timedelta(days=5), 2), minutes=45, archived=True)
    elsewhere = LocationFactory(establishment=other_establishment, name="A wing")
    callout(amir, london(monday - timedelta(days=4), 1), at=other_establishment, location=elsewhere)
    callout(amir, london(monday - timedelta(weeks=11, days=1), 22))
    return real_minutes(night_shift, last_sunday_but_one), real_minutes(night_shift, six_weeks_ago)


def figures_of(workload) -> dict[int, Figures]:
    return {period.window.weeks: period.figures for period in workload.periods}


def test_the_windows_are_whole_weeks_from_monday_to_today():
    today = timezone.localdate()
    four, twelve = workload_window(weeks=4, today=today), workload_window(weeks=12, today=today)
    assert four.starts_on == this_monday() - timedelta(weeks=3) and four.starts_on.weekday() == 0
    assert twelve.starts_on == this_monday() - timedelta(weeks=11)
    assert four.ends_on == twelve.ends_on == today


def test_a_peer_workers_shifts_and_call_outs_in_the_last_4_and_12_weeks(establishment, amir, amirs_work):
    night, earlier_night = amirs_work
    workload = worker_workload(worker=amir, establishment=establishment, today=timezone.localdate())

    assert figures_of(workload) == {
        4: Figures(
            shifts=3,
            shift_minutes=8 * 60 + night + 8 * 60,
            night_shifts=1,
            night_shift_minutes=night,
            callouts=2,
            callout_minutes=90,
            night_callouts=1,
            off_rota=1,
        ),
        12: Figures(
            shifts=4,
            shift_minutes=8 * 60 + night + 8 * 60 + earlier_night,
            night_shifts=2,
            night_shift_minutes=night + earlier_night,
            callouts=3,
            callout_minutes=110,
            night_callouts=2,
            off_rota=1,
        ),
    }


def test_the_call_outs_week_by_week_run_oldest_first(establishment, amir, amirs_work):
    workload = worker_workload(worker=amir, establishment=establishment, today=timezone.localdate())
    monday = this_monday()
    assert [week.monday for week in workload.weeks] == [
        monday - timedelta(weeks=n) for n in range(11, -1, -1)
    ]
    assert [week.figures.callouts for week in workload.weeks] == [0] * 5 + [1] + [0] * 4 + [2, 0]
    assert workload.weeks[-2].figures.callout_minutes == 90


def test_a_night_counts_in_the_window_of_the_day_it_started(establishment, amir, assign, night_shift):
    """The Sunday night before the last 4 weeks began ends on their first Monday: not in them."""
    sunday_before = workload_window(weeks=4, today=timezone.localdate()).starts_on - timedelta(days=1)
    assign(amir, sunday_before, night_shift)
    figures = figures_of(
        worker_workload(worker=amir, establishment=establishment, today=timezone.localdate())
    )
    assert (figures[4].night_shifts, figures[12].night_shifts) == (0, 1)


@pytest.mark.parametrize(("month", "hours"), [(3, 9), (10, 11)])
def test_a_night_the_clocks_change_counts_its_real_length(
    establishment, listeners, contract_for, assign, night_shift, time_machine, month, hours
):
    """The night into the last Sunday in March (clocks forward) or October (back) this year."""
    year = timezone.localdate().year
    days = [date(year, month, day) for day in range(25, 32)]
    last_sunday = max(day for day in days if day.weekday() == 6)
    time_machine.move_to(london(last_sunday + timedelta(days=3), 12), tick=False)
    worker = contract_for(listeners, "Gus", "Reid").worker
    assign(worker, last_sunday - timedelta(days=1), night_shift)

    workload = worker_workload(worker=worker, establishment=establishment, today=timezone.localdate())

    assert figures_of(workload)[4].night_shift_minutes == hours * 60


def test_weeks_over_the_rotas_limits_are_counted_and_shown_in_red(
    establishment, duty_rota, amir, callout, night_shift
):
    """The rota allows 6 hours of call-outs and 3 night call-outs a week: more is over."""
    monday = this_monday()
    for day in range(4):  # 4 night call-outs, two weeks ago
        callout(amir, london(monday - timedelta(weeks=2, days=-day), 23), minutes=10)
    for day in range(7):  # 7 hours, five weeks ago
        callout(amir, london(monday - timedelta(weeks=5, days=-day), 14), minutes=60)
    for day in range(6):  # exactly 6 hours and 3 nights, eight weeks ago: not over
        callout(amir, london(monday - timedelta(weeks=8, days=-day), 23 if day < 3 else 14), minutes=60)

    workload = worker_workload(worker=amir, establishment=establishment, today=timezone.localdate())

    assert figures_of(workload)[4].weeks_over == 1
    assert figures_of(workload)[12].weeks_over == 2
    over = [week.monday for week in workload.weeks if week.over_limits]
    assert over == [monday - timedelta(weeks=5), monday - timedelta(weeks=2)]
    chart = workload.chart
    assert [bar.highlighted for bar in chart.bars].count(True) == 2
    assert "2 of them over the rota's workload limits" in chart.description


def test_without_a_rota_there_are_no_limits_and_night_is_nine_to_seven(establishment, amir, callout):
    callout(amir, london(this_monday(), 21, 30), minutes=400)
    workload = worker_workload(worker=amir, establishment=establishment, today=timezone.localdate())
    assert figures_of(workload)[4].night_callouts == 1
    assert workload.limits.description == "" and workload.weeks_over == 0


def test_the_fragment_shows_both_windows_and_a_chart_with_its_table(establishment, amir, amirs_work):
    workload = worker_workload(worker=amir, establishment=establishment, today=timezone.localdate())
    html = render_to_string("welfare/fragments/worker_workload.html", {"workload": workload})
    assert "Last 4 weeks" in html and "Last 12 weeks" in html
    assert "<svg" in html and 'role="img"' in html
    assert "Call-outs a week, Amir Khan: the last 12 weeks" in html
    assert 'data-testid="workload-weeks-chart-table"' in html
    assert "Night means 21:00 to 07:00, the rota's night shift." in html
    assert "style=" not in html  # the Content-Security-Policy forbids inline styles


def test_a_peer_workers_workload_costs_four_queries_however_much_they_worked(
    establishment, amir, assign, callout, day_shift, django_assert_num_queries
):
    today = timezone.localdate()
    with django_assert_num_queries(4):
        worker_workload(worker=amir, establishment=establishment, today=today)
    for n in range(1, 60):
        assign(amir, today - timedelta(days=n), day_shift)
        callout(amir, london(today - timedelta(days=n), 15), minutes=20)
    with django_assert_num_queries(4):
        workload = worker_workload(worker=amir, establishment=establishment, today=today)
    assert figures_of(workload)[12].callouts == 59


# --- A scheme's table ------------------------------------------------------------------------------


@pytest.fixture
def people(contract_for, listeners, buddies, amir, callout, establishment, other_establishment, manager):
    """Amir and Bea (Listeners), Carl (a Buddy), Fay (both), Dee (a Listener until 100 days ago),
    Ed (a Listener until 100 days ago, called out last week), and a Listener at another prison."""
    monday = this_monday()
    bea = contract_for(listeners, "Bea", "Lowe").worker
    carl = contract_for(buddies, "Carl", "Moss").worker
    fay = contract_for(buddies, "Fay", "Nunn").worker
    contract_for(listeners, "Fay", "Nunn", worker=fay)
    dee = contract_for(listeners, "Dee", "Okoro", starts=-280, ends=-100, status="ended").worker
    ed = contract_for(listeners, "Ed", "Price", starts=-280, ends=-100, status="ended").worker
    from schemes.services.schemes import scheme_presets_ensure

    scheme_presets_ensure(establishment=other_establishment, actor=manager)
    stranger = contract_for(other_establishment.schemes.get(preset="listeners"), "Zed", "Quinn").worker
    elsewhere = LocationFactory(establishment=other_establishment, name="A wing")
    callout(amir, london(monday - timedelta(weeks=1), 23))
    callout(fay, london(monday - timedelta(weeks=1), 14), minutes=40)
    callout(ed, london(monday - timedelta(weeks=1), 15), off_rota=True)
    callout(stranger, london(monday - timedelta(weeks=1), 15), at=other_establishment, location=elsewhere)
    return {"amir": amir, "bea": bea, "carl": carl, "fay": fay, "dee": dee, "ed": ed}


def names(report) -> list[str]:
    return [row.worker.full_name for row in report.rows]


def test_the_listener_table_lists_its_people_and_anyone_called_out(listeners, duty_rota, people):
    report = scheme_workload(scheme=listeners, today=timezone.localdate(), order="name")
    assert names(report) == ["Amir Khan", "Bea Lowe", "Fay Nunn", "Ed Price"]
    by_name = {row.worker.full_name: row for row in report.rows}
    assert by_name["Ed Price"].figures(4).off_rota == 1
    assert by_name["Bea Lowe"].figures(12) == Figures()
    assert report.is_rota_scheme


def test_another_schemes_table_lists_only_its_own_people_with_all_their_work(buddies, duty_rota, people):
    report = scheme_workload(scheme=buddies, today=timezone.localdate(), order="name")
    assert names(report) == ["Carl Moss", "Fay Nunn"]
    fay = report.rows[1]
    assert (fay.figures(4).callouts, fay.figures(4).callout_minutes) == (1, 40)
    assert not report.is_rota_scheme


def test_the_table_orders_by_any_figure_then_by_name(listeners, duty_rota, people):
    today = timezone.localdate()
    most = scheme_workload(scheme=listeners, today=today, order="-callout_time_4")
    assert names(most) == ["Fay Nunn", "Amir Khan", "Ed Price", "Bea Lowe"]
    fewest = scheme_workload(scheme=listeners, today=today, order="callout_time_4")
    assert names(fewest) == ["Bea Lowe", "Amir Khan", "Ed Price", "Fay Nunn"]
    assert names(scheme_workload(scheme=listeners, today=today, order="-name")) == [
        "Ed Price",
        "Fay Nunn",
        "Bea Lowe",
        "Amir Khan",
    ]


@pytest.mark.parametrize("order", ["", "nonsense", "--name", "callouts_5", "\x00", "x" * 10_000])
def test_an_order_it_does_not_know_is_the_default(listeners, people, order):
    report = scheme_workload(scheme=listeners, today=timezone.localdate(), order=order)
    assert report.order == "-callout_time_4"


def test_the_scheme_table_costs_five_queries_for_any_number_of_people(
    establishment, listeners, duty_rota, contract_for, assign, callout, day_shift, django_assert_num_queries
):
    today = timezone.localdate()
    with django_assert_num_queries(5):
        scheme_workload(scheme=listeners, today=today)
    for n in range(40):
        worker = contract_for(listeners, f"Person{n}", "Busy").worker
        assign(worker, today - timedelta(days=n % 80 + 1), day_shift)
        for week in range(12):
            callout(worker, london(today - timedelta(weeks=week, days=1), 10 + n % 12), minutes=15)
    with django_assert_num_queries(5):
        report = scheme_workload(scheme=listeners, today=today)
    assert len(report.rows) == 40
    assert sum(row.figures(12).callouts for row in report.rows) == 40 * 12

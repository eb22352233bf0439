"""The rota gaps job: shifts in the next 7 days short of Listeners are flagged once, nights above
other shifts, escalated as they come closer, and resolved when covered or when they end.

The clock stands at Friday 20 November 2026, 09:00: the job looks at shifts that have not ended
and start before Friday 27 November, 09:00, whether or not their week is built or published.
"""

from collections import Counter
from datetime import date, datetime, time
from io import StringIO

import pytest
from django.core.management import call_command

from flags.models import Flag
from flags.services import RESOLVED_AUTOMATICALLY
from rota import tasks
from rota.models import RotaWeek
from rota.services import setup
from rota.services.assignments import assignment_add, assignment_needs_cover
from rota.services.gaps import ENDED_SHORT, rota_gaps_sync
from schemes.services.contracts import contract_suspend
from tests.factories import LocationFactory
from tests.rota.conftest import LONDON

FRIDAY, SATURDAY = date(2026, 11, 20), date(2026, 11, 21)


def open_gaps():
    return Flag.objects.filter(kind=Flag.Kind.ROTA_GAP, resolved_at__isnull=True)


def gap(summary_start: str) -> Flag:
    return Flag.objects.get(kind=Flag.Kind.ROTA_GAP, summary__startswith=summary_start)


@pytest.fixture
def put(pattern, coordinator):
    def assign(contract, day, shift_type, cover_point):
        return assignment_add(
            rota=pattern,
            day=day,
            shift_type=shift_type,
            cover_point=cover_point,
            contract=contract,
            actor=coordinator,
        )

    return assign


def test_every_short_shift_in_the_next_7_days_is_flagged_nights_above_the_rest(
    pattern, listeners, establishment
):
    result = rota_gaps_sync()

    # Nights at both wings and evenings at A wing, Friday 20 to Thursday 26 November.
    assert result.opened == 21
    assert not RotaWeek.objects.exists()  # a week nobody has started is still short
    severities = Counter((f.summary.split(" ")[0], f.severity) for f in open_gaps())
    assert severities == {
        ("Night", Flag.Severity.URGENT): 2,  # tonight
        ("Night", Flag.Severity.WARNING): 12,
        ("Evening", Flag.Severity.WARNING): 1,  # this evening
        ("Evening", Flag.Severity.NOTICE): 6,
    }
    flag = gap("Night 21:00-07:00 on Fri 20 Nov, A wing")
    assert flag.summary == "Night 21:00-07:00 on Fri 20 Nov, A wing: 0 of 1 Listeners"
    assert (flag.scheme, flag.establishment) == (listeners, establishment)
    assert (
        flag.key
        == f"rota_gap:{pattern.cover_points.get(name='A wing').pk}:2026-11-20:{pattern.shift_types.get(name='Night').pk}"
    )
    assert list(open_gaps().order_by("-severity", "opened_at")[:2].values_list("severity", flat=True)) == [
        3,
        3,
    ]


def test_running_twice_opens_no_duplicate(pattern):
    rota_gaps_sync()
    before = list(Flag.objects.order_by("pk").values_list("pk", "severity", "summary", "resolved_at"))
    again = rota_gaps_sync()
    assert (again.opened, again.escalated, again.resolved) == (0, 0, 0)
    assert list(Flag.objects.order_by("pk").values_list("pk", "severity", "summary", "resolved_at")) == before


def test_covering_a_shift_resolves_its_flag(pattern, put, amir, night, a_point):
    rota_gaps_sync()
    put(amir, FRIDAY, night, a_point)
    assert rota_gaps_sync().resolved == 1
    flag = gap("Night 21:00-07:00 on Fri 20 Nov, A wing")
    assert flag.resolution == RESOLVED_AUTOMATICALLY
    assert flag.resolved_by is None
    assert open_gaps().count() == 20


def test_a_shift_partly_covered_keeps_its_flag_and_says_so(pattern, put, amir, night, b_point, system_admin):
    setup.cover_needs_set(rota=pattern, actor=system_admin, needs={(b_point, night): 2})
    rota_gaps_sync()
    flag = gap("Night 21:00-07:00 on Sat 21 Nov, B wing")
    assert flag.summary.endswith("0 of 2 Listeners")
    put(amir, SATURDAY, night, b_point)
    rota_gaps_sync()
    flag.refresh_from_db()
    assert flag.is_open
    assert flag.summary == "Night 21:00-07:00 on Sat 21 Nov, B wing: 1 of 2 Listeners"


def test_a_listener_suspended_after_being_rostered_leaves_a_gap(
    pattern, put, amir, night, a_point, coordinator
):
    put(amir, SATURDAY, night, a_point)
    rota_gaps_sync()
    assert not open_gaps().filter(summary__startswith="Night 21:00-07:00 on Sat 21 Nov, A wing").exists()
    contract_suspend(
        contract=amir, starts_on=FRIDAY, ends_on=None, is_paid=False, reason="Welfare", actor=coordinator
    )
    rota_gaps_sync()
    assert gap("Night 21:00-07:00 on Sat 21 Nov, A wing").is_open


def test_a_shift_waiting_for_cover_is_a_gap(pattern, put, amir, night, a_point, coordinator):
    assignment = put(amir, SATURDAY, night, a_point)
    assignment_needs_cover(assignment=assignment, actor=coordinator, reason="Unwell")
    rota_gaps_sync()
    assert gap("Night 21:00-07:00 on Sat 21 Nov, A wing").is_open


def test_a_flag_escalates_as_its_shift_comes_closer(pattern, time_machine):
    rota_gaps_sync()
    flag = gap("Night 21:00-07:00 on Sat 21 Nov, A wing")
    assert flag.severity == Flag.Severity.WARNING
    time_machine.move_to(datetime(2026, 11, 20, 20, 59, tzinfo=LONDON), tick=False)  # 24 h 1 min before
    rota_gaps_sync()
    flag.refresh_from_db()
    assert flag.severity == Flag.Severity.WARNING
    time_machine.move_to(datetime(2026, 11, 20, 21, tzinfo=LONDON), tick=False)  # 24 h before
    assert rota_gaps_sync().escalated >= 1
    flag.refresh_from_db()
    assert (flag.severity, flag.escalated_at) == (
        Flag.Severity.URGENT,
        datetime(2026, 11, 20, 21, tzinfo=LONDON),
    )


def test_a_shift_that_ends_short_is_closed_with_that_reason(pattern, time_machine):
    rota_gaps_sync()
    time_machine.move_to(datetime(2026, 11, 21, 7, tzinfo=LONDON), tick=False)  # Friday's night has ended
    rota_gaps_sync()
    flag = gap("Night 21:00-07:00 on Fri 20 Nov, A wing")
    assert (flag.is_open, flag.resolution) == (False, ENDED_SHORT)
    assert gap("Night 21:00-07:00 on Sat 21 Nov, A wing").is_open


def test_a_retired_place_is_no_longer_flagged(pattern, b_point, coordinator):
    rota_gaps_sync()
    setup.cover_point_archive(cover_point=b_point, actor=coordinator)
    rota_gaps_sync()
    assert not open_gaps().filter(summary__contains="B wing").exists()


# --- The command and the task run the same job -------------------------------------------------


def test_the_command_says_what_it_did_and_opens_nothing_twice(pattern):
    def run() -> str:
        out = StringIO()
        call_command("rota_gaps", stdout=out)
        return out.getvalue().strip()

    assert run() == "Rota gaps: 21 opened, 0 escalated, 0 resolved."
    assert run() == "Rota gaps: 0 opened, 0 escalated, 0 resolved."


def test_the_task_runs_the_job(pattern):
    assert tasks.rota_gaps.apply().get() == {"opened": 21, "escalated": 0, "resolved": 0}
    assert tasks.rota_gaps.apply().get() == {"opened": 0, "escalated": 0, "resolved": 0}


def test_the_schedule_runs_the_job_every_hour():
    from peerwork.celery import app

    entry = app.conf.beat_schedule["rota-gaps"]
    assert entry["task"] == "rota.rota_gaps"
    assert entry["schedule"].minute == {20}
    assert len(entry["schedule"].hour) == 24


# --- Set-based --------------------------------------------------------------------------------


def _grow(pattern, listener, night, coordinator, establishment, n, start):
    """n more wings needing a Listener a night, and n more Listeners each covering one night."""
    for i in range(start, start + n):
        location = LocationFactory(establishment=establishment, name=f"Wing {i}")
        point = setup.cover_point_add(rota=pattern, actor=coordinator, name=f"Wing {i}", locations=[location])
        setup.cover_needs_set(rota=pattern, actor=coordinator, needs={(point, night): 1})
        contract = listener(f"Listener{i}", "Grow")
        assignment_add(
            rota=pattern,
            day=date(2026, 11, 22),
            shift_type=night,
            cover_point=point,
            contract=contract,
            actor=coordinator,
        )


def test_the_job_costs_the_same_queries_for_few_or_many_rows(
    pattern, listener, night, coordinator, establishment, django_assert_num_queries
):
    _grow(pattern, listener, night, coordinator, establishment, 2, start=0)
    rota_gaps_sync()  # settle: each measured run then opens a new batch and resolves one
    _grow(pattern, listener, night, coordinator, establishment, 1, start=10)
    assignment_add(
        rota=pattern,
        day=FRIDAY,
        shift_type=night,
        cover_point=pattern.cover_points.get(name="A wing"),
        contract=listener("Small", "Cover"),
        actor=coordinator,
    )
    with django_assert_num_queries(QUERIES) as small:
        small_result = rota_gaps_sync()
    # Ten wings, sixty new flags: SQLite splits an insert of more than 71 flags in two (its limit
    # on query parameters); PostgreSQL does not until thousands.
    _grow(pattern, listener, night, coordinator, establishment, 10, start=20)
    assignment_add(
        rota=pattern,
        day=FRIDAY,
        shift_type=night,
        cover_point=pattern.cover_points.get(name="B wing"),
        contract=listener("Large", "Cover"),
        actor=coordinator,
    )
    with django_assert_num_queries(QUERIES) as large:
        large_result = rota_gaps_sync()
    assert (small_result.opened, large_result.opened) == (6, 60)  # 6 nights uncovered at each new wing
    assert small_result.resolved == large_result.resolved == 1
    assert len(small.captured_queries) == len(large.captured_queries)


QUERIES = 9  # one fewer since flags.api.flags_sync refreshes summaries in the same pass


def test_shift_times_in_the_flag_are_the_patterns(rota, system_admin, a_point):
    late = setup.shift_type_add(
        rota=rota, actor=system_admin, name="Late", starts=time(22, 30), ends=time(6), is_night=True
    )
    setup.cover_needs_set(rota=rota, actor=system_admin, needs={(a_point, late): 1})
    rota_gaps_sync()
    assert gap("Late 22:30-06:00 on Fri 20 Nov, A wing").severity == Flag.Severity.URGENT

"""The welfare flags: a Listener over the rota's weekly call-out limits gets one workload flag,
however often the job runs; check-ins overdue are flagged and a check-in closes them at once.
The job's queries do not grow with the number of people."""

from datetime import time

import pytest
from django.utils import timezone

from flags.models import Flag
from flags.services import flag_resolve
from listeners.services import callout_archive
from tests.peerwork.test_oversight_worker import TIMEOUT, celery_worker, wait_until  # noqa: F401
from tests.welfare.conftest import last_week
from welfare import services, tasks
from welfare.models import HowItWent
from welfare.oversight import welfare_oversight_sync

WORKLOAD, OVERDUE = Flag.Kind.WORKLOAD, Flag.Kind.CHECKIN_OVERDUE


def _open(kind) -> list[Flag]:
    return list(Flag.objects.filter(kind=kind, resolved_at=None))


def nights_of_call_outs(call_out, listener, nights: int, *, minutes=40):
    """One call-out at 23:30 on each of the first `nights` nights of last week."""
    return [call_out(listener, last_week(day, time(23, 30)), minutes=minutes) for day in range(nights)]


def test_four_night_call_outs_in_a_week_raise_one_workload_flag_however_often_the_job_runs(
    rota, amir, call_out
):
    nights_of_call_outs(call_out, amir, 4)

    welfare_oversight_sync()
    welfare_oversight_sync()
    welfare_oversight_sync()

    (flag,) = Flag.objects.filter(kind=WORKLOAD)
    assert flag.is_open and flag.worker == amir and flag.scheme == rota.scheme
    assert "Amir Khan had 4 night call-outs (the limit is 3)" in flag.summary
    assert flag.severity == Flag.Severity.WARNING


def test_three_night_call_outs_are_within_the_limit(rota, amir, call_out):
    nights_of_call_outs(call_out, amir, 3)
    welfare_oversight_sync()
    assert not Flag.objects.filter(kind=WORKLOAD).exists()


def test_more_call_out_hours_than_the_rota_allows_raise_the_flag(rota, amir, call_out):
    # Day-time call-outs: 5 of 80 minutes is 6 hours 40 minutes, over the 6 hours.
    for day in range(5):
        call_out(amir, last_week(day, time(14, 0)), minutes=80)
    welfare_oversight_sync()
    (flag,) = _open(WORKLOAD)
    assert "6 hours 40 minutes of call-outs (the limit is 6 hours)" in flag.summary


def test_the_limits_are_the_rotas_own(rota, amir, call_out):
    rota.max_night_callouts_per_week = 5
    rota.save()
    nights_of_call_outs(call_out, amir, 4)
    welfare_oversight_sync()
    assert not _open(WORKLOAD)


def test_a_call_out_withdrawn_as_recorded_in_error_closes_the_flag(rota, amir, call_out, manager):
    first, *_ = nights_of_call_outs(call_out, amir, 4)
    welfare_oversight_sync()
    assert _open(WORKLOAD)

    callout_archive(callout=first, actor=manager, reason="Recorded twice")
    welfare_oversight_sync()
    assert not _open(WORKLOAD)
    assert "within the rota's limits" in Flag.objects.get(kind=WORKLOAD).resolution


def test_a_flag_staff_resolved_does_not_come_back_for_that_week(rota, amir, call_out, coordinator):
    nights_of_call_outs(call_out, amir, 4)
    welfare_oversight_sync()
    (flag,) = _open(WORKLOAD)
    flag_resolve(flag=flag, actor=coordinator, resolution="Spoke with him; he is fine and wants to carry on.")

    welfare_oversight_sync()
    assert Flag.objects.filter(kind=WORKLOAD).count() == 1
    assert not _open(WORKLOAD)


def test_another_prisons_call_outs_raise_nothing_here(rota, amir, call_out, other_establishment):
    # The same person's call-outs are counted per prison: none of these are over the limit here.
    for day in range(2):
        call_out(amir, last_week(day, time(23, 30)))
    welfare_oversight_sync()
    assert not _open(WORKLOAD)


def test_a_check_in_overdue_is_flagged_once_and_a_check_in_closes_it_at_once(
    rota, listeners, make_worker, coordinator
):
    # Listeners check in every 30 days; this one started 40 days ago and has had none.
    worker = make_worker(listeners, "Dee", "Okafor", days_ago=40)
    welfare_oversight_sync()
    welfare_oversight_sync()
    (flag,) = Flag.objects.filter(kind=OVERDUE)
    assert flag.worker == worker and flag.scheme == listeners
    assert "no welfare check-in since their contract started on" in flag.summary
    assert "(40 days; due every 30)" in flag.summary

    services.checkin_record(
        worker=worker, scheme=listeners, on=timezone.localdate(), how=HowItWent.FINE, actor=coordinator
    )
    assert not _open(OVERDUE)
    welfare_oversight_sync()
    assert not _open(OVERDUE)


def test_no_check_in_is_due_where_the_scheme_sets_none(schemes, make_worker):
    buddies = schemes["buddies"]
    assert buddies.checkin_every_days is None
    make_worker(buddies, "Eve", "Tan", days_ago=200)
    welfare_oversight_sync()
    assert not _open(OVERDUE)


def test_twice_the_interval_without_a_check_in_is_urgent(rota, listeners, make_worker):
    make_worker(listeners, "Flo", "Ng", days_ago=61)
    welfare_oversight_sync()
    assert _open(OVERDUE)[0].severity == Flag.Severity.URGENT


@pytest.mark.parametrize("how_many", [2, 8])
def test_the_job_costs_the_same_for_two_or_eight_listeners(
    how_many, rota, listeners, make_worker, call_out, django_assert_num_queries
):
    for n in range(how_many):
        worker = make_worker(listeners, f"Person{n}", "Busy", days_ago=40)
        nights_of_call_outs(call_out, worker, 4)

    with django_assert_num_queries(QUERIES_FIRST_RUN):
        first = welfare_oversight_sync()
    with django_assert_num_queries(QUERIES_LATER_RUN):
        second = welfare_oversight_sync()
    assert first.opened == 2 * how_many  # a workload flag and an overdue check-in each
    assert second.opened == 0


# The conditions' reads (the rotas, their nights, the call-outs, the contracts, the check-ins, the
# flags staff resolved) and per kind the open flags (read once: the same read closes cleared ones);
# on the first run, per kind that opens flags, one insert in a savepoint and its release.
QUERIES_FIRST_RUN = 15
QUERIES_LATER_RUN = 9


@pytest.mark.worker
def test_through_a_real_worker_the_job_opens_the_flag_once(celery_worker, rota, amir, call_out):  # noqa: F811
    nights_of_call_outs(call_out, amir, 4)
    first = tasks.welfare_oversight.delay().get(timeout=TIMEOUT)
    second = tasks.welfare_oversight.delay().get(timeout=TIMEOUT)
    assert first["opened"] >= 1 and second["opened"] == 0
    assert wait_until(lambda: Flag.objects.filter(kind=WORKLOAD).count() == 1, timeout=5)

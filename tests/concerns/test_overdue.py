"""A concern not answered by its due day opens one flag for its department's owner and safer
custody, escalating at two and three times its deadline; answering closes it. The job is safe to
run twice and its queries do not grow with the number of concerns."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from concerns import services, tasks
from concerns.models import Concern
from flags.models import Flag
from tests.concerns.helpers import raised_concern
from tests.peerwork.test_oversight_worker import TIMEOUT

OVERDUE = Flag.Kind.CONCERN_OVERDUE


@pytest.fixture
def concern(health_concern: Concern) -> Concern:
    """Here `concern` is Aisha Khan's concern about health (conftest's `health_concern`)."""
    return health_concern


def _open_flags() -> list[Flag]:
    return list(Flag.objects.filter(kind=OVERDUE, resolved_at=None))


def _days_after_raising(concern: Concern, days: int):
    return timezone.now() + timedelta(days=days)


def test_no_flag_until_the_due_day_has_passed(concern):
    on_the_due_day = _days_after_raising(concern, concern.deadline_days)

    assert services.concerns_overdue_sync(now=on_the_due_day).opened == 0
    assert not _open_flags()


def test_one_flag_that_escalates_at_two_and_three_times_the_deadline_and_closes_on_answer(
    concern, healthcare_owner
):
    days = concern.deadline_days
    severities = []
    for after in (days + 1, days + 1, 2 * days + 1, 3 * days + 1):
        with time_machine.travel(_days_after_raising(concern, after)):
            services.concerns_overdue_sync()
            (flag,) = _open_flags()
            severities.append(flag.severity)
    assert severities == [
        Flag.Severity.NOTICE,
        Flag.Severity.NOTICE,
        Flag.Severity.WARNING,
        Flag.Severity.URGENT,
    ]
    assert flag.concern == concern and flag.establishment == concern.establishment
    assert f"Concern {concern.pk} for Healthcare" in flag.summary
    assert Flag.objects.filter(kind=OVERDUE).count() == 1

    services.concern_answer(concern=concern, actor=healthcare_owner, answer="Seen by the dentist.")

    assert not _open_flags()
    assert Flag.objects.get(kind=OVERDUE).resolution == "Resolved automatically: the concern was answered."
    assert services.concerns_overdue_sync(now=_days_after_raising(concern, 3 * days + 2)).opened == 0


def test_a_reopened_concern_is_due_again_a_deadline_later(concern, equality_rep, healthcare_owner):
    services.concern_answer(concern=concern, actor=healthcare_owner, answer="Booked.")
    reopened = services.concern_verdict(concern=concern, worker=equality_rep.worker, sorted_out=False)

    assert services.concerns_overdue_sync(now=_days_after_raising(concern, concern.deadline_days)).opened == 0
    assert (
        services.concerns_overdue_sync(now=_days_after_raising(concern, concern.deadline_days + 1)).opened
        == 1
    )
    assert _open_flags()[0].concern == reopened


@pytest.mark.parametrize("how_many", [2, 12])
def test_the_job_costs_the_same_for_two_or_twelve_overdue_concerns(
    how_many, equality_rep, health, healthcare_owner, settings, django_assert_num_queries
):
    settings.CONCERNS_PER_DAY = how_many
    for _ in range(how_many):
        raised_concern(equality_rep, health)
    later = timezone.now() + timedelta(days=health.answer_within_days + 1)

    # The overdue concerns; the open flags; the new flags in one insert, in a savepoint and its
    # release. Run again, there is nothing to write: the two reads only.
    with django_assert_num_queries(5):
        first = services.concerns_overdue_sync(now=later)
    with django_assert_num_queries(2):
        second = services.concerns_overdue_sync(now=later + timedelta(hours=1))

    assert (first.opened, second.opened) == (how_many, 0)
    assert len(_open_flags()) == how_many


@pytest.mark.worker
def test_run_twice_through_a_real_worker_it_opens_one_flag(
    celery_worker,
    equality_rep,
    health,
    healthcare_owner,  # noqa: F811
):
    overdue = raised_concern(
        equality_rep, health, now=timezone.now() - timedelta(days=health.answer_within_days + 1)
    )

    first = tasks.concerns_overdue.delay().get(timeout=TIMEOUT)
    second = tasks.concerns_overdue.delay().get(timeout=TIMEOUT)

    assert (first["opened"], second["opened"]) == (1, 0)
    assert [flag.concern for flag in _open_flags()] == [overdue]

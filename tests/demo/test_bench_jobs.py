"""The jobs the benchmark times: every scheduled job is there, and each floor is SQL this database
runs, reading the rows its job decides on."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from demo.bench.jobs import JOBS
from peerwork.celery import app
from schemes.models import Contract


def _floor_rows(job) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(job.floor_sql)
        return cursor.fetchall()


def test_every_scheduled_job_is_timed():
    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()} - {"peerwork.heartbeat"}
    assert len(JOBS) == len(scheduled) == 8
    assert all(job.floor_sql for job in JOBS)


@pytest.mark.parametrize("job", JOBS, ids=lambda job: job.name)
def test_each_job_and_its_floor_run_here(job, active_contract, mailoutbox):
    job.run()
    assert isinstance(_floor_rows(job), list)


def test_the_sweeps_floor_reads_the_contract_to_expire_and_then_its_flag(active_contract):
    Contract.objects.filter(pk=active_contract.pk).update(end_date=timezone.localdate() - timedelta(days=1))
    sweep = next(job for job in JOBS if job.name == "oversight sweep")

    assert ("expire", active_contract.pk) in {row[:2] for row in _floor_rows(sweep)}
    sweep.run()
    rows = _floor_rows(sweep)
    assert not [row for row in rows if row[0] == "expire"]
    assert any(row[0] == "contract_expired" for row in rows)

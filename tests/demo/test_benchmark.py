"""The benchmark measures what the issue asks, at a tiny scale: every page of every role's
navigation, each list against its admin changelist, each job against its raw-SQL floor, and the
command fails when a target is missed."""

import contextlib
import json
import re

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.navigation import HOME, MORE, sections_for
from demo.bench import jobs, measure
from demo.bench.world import build_estate
from demo.management.commands.benchmark import conclude
from roll.models import RollImport
from schemes.models import Contract, Movement, PeerWorker

TINY = {"scale": 0.1, "establishments": 2, "years": 1}


@pytest.fixture
def world(db):
    return build_estate(**TINY)


@pytest.fixture
def floored():
    """The jobs; every one has its raw-SQL floor (tests/demo/test_bench_jobs.py holds them to it)."""
    assert all(job.floor_sql for job in jobs.JOBS)
    return jobs.JOBS


def test_it_measures_every_page_of_every_roles_navigation_against_its_rival(world, floored, tmp_path):
    run = measure.measure_all(world, repeat=2, roll_rows=60)
    report = measure.as_json(
        run,
        targets=measure.Targets(),
        machine_info=measure.machine(scale=0.05, establishments=2, repeat=2),
        build={"peak_rss_after_build_kb": 1},
    )
    path = tmp_path / "benchmark.json"
    with contextlib.suppress(SystemExit):  # which targets today's pages meet is the run's report
        conclude(lambda line: None, run, report, json_path=path, old=None)
    written = json.loads(path.read_text())

    establishment = world["establishment"]
    pages = [m for m in written["measures"] if m["kind"] == "page"]
    for role in Role:
        user = world["staff"][(establishment.pk, role)]
        linked = {reverse(HOME), reverse(MORE)} | {
            item["url"] for section in sections_for(user=user) for item in section["items"]
        }
        assert {m["url"] for m in pages if m["role"] == role.value} == linked, role
    for page in pages:
        assert page["p50_ms"] > 0 and page["p95_ms"] >= page["p50_ms"] and page["queries"] > 0
        assert page["target_ms"] == 50 and page["target_queries"] >= 12
    # Each list beside the admin changelist of its model at the same prison.
    lists = [m for m in pages if m["name"].split(" (")[0] in measure.ADMIN_RIVALS]
    assert {m["name"].split(" (")[0] for m in lists} >= {"schemes:worker_list", "flags:flag_list"}
    assert all(m["ratio"] > 0 and m["rival"].startswith("admin changelist") for m in lists)
    assert all(f"={establishment.pk}" in m["url"] for m in written["measures"] if m["kind"] == "admin")
    # The pages reached from the lists.
    details = {m["name"].split(" (")[0] for m in written["measures"] if m["kind"] == "detail"}
    assert {"schemes:worker_detail", "schemes:contract_detail", "schemes:scheme_detail"} <= details
    # Each job against its floor where it has one, with its peak allocation.
    by_name = {m["name"]: m for m in written["measures"]}
    for job in floored:
        measured = by_name[f"job: {job.name}"]
        assert measured["peak_alloc_kb"] is not None
        if job.floor_sql:
            assert measured["rival"] == f"floor: {job.name}" and measured["ratio"] > 0
            assert measured["target_ratio"] == 2.0
    assert written["memory"]["peak_rss_end_kb"] > 0 and "largest_job" in written["memory"]
    assert written["machine"]["cpu_count"] and written["machine"]["database"]


def test_a_missed_target_fails_the_command_naming_it(world, tmp_path):
    strict = measure.Targets(page_p95_ms=0.001)
    pages = measure.measure_pages(world, repeat=2, targets=strict)
    run = measure.Run(measures=pages, memory={"peak_rss_end_kb": 1})
    report = measure.as_json(run, targets=strict, machine_info={}, build={"peak_rss_after_build_kb": 1})

    with pytest.raises(SystemExit) as failed:
        conclude(lambda line: None, run, report, json_path=tmp_path / "b.json", old=None)

    assert "Over target" in str(failed.value)
    assert "home (wing officer): p95" in str(failed.value)
    assert "> 0 ms" in str(failed.value)


def test_a_run_within_its_targets_passes_and_compares_with_an_older_run(tmp_path):
    fast = measure.Measure("page", "home (wing officer)", [10.0, 12.0], 6, target_ms=50, target_queries=12)
    run = measure.Run(measures=[fast], memory={"peak_rss_end_kb": 1024})
    old = {"machine": {"date": "before"}, "measures": [fast.as_json() | {"p95_ms": 24.0, "queries": 8}]}
    report = measure.as_json(
        run, targets=measure.Targets(), machine_info={}, build={"peak_rss_after_build_kb": 1}
    )
    printed: list[str] = []

    conclude(printed.append, run, report, json_path=tmp_path / "b.json", old=old)

    assert "home (wing officer): p95 24.0 -> 12.0 ms (-50%), queries 8 -> 6 (-2)" in printed
    assert printed[-1] == "Every measure is within its target."


def test_a_page_over_its_query_target_is_over_unless_allowed_with_a_reason(monkeypatch):
    page = measure.Measure("page", "home (wing officer)", [5.0], 14, target_ms=50, target_queries=12)
    assert page.misses() == ["14 queries > 12"]
    allowed = measure.Measure(
        "page", "home (wing officer)", [5.0], 14, target_ms=50, target_queries=14, allowance="why"
    )
    assert allowed.misses() == []
    assert "home (wing officer): may run 14 queries: why" in measure.table(measure.Run(measures=[allowed]))


def test_the_roll_measure_imports_the_same_roll_each_run_and_leaves_the_records_as_they_were(world):
    movements = sorted(Movement.objects.values_list("pk", flat=True))  # the estate's own history
    [roll] = measure.measure_roll(world, rows=200, repeat=2)
    after_first = (
        sorted(PeerWorker.objects.values_list("prison_number", "establishment_id", "location_id", "cell")),
        sorted(Contract.objects.values_list("pk", "status")),
    )
    measure.measure_roll(world, rows=200, repeat=1)

    assert roll.name == "roll import, 200 rows"
    assert roll.queries > 0
    # 33 new, 5 arriving from the second prison, 5 rejected; everyone with a contract left off it
    # (the five chosen, and people on record beyond the roll's rows) is flagged.
    assert "33 new; 5 arriving; 5 rejected;" in roll.note
    assert "'new': 33" in roll.note and "'arrived': 5" in roll.note and "'skipped': 5" in roll.note
    left_off = int(re.search(r"(\d+) with contracts left off", roll.note).group(1))
    assert left_off >= 5
    assert f"'flagged': {left_off}" in roll.note
    # Every run was rolled back: nothing imported, nobody moved, and a second call adds no residents.
    assert not RollImport.objects.exists()
    assert sorted(Movement.objects.values_list("pk", flat=True)) == movements
    assert (
        sorted(PeerWorker.objects.values_list("prison_number", "establishment_id", "location_id", "cell")),
        sorted(Contract.objects.values_list("pk", "status")),
    ) == after_first

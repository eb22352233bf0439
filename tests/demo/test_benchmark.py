"""The benchmark command's world and measurements still work as the pages change (tiny scale)."""

from demo.management.commands.benchmark import (
    build_workload,
    build_world,
    measure_jobs,
    measure_pages,
    measure_roll,
)
from flags.models import Flag
from roll.models import RollImport
from schemes.models import Contract, Movement, PeerWorker


def test_the_benchmark_builds_a_world_and_times_every_page_and_job(db, settings):
    settings.DEBUG = True  # the benchmark counts queries
    world = build_world(establishments=2, workers=8)
    world |= build_workload(world, workers=3, weeks=2)

    results = measure_jobs(target_ms=60_000) + measure_pages(world, repeat=1, target_ms=60_000)

    # 8 per prison, and the first prison's rota brings 5 more Listeners.
    assert "2 prisons, 16 schemes, 21 peer workers" in world["counts"]
    assert {r.name for r in results} >= {
        "job: oversight sweep",
        "page: home (safer custody)",
        "page: flags",
        "page: rota week",
        "page: listener look-up",
        "page: scheme workload",
    }
    assert all(r.queries > 0 for r in results)
    [workload] = [r for r in results if r.name == "page: scheme workload"]
    assert workload.note == "3 Listeners, 6 shifts, 12 call-outs"
    # Every prison's Buddies lost its lead and cancelled its last meetings: the sweep noticed.
    assert Flag.objects.filter(kind=Flag.Kind.NO_LEAD).count() == 2


def test_the_roll_measure_imports_the_same_roll_each_run_and_leaves_the_records_as_they_were(db, settings):
    settings.DEBUG = True
    world = build_world(establishments=2, workers=8)

    [measure] = measure_roll(world, rows=200, repeat=2, target_ms=60_000)
    after_first = (
        sorted(PeerWorker.objects.values_list("prison_number", "establishment_id", "location_id", "cell")),
        sorted(Contract.objects.values_list("pk", "status")),
    )
    measure_roll(world, rows=200, repeat=1, target_ms=60_000)

    assert measure.name == "roll import, 200 rows"
    assert measure.queries > 0
    # 33 new, 5 arriving from the second prison, 5 rejected; 5 with contracts left off are flagged.
    assert "33 new; 5 arriving; 5 rejected; 5 with contracts left off" in measure.note
    assert "'new': 33" in measure.note and "'arrived': 5" in measure.note
    assert "'skipped': 5" in measure.note and "'flagged': 5" in measure.note
    # Every run was rolled back: nothing imported, nobody moved, and a second call adds no residents.
    assert not RollImport.objects.exists()
    assert not Movement.objects.exists()
    assert not Flag.objects.filter(kind__in=[Flag.Kind.NOT_ON_ROLL, Flag.Kind.ARRIVAL]).exists()
    assert (
        sorted(PeerWorker.objects.values_list("prison_number", "establishment_id", "location_id", "cell")),
        sorted(Contract.objects.values_list("pk", "status")),
    ) == after_first

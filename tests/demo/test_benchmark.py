"""The benchmark command's world and measurements still work as the pages change (tiny scale)."""

from demo.management.commands.benchmark import build_world, measure_jobs, measure_pages
from flags.models import Flag


def test_the_benchmark_builds_a_world_and_times_every_page_and_job(db, settings):
    settings.DEBUG = True  # the benchmark counts queries
    world = build_world(establishments=2, workers=8)

    results = measure_jobs(target_ms=60_000) + measure_pages(world, repeat=1, target_ms=60_000)

    # 8 per prison, and the first prison's rota brings 5 more Listeners.
    assert "2 prisons, 16 schemes, 21 peer workers" in world["counts"]
    assert {r.name for r in results} >= {
        "job: oversight sweep",
        "page: home (safer custody)",
        "page: flags",
        "page: rota week",
        "page: listener look-up",
    }
    assert all(r.queries > 0 for r in results)
    # Every prison's Buddies lost its lead and cancelled its last meetings: the sweep noticed.
    assert Flag.objects.filter(kind=Flag.Kind.NO_LEAD).count() == 2

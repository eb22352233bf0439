"""The background jobs the benchmark times, each with its raw-SQL floor: the cheapest read of the
same rows the job has to look at, which no ORM code can beat. The benchmark prints each job's time
as a ratio of its floor (target: at most 2x)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], object]
    # Raw SQL reading the rows the job must look at (None: no floor measured yet).
    floor_sql: str | None = None


def _oversight_sweep() -> object:
    from schemes.services.oversight import oversight_sweep

    return oversight_sweep()


def _digests_write() -> object:
    from schemes.services.digests import digests_write

    return digests_write()


JOBS: list[Job] = [
    Job("oversight sweep", _oversight_sweep),
    Job("write digests", _digests_write),
]

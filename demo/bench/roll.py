"""The roll import the benchmark times: a day's roll for the first prison, uploaded, previewed and
applied as a manager would, each run rolled back so that every run does the same work."""

import statistics
import time

from django.db import transaction

from demo.bench.measure import timed


def roll_csv(world: dict, *, rows: int) -> tuple[bytes, dict[str, int]]:
    """A roll of `rows` rows for the first prison, as the day's extract would give it: mostly people
    on record there (one in ten moved wing or cell), a few hundred new, a few arriving from another
    prison on the system, a few rejected; and a few people with open contracts left off it.

    Adds residents (people on record who do no peer work) to the first prison so that most of the
    roll is people already known there; safe to call again.
    """
    from establishments.models import Location
    from schemes.models import Contract, PeerWorker

    establishment = world["establishment"]
    rejected = [
        "12345,Nobody,Bad,A wing,1-01,Standard,",  # not a prison number
        "R0001ZZ,Unknown,Wing,Z wing,1-01,Standard,",  # no such wing
        "R0002ZZ,Bad,Date,A wing,1-01,Standard,31/02/2030",  # no such date
        "R0003ZZ,Bad,Level,A wing,1-01,Gold,",  # no such IEP level
        "R0004ZZ,,Forename,A wing,1-01,Standard,",  # no surname
    ]
    arriving = list(
        PeerWorker.objects.exclude(establishment=establishment)
        .filter(contracts__status=Contract.Status.ACTIVE)
        .order_by("pk")
        .distinct()[:5]
    )
    new = min(300, rows // 6)
    leaving = 5
    known = max(rows - len(rejected) - len(arriving) - new, 0)

    wings = list(
        Location.objects.filter(establishment=establishment, archived_at__isnull=True).order_by("pk")
    )
    on_record = PeerWorker.objects.filter(establishment=establishment)
    short = known + leaving - on_record.count()
    if short > 0:
        PeerWorker.objects.bulk_create(
            PeerWorker(
                prison_number=f"R{n:04d}RL",
                first_name=f"Resident{n}",
                last_name="Bench",
                establishment=establishment,
                location=wings[n % len(wings)],
                cell=f"{n % 4 + 1}-{n % 40 + 1:02d}",
                iep_level="standard",
            )
            for n in range(on_record.count(), on_record.count() + short)
        )
    people = list(on_record.select_related("location").order_by("prison_number"))
    with_contracts = set(
        Contract.objects.open()
        .filter(scheme__establishment=establishment)
        .values_list("worker_id", flat=True)
    )
    left_off = sorted(w.pk for w in people if w.pk in with_contracts)[:leaving]
    kept = [w for w in people if w.pk not in left_off][:known]
    on_roll = {w.pk for w in kept}
    flagged = sum(1 for w in people if w.pk not in on_roll and w.pk in with_contracts)

    lines = ["Prison Number,Surname,Forename,Wing,Cell,IEP Level,Earliest Release Date"]
    moved = 0
    for index, person in enumerate(kept):
        wing, cell = person.location.name if person.location else wings[0].name, person.cell
        if index % 10 == 0:  # one in ten moved wing and cell since yesterday
            wing, cell = wings[(index // 10) % len(wings)].name, f"{index % 4 + 1}-{index % 30 + 1:02d}"
            moved += 1
        release = person.earliest_release_date.strftime("%d/%m/%Y") if person.earliest_release_date else ""
        lines.append(
            f"{person.prison_number},{person.last_name},{person.first_name},{wing},{cell},"
            f"{person.iep_level.title()},{release}"
        )
    for n in range(new):
        lines.append(
            f"N{n:04d}NW,Newman,Arrival{n},{wings[n % len(wings)].name},{n % 4 + 1}-01,Entry,01/06/2031"
        )
    for person in arriving:
        lines.append(f"{person.prison_number},{person.last_name},{person.first_name},A wing,1-02,Enhanced,")
    lines += rejected
    plan = {
        "rows": len(lines) - 1,
        "known": len(kept),
        "moved": moved,
        "new": new,
        "arriving": len(arriving),
        "rejected": len(rejected),
        "left_off": flagged,
    }
    return ("\n".join(lines) + "\n").encode(), plan


def roll_import_timed(world: dict, *, rows: int, repeat: int) -> tuple[list[float], int, str, str]:
    """A safer-custody manager uploads the day's roll, reads the preview, and applies it skipping
    the rejected rows. Each run is rolled back, so every run imports the same roll into the same
    records."""
    from accounts.models import Role
    from roll.services import roll_apply, roll_compare, roll_import_start
    from roll.sources import FileRollSource

    establishment = world["establishment"]
    manager = world["staff"][(establishment.pk, Role.SAFER_CUSTODY_MANAGER)]
    content, plan = roll_csv(world, rows=rows)
    parts: dict[str, list[float]] = {"preview": [], "apply": []}
    outcomes: list[dict[str, int]] = []

    class RollBack(Exception):
        pass

    def import_roll():
        try:
            with transaction.atomic():
                started = time.perf_counter()
                roll_import = roll_import_start(
                    source=FileRollSource(name="roll.csv", content=content),
                    establishment=establishment,
                    actor=manager,
                )
                roll_compare(roll_import=roll_import)
                previewed = time.perf_counter()
                outcomes.append(roll_apply(roll_import=roll_import, actor=manager, skip_refusals=True))
                parts["preview"].append((previewed - started) * 1000)
                parts["apply"].append((time.perf_counter() - previewed) * 1000)
                raise RollBack
        except RollBack:
            pass

    times, queries = timed(import_roll, repeat)
    if any(outcome != outcomes[0] for outcome in outcomes):
        raise SystemExit(f"The roll import did different work on different runs: {outcomes}")
    outcome = outcomes[0]
    note = (
        f"{plan['rows']:,} rows ({plan['known']:,} on record, {plan['moved']} of them moved; {plan['new']} new; "
        f"{plan['arriving']} arriving; {plan['rejected']} rejected; {plan['left_off']} with contracts left off); "
        f"upload and preview median {statistics.median(parts['preview'][1:]):.0f} ms, "
        f"apply median {statistics.median(parts['apply'][1:]):.0f} ms; applied: {outcome}"
    )
    return times, queries, f"roll import, {plan['rows']:,} rows", note

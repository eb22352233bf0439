"""The roll against the records: one comparison that both the preview and the confirm call, and
the apply that carries it out in one transaction.

Applying is set-based (a bulk insert and a bulk update, each with its history rows) so 2,000
rows cost a handful of statements; only arrivals, which end contracts elsewhere and raise
flags, go one by one, and a roll brings few of them.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import User
from establishments.models import Establishment, Location
from flags import api as flags
from peerwork.formats import long_date, long_datetime
from roll.models import RollImport
from roll.sources import Refusal, RollFileError, RollRow, RollSource
from schemes.models import Contract, IepLevel, PeerWorker
from schemes.rules import RuleError
from schemes.services.locations import location_create
from schemes.services.people import not_on_roll_key, peer_worker_transfer


class RollRefused(RuleError):
    """The roll cannot be read or applied as it stands; the message says why."""


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass
class Changed:
    worker: PeerWorker
    row: RollRow
    changes: list[Change]


@dataclass
class Arrival:
    worker: PeerWorker
    row: RollRow


@dataclass
class Missing:
    worker: PeerWorker
    open_contracts: list[Contract]


@dataclass
class RollComparison:
    new: list[RollRow] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)
    arrivals: list[Arrival] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)
    unknown_wings: list[str] = field(default_factory=list)  # as the roll spells them, first seen
    wings_to_create: list[str] = field(default_factory=list)
    unchanged: int = 0
    present_ids: list[int] = field(default_factory=list)  # records here that the roll names

    @property
    def changes_anything(self) -> bool:
        return bool(self.new or self.changed or self.arrivals or self.wings_to_create)

    @property
    def missing_with_contracts(self) -> list[Missing]:
        return [m for m in self.missing if m.open_contracts]


def wing_key(name: str) -> str:
    """ "B wing", "B-Wing" and "b" are the same wing; "Healthcare unit" and "Healthcare" too."""
    words = re.sub(r"[^a-z0-9]+", " ", name.lower()).split()
    kept = [w for w in words if w not in ("wing", "unit")]
    return " ".join(kept or words)


# --- Reading ----------------------------------------------------------------------------------


@transaction.atomic
def roll_import_start(*, source: RollSource, establishment: Establishment, actor: User) -> RollImport:
    """Read the roll and keep it for the preview. Nothing about any person changes yet."""
    try:
        rows, refusals = source.read()
    except RollFileError as error:
        raise RollRefused({"file": str(error)}) from error
    if not rows and not refusals:
        raise RollRefused({"file": "The file has column names but nobody on it."})
    return RollImport.objects.create(
        establishment=establishment,
        source=source.description[:200],
        rows=[row.as_json() for row in rows],
        refusals=[vars(refusal) for refusal in refusals],
        uploaded_by=actor,
        uploaded_at=timezone.now(),
    )


# --- Comparing --------------------------------------------------------------------------------


def _display(value: object) -> str:
    if value is None or value == "":
        return "none"
    if hasattr(value, "isoformat"):
        return long_date(value)  # type: ignore[arg-type]
    return str(value)


def _changes(worker: PeerWorker, row: RollRow, wing: Location | None, wing_name: str) -> list[Change]:
    changes = []
    if worker.custody_status != PeerWorker.CustodyStatus.IN_CUSTODY:
        changes.append(Change("Custody", worker.get_custody_status_display(), "In custody"))
    if (worker.last_name, worker.first_name) != (row.last_name, row.first_name):
        changes.append(Change("Name", worker.full_name, f"{row.first_name} {row.last_name}"))
    if wing is None or worker.location_id != wing.pk:
        old = worker.location.name if worker.location is not None else "none"
        changes.append(Change("Wing or unit", old, wing.name if wing else f"{wing_name} (new)"))
    if worker.cell != row.cell:
        changes.append(Change("Cell", _display(worker.cell), _display(row.cell)))
    if row.iep_level and worker.iep_level != row.iep_level:
        changes.append(Change("IEP level", worker.get_iep_level_display(), IepLevel(row.iep_level).label))
    if row.earliest_release_date and worker.earliest_release_date != row.earliest_release_date:
        changes.append(
            Change(
                "Earliest release date",
                _display(worker.earliest_release_date),
                _display(row.earliest_release_date),
            )
        )
    return changes


def roll_compare(*, roll_import: RollImport, create_wings: Iterable[str] = ()) -> RollComparison:
    """What applying this roll would change, and what it cannot use. A fixed number of queries.

    `create_wings` names wings the roll uses that are not on the system yet and that the
    manager chose to create: rows on them are then accepted.
    """
    establishment = roll_import.establishment
    rows = [RollRow.from_json(data) for data in roll_import.rows]
    result = RollComparison(refusals=[Refusal(**data) for data in roll_import.refusals])
    wings = {
        wing_key(location.name): location
        for location in Location.objects.filter(establishment=establishment, archived_at__isnull=True)
    }
    creating = {wing_key(name) for name in create_wings}
    seen_unknown: dict[str, str] = {}
    numbers = [row.prison_number for row in rows]
    workers = {
        worker.prison_number: worker
        for worker in PeerWorker.objects.filter(prison_number__in=numbers).select_related(
            "location", "establishment"
        )
    }
    for row in rows:
        key = wing_key(row.wing)
        wing = wings.get(key)
        if wing is None:
            seen_unknown.setdefault(key, row.wing)
            if key not in creating:
                result.refusals.append(
                    Refusal(
                        row.line,
                        row.prison_number,
                        f"No wing or unit called “{row.wing}” here. Create it below, or correct the file.",
                        wing=row.wing,
                    )
                )
                continue
        worker = workers.get(row.prison_number)
        if worker is None:
            result.new.append(row)
        elif worker.establishment_id != establishment.pk:
            result.arrivals.append(Arrival(worker, row))
        else:
            result.present_ids.append(worker.pk)
            changes = _changes(worker, row, wing, row.wing)
            if changes:
                result.changed.append(Changed(worker, row, changes))
            else:
                result.unchanged += 1
    result.refusals.sort(key=lambda refusal: refusal.line)
    result.unknown_wings = sorted(seen_unknown.values(), key=str.lower)
    result.wings_to_create = [name for key, name in seen_unknown.items() if key in creating]

    # On the roll, even on a refused row: a typo in a wing is not a reason to think them gone.
    on_roll = set(numbers) | {refusal.prison_number for refusal in result.refusals}
    missing = list(
        PeerWorker.objects.filter(
            establishment=establishment, custody_status=PeerWorker.CustodyStatus.IN_CUSTODY
        )
        .exclude(prison_number__in=on_roll)
        .select_related("location")
        .order_by("last_name", "first_name")
    )
    contracts: dict[int, list[Contract]] = {}
    for contract in (
        Contract.objects.open()
        .filter(worker__in=[m.pk for m in missing], scheme__establishment=establishment)
        .select_related("scheme")
        .order_by("start_date")
    ):
        contracts.setdefault(contract.worker_id, []).append(contract)
    result.missing = [Missing(worker, contracts.get(worker.pk, [])) for worker in missing]
    return result


# --- Applying ---------------------------------------------------------------------------------


def _not_on_roll_condition(
    missing: Missing, *, establishment: Establishment, today_label: str
) -> flags.Condition:
    worker, contract = missing.worker, missing.open_contracts[0]
    roles = ", ".join(c.scheme.name for c in missing.open_contracts)
    summary = (
        f"{worker.prison_number} {worker.full_name} is not on the roll of {today_label}: "
        f"transferred or released? Holds an open contract ({roles})."
    )
    return flags.Condition(
        kind=flags.Kind.NOT_ON_ROLL,
        key=not_on_roll_key(worker.pk),
        establishment_id=establishment.pk,
        severity=flags.Severity.WARNING,
        summary=summary[: flags.Flag.SUMMARY_LENGTH],
        scheme_id=contract.scheme_id,
        contract_id=contract.pk,
        worker_id=worker.pk,
    )


@transaction.atomic
def roll_apply(
    *,
    roll_import: RollImport,
    actor: User,
    skip_refusals: bool,
    create_wings: Iterable[str] = (),
    now: datetime | None = None,
) -> dict[str, int]:
    """Apply the roll in one transaction; a refused row stops it unless `skip_refusals`.

    Applying the same roll again changes nothing: the comparison finds nothing to change, and a
    person missing from it keeps their one open flag (its key is theirs).
    """
    now = now or timezone.now()
    roll_import = (
        RollImport.objects.select_for_update(of=("self",)).select_related("applied_by").get(pk=roll_import.pk)
    )
    if roll_import.status == RollImport.Status.APPLIED and roll_import.applied_at is not None:
        who = roll_import.applied_by.get_full_name() if roll_import.applied_by else "someone"
        raise RollRefused(
            f"This roll was applied already, by {who} on {long_datetime(roll_import.applied_at)}. "
            "Upload the file again to compare it with the records as they are now."
        )
    # One roll at a time per prison: a second manager's confirm waits here, then compares afresh.
    establishment = Establishment.objects.select_for_update().get(pk=roll_import.establishment_id)
    comparison = roll_compare(roll_import=roll_import, create_wings=create_wings)
    if comparison.refusals and not skip_refusals:
        count = len(comparison.refusals)
        raise RollRefused(
            {
                "skip_refusals": f"{count} row{'s are' if count != 1 else ' is'} rejected, so nothing was "
                "applied. Correct the file and upload it again, or tick “Skip the rejected rows”."
            }
        )

    wings = {
        wing_key(location.name): location
        for location in Location.objects.filter(establishment=establishment, archived_at__isnull=True)
    }
    for name in comparison.wings_to_create:
        location = location_create(
            establishment=establishment,
            actor=actor,
            name=name,
            kind=Location.Kind.WING,
            is_vulnerable_prisoners_unit=False,
        )
        wings[wing_key(name)] = location

    reason = f"On the roll of {long_date(timezone.localdate(now))}"
    bulk_create_with_history(
        [
            PeerWorker(
                prison_number=row.prison_number,
                first_name=row.first_name,
                last_name=row.last_name,
                establishment=establishment,
                location=wings[wing_key(row.wing)],
                cell=row.cell,
                iep_level=row.iep_level or IepLevel.STANDARD,
                earliest_release_date=row.earliest_release_date,
            )
            for row in comparison.new
        ],
        PeerWorker,
        batch_size=500,
        default_user=actor,
        default_change_reason=reason,
    )

    updated = []
    for item in comparison.changed:
        worker, row = item.worker, item.row
        worker.first_name, worker.last_name = row.first_name, row.last_name
        worker.location = wings[wing_key(row.wing)]
        worker.cell = row.cell
        worker.iep_level = row.iep_level or worker.iep_level
        worker.earliest_release_date = row.earliest_release_date or worker.earliest_release_date
        worker.custody_status = PeerWorker.CustodyStatus.IN_CUSTODY
        updated.append(worker)
    if updated:
        bulk_update_with_history(
            updated,
            PeerWorker,
            [
                "first_name",
                "last_name",
                "location",
                "cell",
                "iep_level",
                "earliest_release_date",
                "custody_status",
            ],
            batch_size=500,
            default_user=actor,
            default_change_reason=reason,
        )

    for arrival in comparison.arrivals:
        worker, row = arrival.worker, arrival.row
        worker.first_name, worker.last_name = row.first_name, row.last_name
        worker.iep_level = row.iep_level or worker.iep_level
        worker.earliest_release_date = row.earliest_release_date or worker.earliest_release_date
        peer_worker_transfer(
            worker=worker,
            to=establishment,
            actor=actor,
            how="roll",
            location=wings[wing_key(row.wing)],
            cell=row.cell,
            now=now,
        )

    today_label = long_date(timezone.localdate(now))
    flagged = flags.flags_sync(
        kind=flags.Kind.NOT_ON_ROLL,
        conditions=[
            _not_on_roll_condition(m, establishment=establishment, today_label=today_label)
            for m in comparison.missing_with_contracts
        ],
        now=now,
        resolve_cleared=False,
    )
    back = flags.flags_clear(
        kind=flags.Kind.NOT_ON_ROLL,
        keys=[not_on_roll_key(pk) for pk in comparison.present_ids],
        now=now,
        resolution=f"Back on the roll of {today_label}.",
    )

    outcome = {
        "new": len(comparison.new),
        "changed": len(comparison.changed),
        "arrived": len(comparison.arrivals),
        "wings_created": len(comparison.wings_to_create),
        "skipped": len(comparison.refusals),
        "missing": len(comparison.missing),
        "flagged": flagged.opened,
        "back_on_roll": back,
    }
    roll_import.status = RollImport.Status.APPLIED
    roll_import.applied_by = actor
    roll_import.applied_at = now
    roll_import.skipped_refusals = bool(comparison.refusals)
    roll_import.outcome = outcome
    roll_import.save(update_fields=["status", "applied_by", "applied_at", "skipped_refusals", "outcome"])
    return outcome

"""Setting up an establishment's rota: its rules, shift pattern, the places that need cover, how many
Listeners each needs, and the Listeners' training. Nothing is deleted: shifts and places retire."""

from collections.abc import Iterable, Mapping
from datetime import date, time

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from establishments.models import Establishment, Location
from peerwork.records import save
from rota.models import Assignment, CoverNeed, CoverPoint, ListenerTraining, Rota, ShiftType
from rota.rules import check_locations_covered_once, check_pattern_unused
from schemes.models import PeerWorker, Scheme
from schemes.rules import RuleError, check_worker_in_custody


def _listener_scheme(establishment: Establishment) -> Scheme:
    scheme = Scheme.objects.filter(establishment=establishment, preset=Scheme.LISTENERS).first()
    if scheme is None:
        raise RuleError(f"{establishment} has no Listener scheme yet. Add the Listeners scheme first.")
    return scheme


@transaction.atomic
def rota_setup(
    *,
    establishment: Establishment,
    actor: User,
    max_shifts_per_week: int,
    max_nights_in_a_row: int,
    requires_training: bool,
    max_callout_hours_per_week: int | None = None,
    max_night_callouts_per_week: int | None = None,
) -> Rota:
    """Create the establishment's rota, or change its rules. The rules apply to new assignments."""
    # Two first set-ups at once: the second waits here, then finds the rota and sets its rules.
    Establishment.objects.select_for_update(no_key=True).get(pk=establishment.pk)
    rota = Rota.objects.select_for_update().filter(establishment=establishment).first()
    created = rota is None
    if rota is None:
        rota = Rota(establishment=establishment, scheme=_listener_scheme(establishment))
    rota.max_shifts_per_week = max_shifts_per_week
    rota.max_nights_in_a_row = max_nights_in_a_row
    rota.requires_training = requires_training
    if max_callout_hours_per_week is not None:
        rota.max_callout_hours_per_week = max_callout_hours_per_week
    if max_night_callouts_per_week is not None:
        rota.max_night_callouts_per_week = max_night_callouts_per_week
    save(rota, actor=actor, reason="Set up" if created else "Rules changed")
    return rota


# --- Shifts ---------------------------------------------------------------------------------


def _live_from_now(**where: object) -> list[Assignment]:
    return list(
        Assignment.objects.filter(status__in=Assignment.LIVE, ends_at__gt=timezone.now(), **where).only(
            "pk", "starts_at"
        )
    )


@transaction.atomic
def shift_type_add(
    *, rota: Rota, actor: User, name: str, starts: time, ends: time, is_night: bool, order: int = 0
) -> ShiftType:
    shift_type = ShiftType(rota=rota, name=name, starts=starts, ends=ends, is_night=is_night, order=order)
    save(shift_type, actor=actor, reason="Added to the pattern")
    return shift_type


@transaction.atomic
def shift_type_update(
    *, shift_type: ShiftType, actor: User, name: str, starts: time, ends: time, is_night: bool, order: int
) -> ShiftType:
    """Renaming or reordering is always allowed. New times would leave Listeners already rostered on
    the old times, so they are refused while any are."""
    shift_type = ShiftType.objects.select_for_update().get(pk=shift_type.pk)
    if (starts, ends, is_night) != (shift_type.starts, shift_type.ends, shift_type.is_night):
        check_pattern_unused(
            live_from_now=_live_from_now(shift_type=shift_type),
            what=f"the old {shift_type.name} times",
            field="starts",
        )
    shift_type.name, shift_type.starts, shift_type.ends = name, starts, ends
    shift_type.is_night, shift_type.order = is_night, order
    save(shift_type, actor=actor, reason="Changed")
    return shift_type


@transaction.atomic
def shift_type_archive(*, shift_type: ShiftType, actor: User) -> ShiftType:
    shift_type = ShiftType.objects.select_for_update().get(pk=shift_type.pk)
    if shift_type.archived_at is not None:
        raise RuleError(f"The {shift_type.name} shift is already retired.")
    check_pattern_unused(live_from_now=_live_from_now(shift_type=shift_type), what=f"{shift_type.name}")
    shift_type.archived_at = timezone.now()
    save(shift_type, actor=actor, reason="Retired")
    return shift_type


# --- Places that need cover -----------------------------------------------------------------


def _check_locations(*, rota: Rota, locations: Iterable[Location], ignoring: CoverPoint | None) -> list:
    locations = list(locations)
    if not locations:
        raise RuleError({"locations": "Choose at least one wing or unit."})
    if any(loc.establishment_id != rota.establishment_id or loc.is_archived for loc in locations):
        raise RuleError({"locations": "Choose wings and units of this prison that are in use."})
    others = CoverPoint.locations.through.objects.filter(
        coverpoint__rota=rota, coverpoint__archived_at__isnull=True
    ).select_related("coverpoint")
    if ignoring is not None:
        others = others.exclude(coverpoint=ignoring)
    taken = {link.location_id: link.coverpoint.name for link in others}
    check_locations_covered_once(locations=locations, taken=taken)
    return locations


@transaction.atomic
def cover_point_add(
    *, rota: Rota, actor: User, name: str, locations: Iterable[Location], order: int = 0
) -> CoverPoint:
    Rota.objects.select_for_update().get(pk=rota.pk)  # one change to the places at a time
    locations = _check_locations(rota=rota, locations=locations, ignoring=None)
    cover_point = CoverPoint(rota=rota, name=name, order=order)
    save(cover_point, actor=actor, reason="Added: " + ", ".join(loc.name for loc in locations))
    cover_point.locations.set(locations)
    return cover_point


@transaction.atomic
def cover_point_update(
    *, cover_point: CoverPoint, actor: User, name: str, locations: Iterable[Location], order: int
) -> CoverPoint:
    Rota.objects.select_for_update().get(pk=cover_point.rota_id)
    cover_point = CoverPoint.objects.select_related("rota").get(pk=cover_point.pk)
    locations = _check_locations(rota=cover_point.rota, locations=locations, ignoring=cover_point)
    cover_point.name, cover_point.order = name, order
    save(cover_point, actor=actor, reason="Changed: " + ", ".join(loc.name for loc in locations))
    cover_point.locations.set(locations)
    return cover_point


@transaction.atomic
def cover_point_archive(*, cover_point: CoverPoint, actor: User) -> CoverPoint:
    cover_point = CoverPoint.objects.select_for_update().get(pk=cover_point.pk)
    if cover_point.archived_at is not None:
        raise RuleError(f"{cover_point.name} is already retired.")
    check_pattern_unused(live_from_now=_live_from_now(cover_point=cover_point), what=cover_point.name)
    cover_point.archived_at = timezone.now()
    save(cover_point, actor=actor, reason="Retired")
    return cover_point


@transaction.atomic
def cover_needs_set(*, rota: Rota, actor: User, needs: Mapping[tuple[CoverPoint, ShiftType], int]) -> int:
    """How many Listeners each place needs on each shift. Returns how many numbers changed."""
    # One change to the numbers at a time, so that two saves at once cannot both add the same one.
    Rota.objects.select_for_update().get(pk=rota.pk)
    existing = {
        (need.cover_point_id, need.shift_type_id): need
        for need in CoverNeed.objects.select_for_update().filter(cover_point__rota=rota)
    }
    changed = 0
    for (cover_point, shift_type), listeners in needs.items():
        if cover_point.rota_id != rota.pk or shift_type.rota_id != rota.pk:
            raise RuleError("That shift or place is not on this rota.")
        need = existing.get((cover_point.pk, shift_type.pk))
        if need is None and listeners == 0:
            continue
        if need is None:
            need = CoverNeed(cover_point=cover_point, shift_type=shift_type)
        elif need.listeners == listeners:
            continue
        need.listeners = listeners
        save(need, actor=actor)
        changed += 1
    return changed


# --- Training ---------------------------------------------------------------------------------


@transaction.atomic
def training_record(
    *, rota: Rota, worker: PeerWorker, actor: User, completed_on: date, valid_until: date | None
) -> ListenerTraining:
    """Samaritans Listener training (initial or a refresher) a prisoner of this establishment completed."""
    if worker.establishment_id != rota.establishment_id:
        raise RuleError({"worker": f"{worker.full_name} is not held in this establishment."})
    check_worker_in_custody(worker)
    if completed_on > timezone.localdate():
        raise RuleError({"completed_on": "Training can only be recorded once it is completed."})
    training = ListenerTraining(
        worker=worker,
        completed_on=completed_on,
        valid_until=valid_until,
        establishment_id=rota.establishment_id,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    save(training, actor=actor, reason="Recorded")
    return training

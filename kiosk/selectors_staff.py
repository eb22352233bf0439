"""Reads for the staff pages that manage kiosks and PINs, scoped to the user's establishment.

A device or peer worker of another establishment is simply not found (404).
"""

from typing import TypedDict

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from establishments.models import Establishment, Location
from kiosk.models import KioskDevice
from schemes.models import Contract, PeerWorker, SchemeLead


def device_list(*, establishment: Establishment) -> QuerySet[KioskDevice]:
    """Devices in use first, then revoked ones."""
    return (
        KioskDevice.objects.filter(establishment=establishment)
        .select_related("location", "enrolled_by", "revoked_by")
        .order_by("revoked_at", "location__name", "name")
    )


def device_get(*, establishment: Establishment, pk: int) -> KioskDevice:
    return get_object_or_404(
        KioskDevice.objects.select_related("location", "enrolled_by", "revoked_by"),
        establishment=establishment,
        pk=pk,
    )


def enrolable_locations(*, establishment: Establishment) -> QuerySet[Location]:
    return Location.objects.filter(establishment=establishment, archived_at__isnull=True).order_by("name")


def _open_contracts(led_by: User | None) -> QuerySet[Contract]:
    contracts = Contract.objects.open()
    if led_by is not None:
        contracts = contracts.filter(scheme__in=_led_schemes(led_by))
    return contracts


class _SchemeOfLead(TypedDict):
    scheme: int


def _led_schemes(user: User) -> QuerySet[SchemeLead, _SchemeOfLead]:
    return SchemeLead.objects.filter(user=user, ended_on__isnull=True).values("scheme")


def pin_list(*, establishment: Establishment, led_by: User | None = None) -> QuerySet[PeerWorker]:
    """Peer workers in custody here with an open contract (of the schemes `led_by` leads, if given),
    with their PIN's state. Three queries, however many."""
    open_contracts = _open_contracts(led_by)
    return (
        PeerWorker.objects.filter(
            establishment=establishment, custody_status=PeerWorker.CustodyStatus.IN_CUSTODY
        )
        .filter(Exists(open_contracts.filter(worker=OuterRef("pk"))))
        .select_related("location", "kiosk_credential", "kiosk_credential__pin_set_by")
        .prefetch_related(
            Prefetch(
                "contracts",
                queryset=open_contracts.select_related("scheme").order_by("scheme__name"),
                to_attr="open_contracts",
            )
        )
        .order_by("last_name", "first_name")
    )


def pin_worker_get(*, establishment: Establishment, pk: int) -> PeerWorker:
    """A peer worker held here, whose PIN staff may set."""
    return get_object_or_404(
        PeerWorker.objects.select_related("location", "kiosk_credential", "kiosk_credential__pin_set_by"),
        establishment=establishment,
        custody_status=PeerWorker.CustodyStatus.IN_CUSTODY,
        pk=pk,
    )

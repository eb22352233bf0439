"""The morning rush's cast, prepared in the load-test database (`manage.py loadtest` runs this).

Wing kiosks are enrolled and PINs set through the same services staff use (kiosk.services), so
tokens and PINs are stored (hashed) exactly as in production. What the load tool needs to act
them out (each kiosk's cookie, its peer workers' prison numbers and PINs, the staff sign-ins) is
written to one JSON file under var/; it is a test database's secrets, never a live one's.

Running it again changes nothing that still works: a kiosk whose token in the file still opens it
is kept, a PIN whose `pin_set_at` is the one the file recorded is still the PIN in the file (any
reset moves it), a staff password is kept while it still checks. Whatever no longer holds is made
again, and load-test kiosks the file no longer knows are revoked, so exactly `kiosks` are enrolled.
"""

import json
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef

from accounts.models import Role, User
from establishments.models import Location
from kiosk import rules
from kiosk.models import KioskDevice
from kiosk.models.devices import token_digest
from kiosk.services.devices import device_enrol, device_revoke
from kiosk.services.pins import pin_set
from schemes.models import Contract, PeerWorker

KIOSK_NAME_PREFIX = "Load test kiosk"
STAFF_PAGES_ROLE = Role.SAFER_CUSTODY_MANAGER


@dataclass
class Worker:
    prison_number: str
    pin: str
    pin_set_at: str


@dataclass
class Kiosk:
    name: str
    token: str
    establishment_id: int
    location_id: int
    wing: str
    workers: list[Worker] = field(default_factory=list)


@dataclass
class Staff:
    username: str
    password: str
    worker_id: int | None  # a peer worker of their prison, whose page they open


@dataclass
class Rush:
    kiosks: list[Kiosk]
    staff: list[Staff]

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(asdict(self), indent=1))
        path.chmod(0o600)

    @classmethod
    def read(cls, path: Path) -> "Rush":
        """What the file says; nothing if it is missing or was written in another shape."""
        try:
            data = json.loads(path.read_text())
            return cls(
                kiosks=[
                    Kiosk(**{**kiosk, "workers": [Worker(**w) for w in kiosk["workers"]]})
                    for kiosk in data["kiosks"]
                ],
                staff=[Staff(**s) for s in data["staff"]],
            )
        except (OSError, ValueError, KeyError, TypeError):
            return cls(kiosks=[], staff=[])


def _random_pin() -> str:
    while True:
        pin = f"{secrets.randbelow(10**6):06d}"
        try:
            rules.check_pin_is_strong_enough(pin)
        except ValidationError:
            continue
        return pin


def _manager_of(establishment_id: int) -> User:
    manager = (
        User.objects.filter(role=STAFF_PAGES_ROLE, establishments=establishment_id, is_active=True)
        .order_by("pk")
        .first()
    )
    return manager or User.objects.filter(role=Role.SYSTEM_ADMIN, is_active=True).order_by("pk").first()


def _wings(count: int) -> list[Location]:
    """The first `count` wings of the first prisons, one kiosk a wing, prison by prison."""
    return list(
        Location.objects.filter(archived_at__isnull=True)
        .select_related("establishment")
        .order_by("establishment_id", "name")[:count]
    )


def _kiosk(wing: Location, known: dict[int, Kiosk]) -> Kiosk:
    name = f"{KIOSK_NAME_PREFIX}, {wing.name}"
    kept = known.get(wing.pk)
    if (
        kept is not None
        and KioskDevice.objects.filter(
            token_hash=token_digest(kept.token), location=wing, revoked_at__isnull=True
        ).exists()
    ):
        return kept
    _, token = device_enrol(
        establishment=wing.establishment, location=wing, name=name, actor=_manager_of(wing.establishment_id)
    )
    return Kiosk(
        name=name, token=token, establishment_id=wing.establishment_id, location_id=wing.pk, wing=wing.name
    )


def _workers(kiosk: Kiosk, wing: Location, count: int) -> list[Worker]:
    """`count` peer workers held on the wing with an open contract, each with a PIN that works."""
    known = {worker.prison_number: worker for worker in kiosk.workers}
    people = (
        PeerWorker.objects.filter(
            establishment_id=wing.establishment_id,
            location=wing,
            custody_status=PeerWorker.CustodyStatus.IN_CUSTODY,
        )
        .filter(Exists(Contract.objects.open().filter(worker=OuterRef("pk"))))
        .select_related("kiosk_credential")
        .order_by("prison_number")[:count]
    )
    actor = _manager_of(wing.establishment_id)
    workers = []
    for person in people:
        kept = known.get(person.prison_number)
        credential = getattr(person, "kiosk_credential", None)
        if (
            kept is not None
            and credential is not None
            and credential.establishment_id == wing.establishment_id
            and credential.pin_set_at.isoformat() == kept.pin_set_at
            and credential.failed_attempts == 0
            and credential.locked_until is None
        ):
            workers.append(kept)
            continue
        pin = _random_pin()
        credential = pin_set(worker=person, establishment=wing.establishment, pin=pin, actor=actor)
        workers.append(
            Worker(prison_number=person.prison_number, pin=pin, pin_set_at=credential.pin_set_at.isoformat())
        )
    return workers


def _staff(kiosks: list[Kiosk], count: int, known: list[Staff]) -> list[Staff]:
    """A safer-custody manager of each of the first `count` prisons, with a password of their own."""
    by_name = {member.username: member for member in known}
    prisons = list(dict.fromkeys(kiosk.establishment_id for kiosk in kiosks))[:count]
    staff = []
    for establishment_id in prisons:
        user = _manager_of(establishment_id)
        kept = by_name.get(user.username)
        if kept is not None and check_password(kept.password, user.password):
            staff.append(kept)
            continue
        password = secrets.token_urlsafe(18)
        user.set_password(password)
        user.save(update_fields=["password"])
        worker = PeerWorker.objects.filter(establishment_id=establishment_id).order_by("pk").first()
        staff.append(
            Staff(username=user.username, password=password, worker_id=worker.pk if worker else None)
        )
    return staff


def prepare_rush(*, path: Path, kiosks: int, pins_per_kiosk: int, staff: int) -> Rush:
    """Enrol `kiosks` wing kiosks with `pins_per_kiosk` peer workers' PINs each, and `staff` staff
    sign-ins; write what the load tool needs to `path` and return it."""
    before = Rush.read(path)
    known = {kiosk.location_id: kiosk for kiosk in before.kiosks}
    rush = Rush(kiosks=[], staff=[])
    for wing in _wings(kiosks):
        kiosk = _kiosk(wing, known)
        kiosk.workers = _workers(kiosk, wing, pins_per_kiosk)
        if kiosk.workers:
            rush.kiosks.append(kiosk)
    tokens = {token_digest(kiosk.token) for kiosk in rush.kiosks}
    stale = KioskDevice.objects.filter(name__startswith=KIOSK_NAME_PREFIX, revoked_at__isnull=True).exclude(
        token_hash__in=tokens
    )
    for device in stale:
        device_revoke(
            device=device, actor=_manager_of(device.establishment_id), reason="Load test kiosk replaced"
        )
    rush.staff = _staff(rush.kiosks, staff, before.staff)
    rush.write(path)
    return rush

"""Ready-made people: one user per role in establishment A, and an outsider from B."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from tests.factories import EstablishmentFactory, LocationFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing costs ~0.3 s a user; the suite checks behaviour, not hash strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def establishment(db):
    return EstablishmentFactory(name="HMP Alpha", code="ALP")


@pytest.fixture
def other_establishment(db):
    return EstablishmentFactory(name="HMP Bravo", code="BRV")


@pytest.fixture
def wing(establishment):
    return LocationFactory(establishment=establishment, name="A wing")


@pytest.fixture
def other_wing(other_establishment):
    return LocationFactory(establishment=other_establishment, name="A wing")


def _user(role, establishment, username):
    return UserFactory(username=username, role=role, establishments=[establishment])


@pytest.fixture
def manager(establishment):
    return _user(Role.SAFER_CUSTODY_MANAGER, establishment, "manager")


@pytest.fixture
def safer_custody_officer(establishment):
    return _user(Role.SAFER_CUSTODY_OFFICER, establishment, "scofficer")


@pytest.fixture
def coordinator(establishment):
    return _user(Role.SCHEME_COORDINATOR, establishment, "coordinator")


@pytest.fixture
def wing_officer(establishment):
    return _user(Role.WING_OFFICER, establishment, "wingofficer")


@pytest.fixture
def system_admin(establishment):
    return _user(Role.SYSTEM_ADMIN, establishment, "sysadmin")


@pytest.fixture
def outsider(other_establishment):
    """A safer-custody manager from another prison: catches every leak."""
    return _user(Role.SAFER_CUSTODY_MANAGER, other_establishment, "outsider")


@pytest.fixture
def client_for(client):
    """`client_for(user)`: the test client, signed in as that user."""

    def sign_in(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return sign_in


# --- The scheme domain --------------------------------------------------------------


@pytest.fixture
def schemes(establishment, system_admin):
    """Every national preset for establishment A, with its first role description."""
    from schemes.services.schemes import scheme_presets_ensure

    scheme_presets_ensure(establishment=establishment, actor=system_admin)
    return {scheme.preset: scheme for scheme in establishment.schemes.all()}


@pytest.fixture
def listeners(schemes, coordinator, system_admin):
    """The Listener scheme, led by the coordinator."""
    from schemes.services.schemes import scheme_lead_add

    scheme = schemes["listeners"]
    scheme_lead_add(scheme=scheme, user=coordinator, actor=system_admin)
    return scheme


@pytest.fixture
def buddies(schemes):
    """A scheme the coordinator does not lead."""
    return schemes["buddies"]


@pytest.fixture
def worker(establishment, wing):
    from tests.factories import PeerWorkerFactory

    return PeerWorkerFactory(
        prison_number="A1234BC",
        first_name="Ryan",
        last_name="Ellis",
        establishment=establishment,
        location=wing,
    )


@pytest.fixture
def other_worker(other_establishment):
    from tests.factories import PeerWorkerFactory

    return PeerWorkerFactory(prison_number="Z9999ZZ", establishment=other_establishment)


@pytest.fixture
def approved_application(listeners, worker, coordinator):
    """An application received 53 days ago (1 October, seen from 23 November), every check passed,
    approved by the coordinator."""
    from schemes.services import applications

    application = applications.application_create(
        worker=worker,
        scheme=listeners,
        actor=coordinator,
        received_on=timezone.localdate() - timedelta(days=53),
    )
    for check in application.checks.all():
        applications.application_check_record(check=check, outcome="passed", actor=coordinator)
    return applications.application_approve(application=application, actor=coordinator)


@pytest.fixture
def active_contract(listeners, worker, coordinator, approved_application):
    """A signed, active six-month Listener contract that started 22 days ago.

    Dates come from the clock the test runs under: a module that travels to Monday 23 November
    2026 before its fixtures run gets a contract from 1 November 2026 to 1 May 2027.
    """
    from schemes.services import contracts

    starts_on = timezone.localdate() - timedelta(days=22)
    contract = contracts.contract_issue(
        worker=worker,
        scheme=listeners,
        actor=coordinator,
        start_date=starts_on,
        application=approved_application,
    )
    return contracts.contract_sign(
        contract=contract, signed_on=starts_on, witnessed_by=coordinator, actor=coordinator
    )


# --- The wing kiosk -----------------------------------------------------------------------

KIOSK_PIN = "2580"


@pytest.fixture
def kiosk(establishment, wing, manager):
    """A kiosk enrolled on A wing by the manager: `kiosk.device`, and `kiosk.token` for its cookie."""
    from types import SimpleNamespace

    from kiosk.services.devices import device_enrol

    device, token = device_enrol(
        establishment=establishment, location=wing, name="A wing kiosk", actor=manager
    )
    return SimpleNamespace(device=device, token=token)


@pytest.fixture
def kiosk_client(client, kiosk, settings):
    """The test client on the enrolled kiosk (it carries the device cookie), nobody signed in."""
    client.cookies[settings.KIOSK_DEVICE_COOKIE_NAME] = kiosk.token
    return client


@pytest.fixture
def worker_pin(worker, establishment, manager):
    """Ryan Ellis (the `worker`) has the kiosk PIN KIOSK_PIN."""
    from kiosk.services.pins import pin_set

    pin_set(worker=worker, establishment=establishment, pin=KIOSK_PIN, actor=manager)
    return KIOSK_PIN


@pytest.fixture
def kiosk_signed_in(kiosk_client, worker, worker_pin):
    """The kiosk client with Ryan Ellis signed in."""
    from django.urls import reverse

    response = kiosk_client.post(
        reverse("kiosk:sign_in"), {"prison_number": worker.prison_number, "pin": worker_pin}
    )
    assert response.status_code == 302, response.content
    return kiosk_client

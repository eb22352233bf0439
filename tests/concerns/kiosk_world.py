"""People and departments for the kiosk's concerns tests (view and browser tests alike): plain
functions, so that each test module's own fixtures decide when they run."""

from django.test import Client
from django.urls import reverse

from accounts.models import Role, User
from concerns.models import Department, Topic
from concerns.services import concern_defaults_ensure, department_save
from establishments.models import Establishment, Location
from kiosk.services.pins import pin_set
from schemes.models import PeerWorker
from tests.concerns.helpers import in_role
from tests.conftest import KIOSK_PIN
from tests.factories import PeerWorkerFactory, UserFactory

EQUALITY_REPS = "equality-representatives"
HEALTH = "Health and medication"
DISCRIMINATION = "Discrimination"


def healthcare_owner(*, establishment: Establishment, actor: User) -> User:
    """The departments and topics every prison starts with, and a named owner for Healthcare."""
    concern_defaults_ensure(establishment=establishment, actor=actor)
    owner = UserFactory(
        username="healthcare",
        first_name="Hana",
        last_name="Okafor",
        role=Role.WING_OFFICER,
        establishments=[establishment],
    )
    department = Department.objects.get(establishment=establishment, name="Healthcare")
    department.owner = owner
    department_save(department=department, actor=actor)
    return owner


def topic(establishment: Establishment, name: str) -> Topic:
    return Topic.objects.get(establishment=establishment, name=name, archived_at=None)


def equality_rep(
    *,
    establishment: Establishment,
    wing: Location,
    actor: User,
    prison_number: str = "A1010AA",
    first_name: str = "Raj",
    last_name: str = "Kaur",
) -> PeerWorker:
    """An Equality Representative in role, with the kiosk PIN KIOSK_PIN."""
    person = PeerWorkerFactory(
        prison_number=prison_number,
        first_name=first_name,
        last_name=last_name,
        establishment=establishment,
        location=wing,
    )
    in_role(worker=person, scheme=establishment.schemes.get(preset=EQUALITY_REPS), actor=actor, days_ago=20)
    pin_set(worker=person, establishment=establishment, pin=KIOSK_PIN, actor=actor)
    return person


def signed_in_on(token: str, worker: PeerWorker, cookie_name: str) -> Client:
    """A browser of its own on the kiosk whose device cookie is `token`, with `worker` signed in."""
    client = Client()
    client.cookies[cookie_name] = token
    response = client.post(
        reverse("kiosk:sign_in"), {"prison_number": worker.prison_number, "pin": KIOSK_PIN}
    )
    assert response.status_code == 302, response.content
    return client

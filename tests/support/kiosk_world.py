"""Mentors, the residents they support and their pairs, for the kiosk's support tests (view and
browser tests alike): plain functions, so that each test module's own fixtures decide when they run."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from establishments.models import Establishment, Location
from kiosk.services.pins import pin_set
from schemes.models import PeerWorker, Scheme
from support.models import Pair
from support.services import pair_create
from tests.concerns.helpers import in_role
from tests.conftest import KIOSK_PIN
from tests.factories import PeerWorkerFactory

TOE_BY_TOE = "toe-by-toe"
BUDDIES = "buddies"


def mentor(
    *,
    establishment: Establishment,
    wing: Location,
    scheme: Scheme,
    actor: User,
    prison_number: str = "A1011AA",
    first_name: str = "Eli",
    last_name: str = "Nash",
) -> PeerWorker:
    """A mentor in role in `scheme` for 30 days, with the kiosk PIN KIOSK_PIN."""
    person = PeerWorkerFactory(
        prison_number=prison_number,
        first_name=first_name,
        last_name=last_name,
        establishment=establishment,
        location=wing,
    )
    in_role(worker=person, scheme=scheme, actor=actor, days_ago=30)
    pin_set(worker=person, establishment=establishment, pin=KIOSK_PIN, actor=actor)
    return person


def resident(
    *, establishment: Establishment, wing: Location, prison_number: str, first_name: str, last_name: str
) -> PeerWorker:
    """A prisoner who does no peer work: the one a mentor supports."""
    return PeerWorkerFactory(
        prison_number=prison_number,
        first_name=first_name,
        last_name=last_name,
        establishment=establishment,
        location=wing,
    )


def paired(
    *, scheme: Scheme, mentor: PeerWorker, supported: PeerWorker, actor: User, days_ago: int = 14
) -> Pair:
    """The two paired in `scheme`, the resident having agreed, `days_ago` days ago."""
    return pair_create(
        scheme=scheme,
        mentor=mentor,
        supported=supported,
        started_on=timezone.localdate() - timedelta(days=days_ago),
        consent=True,
        actor=actor,
    )

"""One-to-one support in the office, at HMP Alpha: Toe by Toe led by the coordinator, a mentor in
role (Calum Hart), a learner on A wing (Kyle Moss) and, with `pair`, the two paired 20 days ago.
The office's test modules import them (`from tests.support.office_world import *`)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from schemes.services.schemes import scheme_lead_add
from support import services
from support.models import Pair
from tests.concerns.helpers import in_role
from tests.factories import PeerWorkerFactory


@pytest.fixture
def toe_by_toe(schemes, coordinator, system_admin):
    """Toe by Toe (one learner per mentor, with its default reading stages), led by the coordinator."""
    scheme = schemes["toe-by-toe"]
    scheme_lead_add(scheme=scheme, user=coordinator, actor=system_admin)
    return scheme


@pytest.fixture
def mentor(establishment, wing, toe_by_toe, coordinator):
    worker = PeerWorkerFactory(
        prison_number="A3001AA",
        first_name="Calum",
        last_name="Hart",
        establishment=establishment,
        location=wing,
    )
    in_role(worker=worker, scheme=toe_by_toe, actor=coordinator, days_ago=60)
    return worker


@pytest.fixture
def learner(establishment, wing):
    return PeerWorkerFactory(
        prison_number="A3002AA",
        first_name="Kyle",
        last_name="Moss",
        establishment=establishment,
        location=wing,
    )


def make_pair(scheme, mentor, learner, actor, *, days_ago: int = 20) -> Pair:
    return services.pair_create(
        scheme=scheme,
        mentor=mentor,
        supported=learner,
        started_on=timezone.localdate() - timedelta(days=days_ago),
        consent=True,
        actor=actor,
    )


@pytest.fixture
def pair(toe_by_toe, mentor, learner, coordinator) -> Pair:
    return make_pair(toe_by_toe, mentor, learner, coordinator)

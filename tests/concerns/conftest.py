"""The concerns tests' fixtures: an Equality Representative in role, the Healthcare owner, and a
concern about health raised through them."""

import pytest

from concerns.models import Concern, Department, Topic
from concerns.services import department_save
from schemes.models import Contract
from tests.concerns.helpers import in_role, raise_concern
from tests.factories import PeerWorkerFactory, UserFactory
from tests.peerwork.test_oversight_worker import celery_worker  # noqa: F401  a shared fixture


@pytest.fixture
def equality_rep(establishment, wing, schemes, coordinator) -> Contract:
    """Aisha Khan, an Equality Representative on A wing, in role."""
    worker = PeerWorkerFactory(
        prison_number="A2345CD",
        first_name="Aisha",
        last_name="Khan",
        establishment=establishment,
        location=wing,
    )
    return in_role(worker=worker, scheme=schemes["equality-representatives"], actor=coordinator)


@pytest.fixture
def healthcare_owner(establishment, schemes, manager):
    """A member of staff (a wing officer by role) who owns the Healthcare department."""
    owner = UserFactory(username="nurse", first_name="Nia", last_name="Roberts", role="wing_officer")
    owner.establishments.add(establishment)
    department = Department.objects.get(establishment=establishment, name="Healthcare")
    department.owner = owner
    department_save(department=department, actor=manager)
    return owner


@pytest.fixture
def health(establishment, schemes) -> Topic:
    return Topic.objects.get(establishment=establishment, name="Health and medication")


@pytest.fixture
def concern(equality_rep, health, healthcare_owner) -> Concern:
    return raise_concern(equality_rep, health)

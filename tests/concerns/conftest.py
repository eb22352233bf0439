"""The concerns tests' fixtures, at HMP Alpha (every app's default departments and topics come with
the `schemes` fixture, as they do with a new establishment).

- Ryan Ellis (`worker`) as an Equality Representative in a scheme the coordinator leads
  (`rep_contract`), `raise_concern(**changes)` to raise one through him, `concern`, and `nurse`,
  a wing officer who owns Healthcare.
- Aisha Khan (`equality_rep`), `healthcare_owner` and `health_concern`, for the service and job
  tests, which build concerns with `tests.concerns.helpers`.
"""

import pytest
from django.utils import timezone

from concerns.models import Concern, Department, Topic
from concerns.services import department_save
from schemes.models import Contract
from tests.concerns.helpers import in_role, raised_concern
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
def health_concern(equality_rep, health, healthcare_owner) -> Concern:
    """Aisha Khan's concern about health, with Healthcare (owned by `healthcare_owner`)."""
    return raised_concern(equality_rep, health)


@pytest.fixture
def concern_defaults(establishment, system_admin):
    from concerns.services import concern_defaults_ensure

    concern_defaults_ensure(establishment=establishment, actor=system_admin)


@pytest.fixture
def healthcare(concern_defaults, establishment):
    return Department.objects.get(establishment=establishment, name="Healthcare")


@pytest.fixture
def health_topic(concern_defaults, establishment):
    return Topic.objects.get(establishment=establishment, name="Health and medication")


@pytest.fixture
def equality_reps(schemes, coordinator, system_admin):
    """The Equality Representatives (they carry concerns), led by the coordinator."""
    from schemes.services.schemes import scheme_lead_add

    scheme = schemes["equality-representatives"]
    scheme_lead_add(scheme=scheme, user=coordinator, actor=system_admin)
    return scheme


@pytest.fixture
def rep_contract(equality_reps, worker, coordinator):
    """Ryan Ellis's Equality Representative role (open: awaiting his signature)."""
    from schemes.services.contracts import contract_issue

    return contract_issue(
        worker=worker, scheme=equality_reps, actor=coordinator, start_date=timezone.localdate()
    )


@pytest.fixture
def raise_concern(rep_contract, health_topic, wing):
    """`raise_concern(**changes)`: a concern Ryan Ellis raises on the kiosk, about health on A wing."""
    from concerns.services import concern_raise

    def raise_one(**changes) -> Concern:
        arguments = {
            "worker": rep_contract.worker,
            "contract": rep_contract,
            "topic": health_topic,
            "location": wing,
            "affects": Concern.Affects.SEVERAL,
            "problem": "Evening medication comes after bang-up.",
        } | changes
        return concern_raise(**arguments)

    return raise_one


@pytest.fixture
def concern(raise_concern):
    return raise_concern()


@pytest.fixture
def nurse(establishment, healthcare, manager):
    """A wing officer who owns Healthcare."""
    from accounts.models import Role
    from concerns.services import department_save
    from tests.factories import UserFactory

    user = UserFactory(username="nurse", role=Role.WING_OFFICER, establishments=[establishment])
    healthcare.owner = user
    department_save(department=healthcare, actor=manager)
    return user

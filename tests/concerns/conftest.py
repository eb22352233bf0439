"""Concerns at HMP Alpha: the default departments and topics, an Equality Representative who
carries concerns (in a scheme the coordinator leads), and a way to raise concerns through them."""

import pytest
from django.utils import timezone

from concerns.models import Concern, Department, Topic


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

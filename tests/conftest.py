"""Ready-made people: one user per role in establishment A, and an outsider from B."""

import pytest

from accounts.models import Role
from tests.factories import EstablishmentFactory, LocationFactory, UserFactory


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

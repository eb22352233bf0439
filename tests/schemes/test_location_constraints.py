import pytest
from django.db import IntegrityError
from django.utils import timezone

from establishments.models import Location
from tests.factories import LocationFactory


def test_the_database_refuses_two_live_locations_with_one_name(wing):
    with pytest.raises(IntegrityError):
        Location.objects.create(establishment=wing.establishment, name="a wing")


def test_the_database_refuses_an_unattributed_archive(wing):
    with pytest.raises(IntegrityError):
        Location.objects.filter(pk=wing.pk).update(archived_at=timezone.now())


def test_an_archived_location_frees_its_name(wing, manager):
    Location.objects.filter(pk=wing.pk).update(archived_at=timezone.now(), archived_by=manager)
    assert LocationFactory(establishment=wing.establishment, name="A wing").pk != wing.pk

"""A department's owner and deputies hear about the overdue flags of its concerns (flags.audience):
in the inbox, on the flag's page and in the digest, whatever their role."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from concerns.services import concern_forward, concerns_overdue_sync, department_save
from flags.audience import audiences, flags_for, hears_about, hears_any_flag
from flags.models import Flag


@pytest.fixture
def overdue_flag(raise_concern):
    concern = raise_concern(now=timezone.now() - timedelta(days=20))
    concerns_overdue_sync()
    return Flag.objects.get(concern=concern)


def test_the_owner_hears_about_their_departments_overdue_concerns(nurse, overdue_flag, establishment):
    assert hears_any_flag(nurse)
    assert hears_about(nurse, overdue_flag)
    assert list(flags_for(user=nurse, establishment=establishment)) == [overdue_flag]


def test_a_deputy_hears_too_and_once(
    nurse, safer_custody_officer, wing_officer, healthcare, manager, overdue_flag, establishment
):
    department_save(department=healthcare, actor=manager, deputies=[wing_officer, safer_custody_officer])
    assert hears_about(wing_officer, overdue_flag)
    assert list(flags_for(user=wing_officer, establishment=establishment)) == [overdue_flag]
    assert list(flags_for(user=nurse, establishment=establishment)) == [overdue_flag]


def test_staff_of_other_departments_do_not_hear(wing_officer, overdue_flag, establishment):
    assert not hears_any_flag(wing_officer)
    assert not hears_about(wing_officer, overdue_flag)
    assert not flags_for(user=wing_officer, establishment=establishment).exists()


def test_a_forwarded_concerns_flag_goes_with_it(nurse, manager, overdue_flag, establishment):
    from concerns.models import Department

    catering = Department.objects.get(establishment=establishment, name="Catering")
    concern_forward(
        concern=overdue_flag.concern, actor=manager, department=catering, note="Food, not health."
    )
    assert not hears_about(nurse, Flag.objects.get(pk=overdue_flag.pk))


def test_the_owner_opens_the_flag_page_and_follows_it_to_the_concern(client_for, nurse, overdue_flag):
    page = client_for(nurse).get(reverse("flags:flag_detail", args=[overdue_flag.pk]))

    assert page.status_code == 200
    concern_url = reverse("concerns:concern_detail", args=[overdue_flag.concern_id])
    assert f'href="{concern_url}"' in page.content.decode()


def test_audiences_cost_three_queries_however_many_owners(
    nurse, manager, healthcare, establishment, django_assert_num_queries
):
    from tests.factories import UserFactory

    with django_assert_num_queries(3):
        audiences(users=User.objects.all())
    deputies = UserFactory.create_batch(5, establishments=[establishment])
    department_save(department=healthcare, actor=manager, deputies=deputies)
    with django_assert_num_queries(3):
        found = audiences(users=User.objects.all())
    assert all(found[d.pk].department_ids == {healthcare.pk} for d in deputies)
    assert found[nurse.pk].department_ids == {healthcare.pk}

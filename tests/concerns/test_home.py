"""A department's owner or deputy, whatever their role, sees on their home page how many of its
concerns wait for an answer and how many are overdue, linked to the filtered list."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone


def test_the_owner_sees_their_departments_concerns_and_the_overdue_ones(client_for, nurse, raise_concern):
    raise_concern()
    raise_concern(now=timezone.now() - timedelta(days=30))
    html = client_for(nurse).get(reverse("home")).content.decode()
    assert "2 concerns for Healthcare</a>" in html
    assert "1 overdue" in html
    assert (
        f"?department={nurse.concern_departments_owned.get().pk}&amp;status=waiting&amp;overdue=yes" in html
    )


def test_the_owner_sees_the_overdue_flags_they_hear_about(client_for, nurse, raise_concern):
    from concerns.services import concerns_overdue_sync

    raise_concern(now=timezone.now() - timedelta(days=30))
    concerns_overdue_sync()
    html = client_for(nurse).get(reverse("home")).content.decode()
    assert "1 open flag needs attention" in html and "has no answer" in html


def test_a_deputy_sees_them_too(client_for, safer_custody_officer, healthcare, manager, concern):
    from concerns.services import department_save

    department_save(department=healthcare, actor=manager, deputies=[safer_custody_officer])
    html = client_for(safer_custody_officer).get(reverse("home")).content.decode()
    assert "1 concern for Healthcare</a>, none overdue" in html


def test_staff_who_own_no_department_see_no_block(client_for, wing_officer, concern):
    assert 'data-testid="home-concerns"' not in client_for(wing_officer).get(reverse("home")).content.decode()


def test_the_owners_home_costs_the_same_queries_for_few_or_many(
    client_for, nurse, raise_concern, settings, django_assert_num_queries
):
    settings.CONCERNS_PER_DAY = 100
    client = client_for(nurse)
    raise_concern()
    client.get(reverse("home"))
    with django_assert_num_queries(QUERIES):
        client.get(reverse("home"))
    for _ in range(20):
        raise_concern()
    with django_assert_num_queries(QUERIES):
        client.get(reverse("home"))


# A wing officer's home (session, user, establishments, wings, who is on duty, the navigation),
# whether they answer for a department (asked once, for the navigation, the flags and this block),
# one query for their departments' concerns, and the flags block's reads: they hear about their
# departments' overdue flags (flags.audience).
QUERIES = 11

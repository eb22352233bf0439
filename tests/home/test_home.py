from datetime import date

import pytest
from django.urls import reverse

from tests.factories import UserFactory


@pytest.mark.parametrize(
    ("user_fixture", "heading"),
    [
        ("manager", "Safer custody overview"),
        ("safer_custody_officer", "Safer custody overview"),
        ("coordinator", "Your schemes"),
        ("wing_officer", "Wing office"),
        ("system_admin", "Administration"),
    ],
)
def test_each_role_sees_its_own_home_page(request, client_for, wing, user_fixture, heading):
    user = request.getfixturevalue(user_fixture)
    response = client_for(user).get(reverse("home"))
    body = response.content.decode()
    assert response.status_code == 200
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in body
    assert "HMP Alpha" in body
    assert user.get_role_display() in body


def test_the_home_page_shows_only_this_establishments_wings(client_for, manager, wing, other_wing):
    other_wing.name = "Secret wing"
    other_wing.save()
    body = client_for(manager).get(reverse("home")).content.decode()
    assert "Secret wing" not in body


def test_a_user_with_no_establishment_is_told_why(client_for, db):
    lonely = UserFactory(username="lonely")
    response = client_for(lonely).get(reverse("home"))
    assert response.status_code == 403
    assert "You are not set up for an establishment yet" in response.content.decode()


def test_the_navigation_follows_the_role(client_for, manager, wing_officer):
    assert "Flags</a>" in client_for(manager).get(reverse("home")).content.decode()
    assert "Staff</a>" in client_for(manager).get(reverse("more")).content.decode()
    assert "Flags</a>" not in client_for(wing_officer).get(reverse("home")).content.decode()
    assert "Staff</a>" not in client_for(wing_officer).get(reverse("more")).content.decode()


@pytest.mark.parametrize("user_fixture", ["manager", "coordinator"])
def test_home_page_query_count_is_fixed(
    request, client_for, listeners, establishment, django_assert_num_queries, user_fixture
):
    from schemes.services.contracts import contract_issue
    from tests.factories import LocationFactory, PeerWorkerFactory

    client = client_for(request.getfixturevalue(user_fixture))
    coordinator = request.getfixturevalue("coordinator")

    def add_rows(n):
        LocationFactory.create_batch(n, establishment=establishment)
        for worker in PeerWorkerFactory.create_batch(n, establishment=establishment):
            contract_issue(worker=worker, scheme=listeners, actor=coordinator, start_date=date(2026, 11, 1))

    add_rows(1)
    client.get(reverse("home"))
    with django_assert_num_queries(QUERIES[user_fixture]):
        client.get(reverse("home"))
    add_rows(15)
    with django_assert_num_queries(QUERIES[user_fixture]):
        client.get(reverse("home"))


# session, user, establishments, then the role's own reads
# A coordinator's home lists the flags they hear about (flags.audience): two queries.
# Every home asks once which departments the person answers concerns for (concerns.selectors_staff.workload_of).
QUERIES = {"manager": 12, "coordinator": 13}


def test_the_ending_soon_headings_follow_the_warning_lead_times(client_for, manager, schemes, settings):
    settings.CONTRACT_WARNING_DAYS = [60, 14, 7]
    page = client_for(manager).get(reverse("home")).content.decode()
    assert "Ending in 60 days" in page
    assert "No contracts end in the next 60 days" in page
    assert "28 days" not in page

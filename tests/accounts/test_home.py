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
    assert "A wing" in body


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
    assert "Staff</a>" in client_for(manager).get(reverse("home")).content.decode()
    assert "Staff</a>" not in client_for(wing_officer).get(reverse("home")).content.decode()


def test_home_page_query_count_is_fixed(client_for, manager, establishment, django_assert_num_queries):
    from tests.factories import LocationFactory

    client = client_for(manager)
    LocationFactory.create_batch(2, establishment=establishment)
    # session, user, establishments, locations, and the session save (in a savepoint)
    with django_assert_num_queries(7):
        client.get(reverse("home"))
    LocationFactory.create_batch(20, establishment=establishment)
    with django_assert_num_queries(7):
        client.get(reverse("home"))

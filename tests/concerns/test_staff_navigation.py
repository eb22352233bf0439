"""Concerns in the navigation: on the More page for everyone who sees concerns, and the
departments and topics for those who keep them."""

from django.urls import reverse

from accounts.navigation import sections_for


def on_more(user):
    return [item["label"] for section in sections_for(user=user) for item in section["items"]]


def test_concerns_are_on_the_more_page_for_those_who_see_them(
    manager, coordinator, wing_officer, system_admin
):
    assert {"Concerns", "Departments and topics"} <= set(on_more(manager))
    assert {"Concerns", "Departments and topics"} <= set(on_more(system_admin))
    assert "Concerns" in on_more(coordinator) and "Departments and topics" not in on_more(coordinator)
    assert "Concerns" not in on_more(wing_officer)


def test_a_department_owner_of_any_role_finds_concerns_on_more(client_for, nurse):
    assert "Concerns" in on_more(nurse)
    assert ">Concerns</a>" in client_for(nurse).get(reverse("more")).content.decode()

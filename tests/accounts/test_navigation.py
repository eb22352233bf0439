"""The primary navigation: a few items per role, the rest one click away on the "More" page."""

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.navigation import MAX_PRIMARY_ITEMS, NAVIGATION, PRIMARY, navigation_for, sections_for

ROLES = ["manager", "safer_custody_officer", "coordinator", "wing_officer", "system_admin"]


def labels(items):
    return [item["label"] for item in items]


@pytest.mark.parametrize("user_fixture", ROLES)
def test_it_shows_at_most_six_items_ending_with_more(request, user_fixture):
    user = request.getfixturevalue(user_fixture)
    items = navigation_for(user=user, path="/")
    assert 3 <= len(items) <= MAX_PRIMARY_ITEMS
    assert labels(items)[0] == "Home" and labels(items)[-1] == "More"


@pytest.mark.parametrize("user_fixture", ROLES)
def test_every_section_the_role_may_open_is_in_the_navigation_or_on_more(request, user_fixture):
    user = request.getfixturevalue(user_fixture)
    reachable = labels(navigation_for(user=user, path="/"))
    reachable += [item["label"] for section in sections_for(user=user) for item in section["items"]]
    allowed = [item.label for item in NAVIGATION if not item.permission or user.has_perm(item.permission)]
    assert set(allowed) <= set(reachable)


def test_every_role_has_its_own_primary_items():
    assert set(PRIMARY) == set(Role)
    for names in PRIMARY.values():
        assert len(names) <= MAX_PRIMARY_ITEMS
        assert set(names) <= {item.url_name for item in NAVIGATION}


def test_a_wing_officer_sees_what_they_use_on_the_wing(wing_officer):
    assert labels(navigation_for(user=wing_officer, path="/")) == [
        "Home",
        "Listeners on duty",
        "Call-outs",
        "Listener rota",
        "Peer workers",
        "More",
    ]
    on_more = [item["label"] for section in sections_for(user=wing_officer) for item in section["items"]]
    assert "Wings and units" in on_more
    assert "Wing kiosks" not in on_more and "Staff" not in on_more


def test_the_current_section_is_marked_and_more_stands_for_the_sections_it_holds(manager):
    on_flags = navigation_for(user=manager, path=reverse("flags:flag_list"))
    assert [item["label"] for item in on_flags if item["current"]] == ["Flags"]
    on_staff = navigation_for(user=manager, path=reverse("accounts:staff_list"))
    assert [item["label"] for item in on_staff if item["current"]] == ["More"]
    at_home = navigation_for(user=manager, path=reverse("home"))
    assert [item["label"] for item in at_home if item["current"]] == ["Home"]


def test_the_more_page_lists_the_sections_by_group(client_for, manager):
    response = client_for(manager).get(reverse("more"))
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Wings and units", "Wing kiosks", "Staff", "Contracts ending", "Call-outs"):
        assert f">{label}</a>" in html
    assert 'aria-current="page"' in html


def test_the_more_page_needs_a_signed_in_member_of_staff(client):
    response = client.get(reverse("more"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))

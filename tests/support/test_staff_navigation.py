"""One-to-one support is one click away on the "More" page, for those who keep pairs."""

import pytest

from accounts.navigation import navigation_for, sections_for


def on_more(user):
    return {item["label"] for section in sections_for(user=user) for item in section["items"]}


@pytest.mark.parametrize("role", ["manager", "safer_custody_officer", "coordinator", "system_admin"])
def test_those_who_keep_pairs_find_it_on_more(request, role):
    user = request.getfixturevalue(role)
    assert "One-to-one support" in on_more(user)
    assert len(navigation_for(user=user, path="/support/")) <= 6


def test_a_wing_officer_does_not(wing_officer):
    assert "One-to-one support" not in on_more(wing_officer)


def test_more_is_current_on_the_support_pages(manager):
    current = [
        item["label"] for item in navigation_for(user=manager, path="/support/pairs/1/") if item["current"]
    ]
    assert current == ["More"]

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from schemes.models import RoleDescription
from schemes.models.roles import ROLE_DESCRIPTION_FIELDS
from schemes.services.schemes import role_description_publish

NEW_DUTY = "Tell the duty officer when you are unlocked at night."


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)


def _current(scheme) -> RoleDescription:
    return scheme.role_descriptions.order_by("-version").first()


def _fields(role: RoleDescription, **changes) -> dict:
    return {name: getattr(role, name) for name in ROLE_DESCRIPTION_FIELDS} | changes


def _edit_url(scheme):
    return reverse("schemes:role_description_edit", args=[scheme.pk])


def _version_url(scheme, version):
    return reverse("schemes:role_description_version", args=[scheme.pk, version])


def _publish_more(scheme, actor, count):
    for n in range(count):
        role = _current(scheme)
        role_description_publish(
            scheme=scheme,
            actor=actor,
            change_summary=f"Change {n}",
            **_fields(role, hours=f"{role.hours} ({n})"),
        )


# --- The editor -----------------------------------------------------------------------------------


def test_the_editor_starts_from_the_current_version(client_for, coordinator, listeners):
    response = client_for(coordinator).get(_edit_url(listeners))
    form = response.context["form"]
    current = _current(listeners)
    assert response.status_code == 200
    for name in ROLE_DESCRIPTION_FIELDS:
        assert form.initial[name] == getattr(current, name)
    assert "change_summary" in form.fields
    body = response.content.decode()
    assert "Go to Samaritans support meetings." in body
    assert "One duty per line" in body
    assert "short sentences" in body


def test_publishing_makes_version_2_and_leaves_version_1_and_its_contract_alone(
    client_for, coordinator, listeners, active_contract
):
    first = _current(listeners)
    before = _fields(first)
    client = client_for(coordinator)

    response = client.post(
        _edit_url(listeners),
        _fields(first, duties=f"{first.duties}\n{NEW_DUTY}", change_summary="Say when you are unlocked"),
    )

    second = _current(listeners)
    assert response.status_code == 302
    assert response.url == _version_url(listeners, 2)
    assert (second.version, second.published_by, second.change_summary) == (
        2,
        coordinator,
        "Say when you are unlocked",
    )
    assert NEW_DUTY in second.duties
    first.refresh_from_db()
    assert _fields(first) == before
    active_contract.refresh_from_db()
    assert active_contract.role_description == first
    old_page = client.get(_version_url(listeners, 1)).content.decode()
    assert "Role description, version 1" in old_page
    assert NEW_DUTY not in old_page


def test_the_diff_page_marks_an_added_duty(client_for, coordinator, listeners):
    first = _current(listeners)
    client = client_for(coordinator)
    client.post(_edit_url(listeners), _fields(first, duties=f"{first.duties}\n{NEW_DUTY}", change_summary=""))

    response = client.get(_version_url(listeners, 2))
    body = response.content.decode()

    assert f"<ins>{NEW_DUTY}</ins>" in body
    assert "Changes since version 1" in body
    assert [change.label for change in response.context["changes"]] == ["What you do"]
    assert "<del>" not in body
    assert 'style="' not in body


def test_the_diff_page_marks_a_removed_line(client_for, safer_custody_officer, listeners):
    first = _current(listeners)
    client = client_for(safer_custody_officer)
    client.post(_edit_url(listeners), _fields(first, privileges="", change_summary="No red band"))
    body = client.get(_version_url(listeners, 2)).content.decode()
    assert f"<del>{first.privileges}</del>" in body


def test_publishing_with_nothing_changed_is_refused_on_the_form(client_for, coordinator, listeners):
    response = client_for(coordinator).post(
        _edit_url(listeners), _fields(_current(listeners), change_summary="Just checking")
    )
    assert response.status_code == 200
    assert "Nothing has changed since the current version" in response.content.decode()
    assert 'value="Just checking"' in response.content.decode()
    assert listeners.role_descriptions.count() == 1


def test_a_missing_part_gets_a_message_next_to_it_and_nothing_is_published(
    client_for, coordinator, listeners
):
    response = client_for(coordinator).post(
        _edit_url(listeners), _fields(_current(listeners), duties="", hours="Weekday evenings only")
    )
    assert response.context["form"].errors["duties"] == ["Enter what the peer worker does"]  # GOV.UK words
    assert "Weekday evenings only" in response.content.decode()
    assert listeners.role_descriptions.count() == 1


def test_a_coordinator_who_does_not_lead_buddies_may_not_edit_its_role(
    client_for, coordinator, listeners, buddies
):
    client = client_for(coordinator)
    assert client.get(_edit_url(buddies)).status_code == 403
    response = client.post(_edit_url(buddies), _fields(_current(buddies), duties="Babysit for staff."))
    assert response.status_code == 403
    assert buddies.role_descriptions.count() == 1


def test_safer_custody_staff_may_edit_any_schemes_role(client_for, safer_custody_officer, buddies):
    first = _current(buddies)
    response = client_for(safer_custody_officer).post(
        _edit_url(buddies), _fields(first, duties=f"{first.duties}\n{NEW_DUTY}")
    )
    assert response.status_code == 302
    assert _current(buddies).version == 2


def test_a_wing_officer_may_read_the_versions_but_not_edit(client_for, wing_officer, listeners):
    client = client_for(wing_officer)
    assert client.get(_edit_url(listeners)).status_code == 403
    assert client.get(reverse("schemes:role_description_versions", args=[listeners.pk])).status_code == 200
    assert client.get(_version_url(listeners, 1)).status_code == 200


@pytest.mark.parametrize("name", ["role_description_edit", "role_description_versions"])
def test_another_establishments_role_is_not_found(client_for, outsider, listeners, name):
    assert client_for(outsider).get(reverse(f"schemes:{name}", args=[listeners.pk])).status_code == 404


def test_another_establishments_version_is_not_found(client_for, outsider, listeners):
    assert client_for(outsider).get(_version_url(listeners, 1)).status_code == 404


def test_another_establishments_role_cannot_be_published(client_for, outsider, listeners):
    first = _current(listeners)
    response = client_for(outsider).post(_edit_url(listeners), _fields(first, duties=NEW_DUTY))
    assert response.status_code == 404
    assert listeners.role_descriptions.count() == 1


# --- Versions --------------------------------------------------------------------------------------


def test_the_versions_list_is_newest_first_with_who_and_why(client_for, manager, coordinator, listeners):
    _publish_more(listeners, coordinator, 2)
    response = client_for(manager).get(reverse("schemes:role_description_versions", args=[listeners.pk]))
    versions = list(response.context["versions"])
    assert [v.version for v in versions] == [3, 2, 1]
    assert versions[0].published_by == coordinator
    body = response.content.decode()
    assert "Change 1" in body
    assert str(coordinator) in body
    assert "23 November 2026" in body


def test_the_first_version_has_nothing_to_compare_with(client_for, manager, listeners):
    response = client_for(manager).get(_version_url(listeners, 1))
    assert response.context["previous"] is None
    assert "This is the first version" in response.content.decode()


def test_a_version_that_does_not_exist_is_not_found(client_for, manager, listeners):
    assert client_for(manager).get(_version_url(listeners, 2)).status_code == 404


def test_the_versions_query_count_does_not_grow_with_rows(
    client_for, manager, coordinator, listeners, django_assert_num_queries
):
    client = client_for(manager)
    url = reverse("schemes:role_description_versions", args=[listeners.pk])
    with django_assert_num_queries(6):
        client.get(url)
    _publish_more(listeners, coordinator, 6)
    with django_assert_num_queries(6):
        client.get(url)

import pytest
from django.urls import reverse

from establishments.models import Location
from tests.factories import LocationFactory


def test_staff_see_their_own_prisons_wings(client_for, wing_officer, wing, other_wing):
    other_wing.name = "Bravo's wing"
    other_wing.save()
    body = client_for(wing_officer).get(reverse("schemes:location_list")).content.decode()
    assert "A wing" in body
    assert "Bravo's wing" not in body


@pytest.mark.parametrize("name", ["location_detail", "location_update"])
def test_another_establishments_wing_is_not_found(client_for, manager, other_wing, name):
    response = client_for(manager).get(reverse(f"schemes:{name}", args=[other_wing.pk]))
    assert response.status_code == 404


def test_another_establishments_wing_cannot_be_archived(client_for, manager, other_wing):
    response = client_for(manager).post(reverse("schemes:location_archive", args=[other_wing.pk]))
    assert response.status_code == 404
    other_wing.refresh_from_db()
    assert other_wing.archived_at is None


def test_a_manager_adds_a_wing(client_for, manager, establishment):
    response = client_for(manager).post(
        reverse("schemes:location_create"),
        {"name": "G wing", "kind": "wing", "is_vulnerable_prisoners_unit": "on"},
    )
    location = Location.objects.get(name="G wing")
    assert response.status_code == 302
    assert location.establishment == establishment
    assert location.is_vulnerable_prisoners_unit
    assert location.history.get().history_user == manager


def test_a_wing_officer_may_not_add_a_wing(client_for, wing_officer):
    client = client_for(wing_officer)
    assert client.get(reverse("schemes:location_create")).status_code == 403
    response = client.post(reverse("schemes:location_create"), {"name": "G wing", "kind": "wing"})
    assert response.status_code == 403
    assert not Location.objects.filter(name="G wing").exists()


def test_a_duplicate_name_is_refused_and_what_was_typed_is_kept(client_for, manager, wing):
    response = client_for(manager).post(
        reverse("schemes:location_create"), {"name": "a WING", "kind": "unit"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "This establishment already has a location with that name." in body
    assert 'value="a WING"' in body
    assert Location.objects.count() == 1


def test_a_missing_name_gets_a_message_next_to_the_field(client_for, manager):
    response = client_for(manager).post(reverse("schemes:location_create"), {"name": "", "kind": "wing"})
    form = response.context["form"]
    assert form.errors["name"] == ["Enter the name of the wing or unit"]  # GOV.UK words
    assert "govuk-error-summary" in response.content.decode()
    assert not Location.objects.exists()


def test_the_same_name_may_be_used_in_another_prison(client_for, outsider, wing):
    response = client_for(outsider).post(
        reverse("schemes:location_create"), {"name": "A wing", "kind": "wing"}
    )
    assert response.status_code == 302
    assert Location.objects.filter(name="A wing").count() == 2


def test_changes_show_in_the_history_with_who_made_them(client_for, manager, wing):
    client = client_for(manager)
    client.post(
        reverse("schemes:location_update", args=[wing.pk]),
        {"name": "Alpha wing", "kind": "wing", "is_vulnerable_prisoners_unit": "on"},
    )
    response = client.get(reverse("schemes:location_detail", args=[wing.pk]))
    history = response.context["history"]
    assert history[0].who == manager
    assert {(c.field, c.old, c.new) for c in history[0].changes} == {
        ("Name", "A wing", "Alpha wing"),
        ("Vulnerable prisoners' unit (VPU)", "No", "Yes"),
    }
    assert "A wing → Alpha wing" in response.content.decode()


def test_archiving_keeps_the_record_with_who_and_when(client_for, manager, wing):
    client = client_for(manager)
    client.post(reverse("schemes:location_archive", args=[wing.pk]))
    wing.refresh_from_db()
    assert wing.archived_by == manager
    assert wing.archived_at is not None
    assert list(client.get(reverse("schemes:location_list")).context["locations"]) == []
    assert list(client.get(reverse("schemes:location_list") + "?archived=1").context["locations"]) == [wing]


def test_an_archived_name_can_be_reused_and_restoring_a_clash_is_refused(client_for, manager, wing):
    client = client_for(manager)
    client.post(reverse("schemes:location_archive", args=[wing.pk]))
    client.post(reverse("schemes:location_create"), {"name": "A wing", "kind": "wing"})
    response = client.post(reverse("schemes:location_restore", args=[wing.pk]), follow=True)
    wing.refresh_from_db()
    assert wing.is_archived
    assert "This establishment already has a location with that name." in response.content.decode()


def test_the_list_query_count_does_not_grow_with_rows(
    client_for, manager, establishment, django_assert_num_queries
):
    client = client_for(manager)
    LocationFactory.create_batch(3, establishment=establishment)
    with django_assert_num_queries(4):
        client.get(reverse("schemes:location_list"))
    LocationFactory.create_batch(30, establishment=establishment)
    with django_assert_num_queries(4):
        client.get(reverse("schemes:location_list"))

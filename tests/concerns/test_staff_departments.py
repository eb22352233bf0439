"""Departments and topics: listed for anyone who sees concerns, changed by managers, retired not deleted."""

from django.urls import reverse

from concerns.models import Department, Topic

LIST = reverse("concerns:department_list")


def test_the_list_shows_departments_owners_and_topics(client_for, nurse, healthcare):
    html = client_for(nurse).get(LIST).content.decode()
    assert "Healthcare" in html and "Health and medication" in html
    assert "Add a department" not in html


def test_a_manager_adds_a_department_with_an_owner_and_deputies(
    client_for, manager, nurse, safer_custody_officer, concern_defaults
):
    client = client_for(manager)
    assert client.get(reverse("concerns:department_add")).status_code == 200
    response = client.post(
        reverse("concerns:department_add"),
        {
            "name": "Gym",
            "owner": nurse.pk,
            "deputies": [safer_custody_officer.pk],
            "digest_email": "gym@example.org",
        },
    )
    assert response.status_code == 302
    gym = Department.objects.get(name="Gym")
    assert gym.owner == nurse and list(gym.deputies.all()) == [safer_custody_officer]


def test_a_name_in_use_is_refused_next_to_the_box(client_for, manager, healthcare):
    response = client_for(manager).post(reverse("concerns:department_add"), {"name": "healthcare"})
    assert response.status_code == 200
    assert "already has a department with that name" in response.content.decode()


def test_staff_of_another_prison_cannot_be_the_owner(client_for, manager, outsider, healthcare):
    response = client_for(manager).post(
        reverse("concerns:department_edit", args=[healthcare.pk]),
        {"name": "Healthcare", "owner": outsider.pk},
    )
    assert response.context["form"].errors["owner"]


def test_a_department_with_topics_is_not_retired(client_for, manager, healthcare):
    response = client_for(manager).post(reverse("concerns:department_retire", args=[healthcare.pk]))
    assert (
        response.status_code == 200
        and "Give its topics another department first" in response.content.decode()
    )
    healthcare.refresh_from_db()
    assert healthcare.archived_at is None


def test_a_topic_is_added_changed_and_retired(client_for, manager, healthcare):
    client = client_for(manager)
    client.post(
        reverse("concerns:topic_add"),
        {"name": "Dentist", "department": healthcare.pk, "answer_within_days": 14},
    )
    dentist = Topic.objects.get(name="Dentist")
    response = client.post(
        reverse("concerns:topic_edit", args=[dentist.pk]),
        {"name": "Dentist", "department": healthcare.pk, "answer_within_days": 400},
    )
    assert response.status_code == 200 and response.context["form"].errors
    client.post(reverse("concerns:topic_retire", args=[dentist.pk]))
    dentist.refresh_from_db()
    assert dentist.archived_at is not None


def test_only_managers_and_admins_change_them(client_for, safer_custody_officer, coordinator, healthcare):
    assert client_for(safer_custody_officer).get(reverse("concerns:department_add")).status_code == 403
    assert (
        client_for(coordinator).get(reverse("concerns:department_edit", args=[healthcare.pk])).status_code
        == 403
    )


def test_another_prisons_department_is_not_found(client_for, outsider, healthcare):
    assert (
        client_for(outsider).get(reverse("concerns:department_edit", args=[healthcare.pk])).status_code == 404
    )
    assert (
        client_for(outsider)
        .get(reverse("concerns:topic_retire", args=[healthcare.topics.first().pk]))
        .status_code
        == 404
    )

"""The concerns list: scoped to who sees what, filtered from the query string, counted, paged."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from concerns.models import Concern

URL = reverse("concerns:concern_list")


def test_it_lists_the_open_concerns_with_counts_by_status(client_for, manager, raise_concern):
    raise_concern(problem="Evening medication comes after bang-up.")
    raise_concern(problem="The dentist list is three months long.")
    response = client_for(manager).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Evening medication" in html and "The dentist list" in html
    assert "Sent to the department: 2</a>" in html
    assert "0 overdue" in html


def test_a_department_owner_sees_only_their_departments_concerns(
    client_for, nurse, raise_concern, concern_defaults, establishment
):
    from concerns.models import Topic

    raise_concern(problem="Medication is late.")
    raise_concern(
        problem="Halal meals run out.", topic=Topic.objects.get(establishment=establishment, name="Food")
    )
    html = client_for(nurse).get(URL).content.decode()
    assert "Medication is late." in html
    assert "Halal meals run out." not in html


def test_staff_who_see_no_concerns_are_refused(client_for, wing_officer, concern):
    assert client_for(wing_officer).get(URL).status_code == 403


def test_another_prisons_manager_sees_none_of_these_concerns(client_for, outsider, concern):
    html = client_for(outsider).get(URL).content.decode()
    assert concern.problem not in html


def test_the_filters_come_from_the_query_string(client_for, manager, raise_concern, healthcare, wing):
    answered = raise_concern(problem="Answered one.")
    from concerns.services import concern_answer

    concern_answer(concern=answered, actor=manager, answer="Done.")
    raise_concern(problem="Waiting one.")
    client = client_for(manager)
    html = client.get(
        URL, {"status": "answered", "department": healthcare.pk, "wing": wing.pk}
    ).content.decode()
    assert "Answered one." in html and "Waiting one." not in html
    html = client.get(URL, {"status": "waiting"}).content.decode()
    assert "Waiting one." in html and "Answered one." not in html


def test_overdue_concerns_are_filtered_and_marked(client_for, manager, raise_concern):
    late = raise_concern(problem="Late one.", now=timezone.now() - timedelta(days=30))
    raise_concern(problem="Fresh one.")
    html = client_for(manager).get(URL, {"overdue": "yes"}).content.decode()
    assert "Late one." in html and "Fresh one." not in html
    assert "1 overdue" in html and "Overdue</strong>" in html
    html = client_for(manager).get(URL, {"overdue": "no"}).content.decode()
    assert "Fresh one." in html and "Late one." not in html
    assert late.is_overdue()


def test_a_filter_it_cannot_read_is_shown_not_a_500(client_for, manager, concern):
    response = client_for(manager).get(URL, {"department": "999999", "status": "\x00", "page": "x"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_it_pages_fifty_at_a_time(client_for, manager, raise_concern, settings):
    settings.CONCERNS_PER_DAY = 100
    for n in range(51):
        raise_concern(problem=f"Concern number {n}.")
    client = client_for(manager)
    assert "Showing <b>1</b> to <b>50</b> of <b>51</b> concerns" in client.get(URL).content.decode()
    assert "Concern number 0." in client.get(URL, {"page": 2}).content.decode()


@pytest.mark.parametrize("user_fixture", ["manager", "nurse"])
def test_the_list_costs_the_same_queries_for_few_or_many(
    request, client_for, raise_concern, settings, django_assert_num_queries, user_fixture
):
    settings.CONCERNS_PER_DAY = 100
    client = client_for(request.getfixturevalue(user_fixture))
    for _ in range(3):
        raise_concern()
    client.get(URL)
    with django_assert_num_queries(QUERIES[user_fixture]):
        client.get(URL)
    for _ in range(27):
        raise_concern()
    assert Concern.objects.count() == 30
    with django_assert_num_queries(QUERIES[user_fixture]):
        client.get(URL, {"status": "open"})


# The same whatever the number of concerns: session, user, establishments, the filter's four
# choice lists, the count, the page, the counts by status. A department owner's
# permission checks (the page, the navigation) also ask, once, whether they work in a department.
QUERIES = {"manager": 12, "nurse": 15}

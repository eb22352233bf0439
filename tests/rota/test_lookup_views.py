"""The look-up pages and the wing officer's home page: who may see them, what they show, and what
they cost in queries."""

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.rota.officer_fixtures import *  # noqa: F403  the fixtures
from tests.rota.officer_fixtures import WEDNESDAY, london

LOOKUP = reverse("listeners:lookup")


@pytest.fixture
def tonight(ellis, assign, shifts, points, time_machine):
    """Ellis on Wednesday night on B wing; the clock stops at 22:00 that night."""
    assign(ellis, WEDNESDAY, shifts["night"], points["b"])
    time_machine.move_to(london(WEDNESDAY, 22), tick=False)
    return ellis


@pytest.mark.parametrize(
    "user_fixture", ["wing_officer", "manager", "safer_custody_officer", "coordinator", "system_admin"]
)
def test_every_member_of_staff_can_look_a_listener_up(request, client_for, tonight, user_fixture):
    response = client_for(request.getfixturevalue(user_fixture)).get(LOOKUP, {"q": "a1234bc"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Current Listener, contract until 1 April 2027." in body
    assert "On duty tonight: B wing, 21:00 to 07:00." in body


def test_the_look_up_and_on_duty_now_show_the_listeners_wing_and_cell(client_for, wing_officer, tonight):
    tonight.worker.cell = "3-07"
    tonight.worker.save()
    body = client_for(wing_officer).get(LOOKUP, {"q": "A1234BC"}).content.decode()
    assert body.count("Where held: A wing, cell 3-07") == 2  # the answer, and on duty now


def test_someone_without_an_establishment_is_refused(client_for, db):
    response = client_for(UserFactory(username="lonely")).get(LOOKUP, {"q": "A1234BC"})
    assert response.status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client, tonight):
    response = client.get(LOOKUP, {"q": "A1234BC"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_no_match_says_plainly_not_a_current_listener(client_for, wing_officer, tonight):
    body = client_for(wing_officer).get(LOOKUP, {"q": "Z9999ZZ"}).content.decode()
    assert "Not a current Listener." in body
    assert "No one with prison number Z9999ZZ is held in HMP Alpha." in body


def test_another_establishment_learns_nothing_about_our_listeners(client_for, outsider, tonight):
    body = client_for(outsider).get(LOOKUP, {"q": "A1234BC"}).content.decode()
    assert "Ryan Ellis" not in body
    assert "Not a current Listener." in body
    assert "B wing" not in body


def test_the_lookup_page_shows_who_is_on_duty_now(client_for, wing_officer, tonight, okafor):
    body = client_for(wing_officer).get(LOOKUP).content.decode()
    assert 'data-testid="on-duty-now"' in body
    assert "Ryan Ellis" in body
    assert "No Listener on duty" in body  # A wing


def test_the_detail_page_shows_the_answer_and_the_next_fortnights_shifts(
    client_for, wing_officer, tonight, assign, shifts, points
):
    assign(tonight, WEDNESDAY + timedelta(days=2), shifts["day"], points["a"])
    response = client_for(wing_officer).get(reverse("listeners:lookup_detail", args=[tonight.worker.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "On duty tonight: B wing, 21:00 to 07:00." in body
    assert "Friday 6 November" in body
    assert f"{reverse('listeners:callout_record')}?listener={tonight.worker.pk}" in body


@pytest.mark.parametrize("user_fixture", ["outsider"])
def test_another_establishments_listener_is_not_found(request, client_for, tonight, user_fixture):
    response = client_for(request.getfixturevalue(user_fixture)).get(
        reverse("listeners:lookup_detail", args=[tonight.worker.pk])
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("user_fixture", "sees_feed"),
    [
        ("coordinator", True),
        ("manager", True),
        ("safer_custody_officer", True),
        ("wing_officer", False),
        ("system_admin", False),
    ],
)
def test_the_calendar_address_is_shown_to_safer_custody_and_coordinators_only(
    request, client_for, tonight, user_fixture, sees_feed
):
    response = client_for(request.getfixturevalue(user_fixture)).get(
        reverse("listeners:lookup_detail", args=[tonight.worker.pk])
    )
    body = response.content.decode()
    assert ('data-testid="feed-url"' in body) is sees_feed
    assert (response.context["feed_url"] is not None) is sees_feed


def test_the_lookup_page_query_count_does_not_grow_with_matches(
    client_for, wing_officer, make_listener, assign, shifts, points, time_machine, django_assert_num_queries
):
    client = client_for(wing_officer)

    def add(n, start):
        for i in range(n):
            contract = make_listener("Jo", f"Bloggs{start + i:02d}")
            assign(contract, WEDNESDAY, shifts["night"], points["a" if i % 2 else "b"])

    add(1, 0)
    time_machine.move_to(london(WEDNESDAY, 22), tick=False)
    client.get(LOOKUP, {"q": "Bloggs"})
    with django_assert_num_queries(LOOKUP_PAGE_QUERIES):
        client.get(LOOKUP, {"q": "Bloggs"})
    add(10, 1)
    with django_assert_num_queries(LOOKUP_PAGE_QUERIES):
        response = client.get(LOOKUP, {"q": "Bloggs"})
    assert len(response.context["result"].answers) == 11


def test_the_detail_page_query_count_does_not_grow_with_shifts(
    client_for, coordinator, tonight, assign, shifts, points, django_assert_num_queries
):
    client = client_for(coordinator)
    url = reverse("listeners:lookup_detail", args=[tonight.worker.pk])
    client.get(url)
    with django_assert_num_queries(DETAIL_PAGE_QUERIES):
        client.get(url)
    for offset in range(1, 8):
        assign(tonight, WEDNESDAY + timedelta(days=offset), shifts["day"], points["a"])
    with django_assert_num_queries(DETAIL_PAGE_QUERIES):
        response = client.get(url)
    assert len(response.context["answer"].duties) == 8


# --- The wing officer's home page -----------------------------------------------------------


def test_the_wing_officers_home_page_has_the_lookup_and_who_is_on_duty(client_for, wing_officer, tonight):
    body = client_for(wing_officer).get(reverse("home")).content.decode()
    assert 'data-testid="lookup-form"' in body
    assert f'action="{LOOKUP}"' in body
    assert "Listeners on duty now" in body
    assert "Ryan Ellis" in body
    assert reverse("listeners:callout_record") in body


def test_the_safer_custody_home_page_links_to_who_is_on_duty(client_for, manager, wing):
    assert f"{LOOKUP}#on-duty-now" in client_for(manager).get(reverse("home")).content.decode()


def test_the_wing_officers_home_page_query_count_does_not_grow(
    client_for, wing_officer, make_listener, assign, shifts, points, time_machine, django_assert_num_queries
):
    client = client_for(wing_officer)

    def add(n, start):
        for i in range(n):
            assign(
                make_listener("Jo", f"Bloggs{start + i:02d}"),
                WEDNESDAY,
                shifts["night"],
                points["a" if i % 2 else "b"],
            )

    add(1, 0)
    time_machine.move_to(london(WEDNESDAY, 22), tick=False)
    client.get(reverse("home"))
    with django_assert_num_queries(HOME_QUERIES):
        client.get(reverse("home"))
    add(10, 1)
    with django_assert_num_queries(HOME_QUERIES):
        response = client.get(reverse("home"))
    assert sum(len(place.duties) for place in response.context["on_duty"].places) == 11


# Every page: session, user, establishments (3); for a
# user refused any navigation item (here every one of them), Django's permission backend looks up
# their own and their groups' permissions once (2). A wing officer is also asked, once, whether
# they answer for a concerns department (1: the navigation's flags and concerns items and the home
# page's concerns ask; a coordinator's role answers that without a query). Then the page's own
# reads: the look-up 3, who is on duty now 4, the home page's wings 1.
EVERY_PAGE = 3 + 2
DEPARTMENT_QUESTION = 1
LOOKUP_PAGE_QUERIES = EVERY_PAGE + DEPARTMENT_QUESTION + 3 + 4
DETAIL_PAGE_QUERIES = EVERY_PAGE + 3
HOME_QUERIES = EVERY_PAGE + DEPARTMENT_QUESTION + 4 + 1

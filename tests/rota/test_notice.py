"""The printable "Listeners on duty this week" notice, one page per cover point, names only."""

from datetime import timedelta

import pytest
from django.urls import reverse

from listeners.lookup import duty_notice
from rota.models import Assignment, CoverPoint, Rota
from schemes.services import contracts as contract_services
from tests.factories import UserFactory
from tests.rota.officer_fixtures import *  # noqa: F403  the fixtures
from tests.rota.officer_fixtures import MONDAY, WEDNESDAY, london

NOTICE = reverse("listeners:notice")


@pytest.fixture
def week(ellis, okafor, assign, shifts, points, time_machine):
    assign(ellis, MONDAY, shifts["night"], points["a"])
    assign(okafor, MONDAY, shifts["night"], points["a"])
    assign(ellis, WEDNESDAY, shifts["day"], points["b"])
    assign(okafor, WEDNESDAY + timedelta(days=4), shifts["evening"], points["b"])  # Sunday
    time_machine.move_to(london(WEDNESDAY, 10), tick=False)


def test_each_cover_point_gets_its_week_by_day_and_shift(establishment, week):
    notice = duty_notice(establishment=establishment, monday=WEDNESDAY)
    assert notice.is_published and notice.monday == MONDAY
    assert [shift.name for shift in notice.columns] == ["Day", "Evening", "Night"]
    a, b = notice.places
    assert (a.name, a.locations) == ("A wing", ["A wing"])
    assert a.days[0].names == [[], [], ["Dee Okafor", "Ryan Ellis"]]
    assert b.days[2].names == [["Ryan Ellis"], [], []]
    assert b.days[6].names == [[], ["Dee Okafor"], []]
    assert [day.day for day in b.days] == [MONDAY + timedelta(days=n) for n in range(7)]


def test_a_covered_shift_shows_the_cover_and_a_suspended_listener_is_left_off(
    establishment, ellis, okafor, make_listener, assign, shifts, points, coordinator
):
    original = assign(ellis, MONDAY, shifts["day"], points["a"], status=Assignment.Status.NEEDS_COVER)
    assign(okafor, MONDAY, shifts["day"], points["a"], cover_for=original)
    suspended = make_listener("Sam", "Reid")
    assign(suspended, MONDAY, shifts["night"], points["a"])
    contract_services.contract_suspend(
        contract=suspended, starts_on=MONDAY, ends_on=None, is_paid=False, reason="Review", actor=coordinator
    )
    a = duty_notice(establishment=establishment, monday=MONDAY).places[0]
    assert a.days[0].names == [["Dee Okafor"], [], []]


def test_an_unpublished_week_is_not_printed(establishment, ellis, assign, shifts, points):
    assign(ellis, MONDAY, shifts["night"], points["a"], published=False)
    notice = duty_notice(establishment=establishment, monday=MONDAY)
    assert notice.has_rota and not notice.is_published and notice.places == []


def test_the_notice_costs_six_queries_however_full_the_week(
    establishment, make_listener, assign, shifts, points, django_assert_num_queries
):
    assign(make_listener("Jo", "Bloggs"), MONDAY, shifts["night"], points["a"])
    with django_assert_num_queries(6):
        duty_notice(establishment=establishment, monday=MONDAY)
    for n in range(6):
        contract = make_listener("Jo", f"Bloggs{n}")
        assign(contract, MONDAY + timedelta(days=n + 1), shifts["night"], points["b"])
        assign(contract, MONDAY + timedelta(days=n), shifts["day"], points["a"])
    with django_assert_num_queries(6):
        duty_notice(establishment=establishment, monday=MONDAY)


# --- The pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("user_fixture", ["wing_officer", "manager", "coordinator", "system_admin"])
def test_staff_print_the_notice_with_names_and_no_prison_numbers(request, client_for, week, user_fixture):
    response = client_for(request.getfixturevalue(user_fixture)).get(NOTICE)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<h1>Listeners on duty this week</h1>") == 2
    assert "Ryan Ellis" in body and "Dee Okafor" in body
    assert "A1234BC" not in body and "B2345CD" not in body
    assert "Monday 2 November to Sunday 8 November 2026" in body
    assert "You can ask to see a Listener at any time, day or night" in body
    assert "What you tell a Listener stays between you." in body


def test_a_user_without_an_establishment_cannot_print(client_for, db):
    assert client_for(UserFactory(username="lonely")).get(NOTICE).status_code == 403


def test_one_cover_point_can_be_printed_alone(client_for, wing_officer, week, points):
    body = client_for(wing_officer).get(NOTICE, {"place": points["b"].pk}).content.decode()
    assert body.count("<h1>Listeners on duty this week</h1>") == 1
    assert "<strong>B wing</strong>" in body


def test_another_prisons_cover_point_is_not_found(client_for, outsider, other_establishment, week, points):
    from schemes.services.schemes import scheme_presets_ensure

    scheme_presets_ensure(establishment=other_establishment, actor=outsider)
    theirs = Rota.objects.create(
        establishment=other_establishment, scheme=other_establishment.schemes.get(preset="listeners")
    )
    theirs.weeks.create(starts_on=MONDAY, published_at=london(MONDAY, 9), published_by=outsider)
    response = client_for(outsider).get(NOTICE, {"place": points["a"].pk, "week": "2026-11-02"})
    assert response.status_code == 404


def test_another_prison_never_sees_our_listeners(client_for, outsider, week):
    body = client_for(outsider).get(NOTICE, {"week": "2026-11-02"}).content.decode()
    assert "Ryan Ellis" not in body
    assert "has no Listener rota yet" in body


def test_a_week_not_yet_published_says_so(client_for, wing_officer, week):
    body = client_for(wing_officer).get(NOTICE, {"week": "2026-11-11"}).content.decode()
    assert "The rota for the week of 9 November 2026 has not been published yet." in body


def test_the_notice_is_also_a_pdf(client_for, wing_officer, week):
    response = client_for(wing_officer).get(reverse("listeners:notice_pdf"), {"week": "2026-11-02"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="listeners-on-duty-2026-11-02.pdf"'
    assert response.content.startswith(b"%PDF")


def test_an_archived_cover_point_with_no_shifts_is_left_off(establishment, duty_rota, week):
    CoverPoint.objects.create(rota=duty_rota, name="Old healthcare", archived_at=london(MONDAY, 9))
    names = [place.name for place in duty_notice(establishment=establishment, monday=MONDAY).places]
    assert names == ["A wing", "B wing"]
    assert Rota.objects.count() == 1


def test_the_notice_page_query_count_does_not_grow(
    client_for, wing_officer, make_listener, assign, shifts, points, time_machine, django_assert_num_queries
):
    client = client_for(wing_officer)
    time_machine.move_to(london(WEDNESDAY, 10), tick=False)
    assign(make_listener("Jo", "Bloggs"), MONDAY, shifts["night"], points["a"])
    client.get(NOTICE)
    with django_assert_num_queries(NOTICE_QUERIES):
        client.get(NOTICE)
    for n in range(6):
        assign(
            make_listener("Jo", f"Bloggs{n}"), MONDAY + timedelta(days=n + 1), shifts["night"], points["b"]
        )
    with django_assert_num_queries(NOTICE_QUERIES):
        client.get(NOTICE)


# Session, user, establishments (3), the permission backend for the
# navigation the context processor builds (2), whether the officer answers for a concerns
# department (1, asked once); the notice's six.
NOTICE_QUERIES = 6 + 6

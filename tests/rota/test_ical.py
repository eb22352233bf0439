"""A Listener's shifts as an iCal feed for staff calendars, behind a signed, unguessable address."""

from datetime import UTC, date, timedelta

import pytest
from django.core import signing
from django.urls import reverse
from icalendar import Calendar

from listeners.ical import SALT, feed_token
from rota.models import Assignment
from tests.factories import EstablishmentFactory
from tests.rota.officer_fixtures import *  # noqa: F403  the fixtures
from tests.rota.officer_fixtures import MONDAY, WEDNESDAY, london


@pytest.fixture
def feed_url(ellis, okafor, assign, shifts, points, time_machine):
    assign(ellis, MONDAY, shifts["night"], points["a"])
    assign(ellis, WEDNESDAY, shifts["day"], points["b"], status=Assignment.Status.NEEDS_COVER)
    assign(ellis, WEDNESDAY + timedelta(days=7), shifts["day"], points["a"], published=False)
    assign(okafor, MONDAY, shifts["night"], points["b"])
    time_machine.move_to(london(WEDNESDAY, 10), tick=False)
    return reverse("listeners:ical_feed", args=[feed_token(ellis.worker)])


def events(response):
    return sorted(Calendar.from_ical(response.content).walk("VEVENT"), key=lambda event: event.start)


def test_the_feed_has_the_listeners_published_shifts_and_no_one_elses(client, feed_url):
    response = client.get(feed_url)  # calendar apps do not sign in
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    night, day = events(response)
    assert str(night["SUMMARY"]) == "Ryan Ellis: Listener night shift, A wing"
    assert (night.start, night.end) == (london(MONDAY, 21), london(MONDAY + timedelta(days=1), 7))
    assert str(night["STATUS"]) == "CONFIRMED"
    assert str(day["SUMMARY"]) == "Ryan Ellis: Listener day shift, B wing"
    assert str(day["STATUS"]) == "TENTATIVE"
    assert str(day["DESCRIPTION"]) == "Cover has been asked for this shift."
    body = response.content.decode()
    assert "Okafor" not in body and "A1234BC" not in body


def test_the_feed_carries_the_london_time_zone(client, feed_url):
    calendar = Calendar.from_ical(client.get(feed_url).content)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    assert "TZID=Europe/London" in client.get(feed_url).content.decode()


def test_a_night_over_the_clock_change_is_eleven_hours_in_the_feed(
    client, ellis, assign, shifts, points, time_machine
):
    assign(ellis, date(2026, 10, 24), shifts["night"], points["a"])
    time_machine.move_to(london(date(2026, 10, 24), 12), tick=False)
    (event,) = events(client.get(reverse("listeners:ical_feed", args=[feed_token(ellis.worker)])))
    assert event.end.astimezone(UTC) - event.start.astimezone(UTC) == timedelta(hours=11)


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        "eyJ3IjoxLCJlIjoxfQ:forged",
        lambda w: feed_token(w)[:-2] + "xx",
        lambda w: signing.dumps({"w": w.pk, "e": w.establishment_id}, salt="other"),
    ],
    ids=["nonsense", "forged", "tampered", "wrong-salt"],
)
def test_a_bad_token_is_not_found(client, ellis, token):
    token = token(ellis.worker) if callable(token) else token
    assert client.get(reverse("listeners:ical_feed", args=[token])).status_code == 404


def test_the_address_stops_working_when_the_listener_moves_prison(client, feed_url, ellis):
    elsewhere = EstablishmentFactory(name="HMP Charlie", code="CHA")
    ellis.worker.establishment = elsewhere
    ellis.worker.save()
    assert client.get(feed_url).status_code == 404


def test_the_address_is_signed_with_a_salt_of_its_own(ellis):
    token = feed_token(ellis.worker)
    assert signing.loads(token, salt=SALT) == {"w": ellis.worker.pk, "e": ellis.worker.establishment_id}
    with pytest.raises(signing.BadSignature):
        signing.loads(token)


def test_the_feed_costs_two_queries_however_many_shifts(
    client, ellis, assign, shifts, points, time_machine, django_assert_num_queries
):
    time_machine.move_to(london(MONDAY, 12), tick=False)
    url = reverse("listeners:ical_feed", args=[feed_token(ellis.worker)])
    assign(ellis, MONDAY, shifts["night"], points["a"])
    with django_assert_num_queries(2):
        client.get(url)
    for n in range(1, 7):
        assign(ellis, MONDAY + timedelta(days=n), shifts["night" if n % 2 else "day"], points["b"])
    with django_assert_num_queries(2):
        assert len(events(client.get(url))) == 7

"""One-to-one support on the wing kiosk: a mentor sees the residents they support by first name
and wing only, and records today's session in two touches; anyone else's pair is "Page not found",
a second record for the day is refused plainly, and no posted value makes a server error."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from kiosk.selectors import supporting_title
from support.models import NotHeld, Session
from support.services import pair_end, session_record
from tests.concerns.kiosk_world import signed_in_on
from tests.support.kiosk_world import BUDDIES, TOE_BY_TOE, mentor, paired, resident

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=LONDON)  # a Wednesday

# Every signed-in kiosk page costs the session, the device, the signed-in person and the
# session's save (tests/kiosk/test_pages.py).
SIGNED_IN_BASE_QUERIES = 6


@pytest.fixture(autouse=True)
def clock(time_machine):
    """Wednesday 25 November 2026, 10:00 in London."""
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture
def eli(establishment, wing, schemes, system_admin):
    """Eli Nash, a Toe by Toe mentor with the kiosk PIN."""
    return mentor(establishment=establishment, wing=wing, scheme=schemes[TOE_BY_TOE], actor=system_admin)


@pytest.fixture
def reece(establishment):
    from tests.factories import LocationFactory

    c_wing = LocationFactory(establishment=establishment, name="C wing")
    return resident(
        establishment=establishment,
        wing=c_wing,
        prison_number="A2002AA",
        first_name="Reece",
        last_name="Dunn",
    )


@pytest.fixture
def pair(schemes, eli, reece, coordinator):
    return paired(scheme=schemes[TOE_BY_TOE], mentor=eli, supported=reece, actor=coordinator)


@pytest.fixture
def eli_client(kiosk, eli, settings):
    return signed_in_on(kiosk.token, eli, settings.KIOSK_DEVICE_COOKIE_NAME)


@pytest.fixture
def other_pair(establishment, wing, schemes, system_admin, coordinator):
    """Cal Moss, another Toe by Toe mentor, reading with Kyle."""
    cal = mentor(
        establishment=establishment,
        wing=wing,
        scheme=schemes[TOE_BY_TOE],
        actor=system_admin,
        prison_number="A1008AA",
        first_name="Cal",
        last_name="Moss",
    )
    kyle = resident(
        establishment=establishment, wing=wing, prison_number="A2001AA", first_name="Kyle", last_name="Hart"
    )
    return paired(scheme=schemes[TOE_BY_TOE], mentor=cal, supported=kyle, actor=coordinator)


def html(response) -> str:
    return response.content.decode()


def met_url(pair) -> str:
    return reverse("support:kiosk_met", args=[pair.pk])


def not_held_url(pair) -> str:
    return reverse("support:kiosk_not_held", args=[pair.pk])


# --- The menu and the list ------------------------------------------------------------------------


def test_the_menu_offers_a_toe_by_toe_mentor_my_learner(eli_client, pair, django_assert_num_queries):
    with django_assert_num_queries(SIGNED_IN_BASE_QUERIES + 1):
        menu = html(eli_client.get(reverse("kiosk:menu")))
    assert "My learner" in menu
    assert reverse("support:kiosk_pairs") in menu


def test_the_list_shows_first_name_wing_and_this_week_but_never_a_surname_or_prison_number(
    eli_client, eli, pair, reece, django_assert_num_queries
):
    today = timezone.localdate()
    session_record(pair=pair, on=today - timedelta(days=2), held=True, minutes=45, by_worker=eli)
    session_record(
        pair=pair,
        on=today - timedelta(days=1),
        held=False,
        not_held_because=NotHeld.REGIME_CLASH,
        by_worker=eli,
    )
    with django_assert_num_queries(SIGNED_IN_BASE_QUERIES + 2):
        page = html(eli_client.get(reverse("support:kiosk_pairs")))
    assert '<h1 class="govuk-heading-xl">My learner</h1>' in page
    assert "Reece" in page
    assert "On C wing. Toe by Toe." in page
    assert "You met once this week." in page
    assert "You met, for about 45 minutes." in page
    assert "It did not happen: It clashed with work, visits or meals." in page
    assert "Monday 23 November" in page and "Tuesday 24 November" in page
    assert "We met today" in page and "It did not happen" in page
    assert met_url(pair) in page and not_held_url(pair) in page
    for secret in (reece.last_name, reece.prison_number):
        assert secret not in page


def test_a_peer_worker_who_supports_nobody_has_no_button_and_is_told_so(kiosk_signed_in, active_contract):
    menu = html(kiosk_signed_in.get(reverse("kiosk:menu")))
    assert reverse("support:kiosk_pairs") not in menu
    assert "My learner" not in menu and "People I support" not in menu

    page = html(kiosk_signed_in.get(reverse("support:kiosk_pairs")))
    assert "People I support" in page
    assert "You have nobody to support yet." in page
    assert "We met today" not in page


def test_an_ended_pair_leaves_the_list_and_the_menu(eli_client, pair, coordinator):
    pair_end(pair=pair, reason="completed", actor=coordinator)
    assert reverse("support:kiosk_pairs") not in html(eli_client.get(reverse("kiosk:menu")))
    assert "You have nobody to support yet." in html(eli_client.get(reverse("support:kiosk_pairs")))
    assert eli_client.get(met_url(pair)).status_code == 404


def test_a_buddy_sees_my_buddies(establishment, wing, schemes, system_admin, coordinator, kiosk, settings):
    buddy = mentor(establishment=establishment, wing=wing, scheme=schemes[BUDDIES], actor=system_admin)
    for number, name in (("A3001AA", "Tom"), ("A3002AA", "Ali")):
        someone = resident(
            establishment=establishment, wing=wing, prison_number=number, first_name=name, last_name="Stone"
        )
        paired(scheme=schemes[BUDDIES], mentor=buddy, supported=someone, actor=coordinator)
    client = signed_in_on(kiosk.token, buddy, settings.KIOSK_DEVICE_COOKIE_NAME)
    assert "My buddies" in html(client.get(reverse("kiosk:menu")))
    page = html(client.get(reverse("support:kiosk_pairs")))
    assert "Tom" in page and "Ali" in page and "Stone" not in page


@pytest.mark.parametrize(
    ("presets", "title"),
    [
        ([], ""),
        ([TOE_BY_TOE], "My learner"),
        ([TOE_BY_TOE, TOE_BY_TOE], "My learners"),
        ([BUDDIES, BUDDIES], "My buddies"),
        ([TOE_BY_TOE, BUDDIES], "People I support"),
        (["", ""], "People I support"),
    ],
)
def test_what_a_mentor_calls_the_residents_they_support(presets, title):
    assert supporting_title(presets) == title


# --- Two touches ----------------------------------------------------------------------------------


def test_we_met_today_for_about_30_minutes(eli_client, eli, pair):
    page = html(eli_client.get(met_url(pair)))
    assert "About how long did you meet Reece today?" in page
    for minutes in (15, 30, 45, 60, 90):
        assert f'name="minutes" value="{minutes}"' in page
    assert "csrfmiddlewaretoken" in page

    response = eli_client.post(met_url(pair), {"minutes": "30"}, follow=True)
    assert response.redirect_chain == [(reverse("support:kiosk_pairs"), 302)]
    session = Session.objects.get()
    assert (session.pair, session.on, session.held, session.minutes) == (pair, timezone.localdate(), True, 30)
    assert (session.recorded_by_worker, session.recorded_by) == (eli, None)
    page = html(response)
    assert "Thank you. Today is recorded for Reece." in page
    assert "You met once this week." in page
    assert "You met, for about 30 minutes." in page
    assert "We met today" not in page  # today is done


def test_it_did_not_happen_because_they_were_not_unlocked(eli_client, pair):
    page = html(eli_client.get(not_held_url(pair)))
    assert "Why did you not meet Reece today?" in page
    for reason in NotHeld:
        assert f'value="{reason.value}"' in page and str(reason.label) in page

    response = eli_client.post(not_held_url(pair), {"because": NotHeld.LEARNER_NOT_UNLOCKED}, follow=True)
    session = Session.objects.get()
    assert (session.held, session.minutes, session.not_held_because) == (
        False,
        None,
        NotHeld.LEARNER_NOT_UNLOCKED,
    )
    page = html(response)
    assert "It did not happen: They were not unlocked." in page
    assert "You have not met this week yet." in page


def test_a_second_record_the_same_day_is_refused_and_shows_what_was_recorded(eli_client, pair):
    eli_client.post(met_url(pair), {"minutes": "45"})
    for url, data in (
        (met_url(pair), {"minutes": "15"}),
        (not_held_url(pair), {"because": NotHeld.NO_SPACE}),
    ):
        response = eli_client.post(url, data)
        page = html(response)
        assert response.status_code == 200
        assert "Today is already recorded" in page
        assert "You met, for about 45 minutes." in page
        assert html(eli_client.get(url)).count("You met, for about 45 minutes.") == 1
    assert Session.objects.get().minutes == 45


def test_another_mentors_pair_is_not_found_and_nothing_is_recorded(eli_client, pair, other_pair):
    for url in (met_url(other_pair), not_held_url(other_pair)):
        assert eli_client.get(url).status_code == 404
    assert eli_client.post(met_url(other_pair), {"minutes": "30"}).status_code == 404
    assert eli_client.post(not_held_url(other_pair), {"because": NotHeld.OTHER}).status_code == 404
    assert "Kyle" not in html(eli_client.get(reverse("support:kiosk_pairs")))
    assert not Session.objects.exists()


def test_nobody_signed_in_goes_to_the_sign_in_page(kiosk_client, pair):
    for url in (reverse("support:kiosk_pairs"), met_url(pair)):
        response = kiosk_client.get(url)
        assert (response.status_code, response.url) == (302, reverse("kiosk:sign_in"))
    assert kiosk_client.post(met_url(pair), {"minutes": "30"}).status_code == 302
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"minutes": ""},
        {"minutes": "7"},
        {"minutes": "abc"},
        {"minutes": "30.5"},
        {"minutes": "-30"},
        {"minutes": "9" * 5000},
        {"minutes": "\x00"},
    ],
)
def test_a_length_the_kiosk_does_not_offer_is_asked_again(eli_client, pair, data):
    response = eli_client.post(met_url(pair), data)
    assert response.status_code == 200
    assert "Press the button for about how long you met." in html(response)
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    "data", [{}, {"because": ""}, {"because": "bogus"}, {"because": "x" * 5000}, {"because": "<script>"}]
)
def test_a_reason_the_kiosk_does_not_offer_is_asked_again(eli_client, pair, data):
    response = eli_client.post(not_held_url(pair), data)
    assert response.status_code == 200
    assert "Press the button that says why it did not happen." in html(response)
    assert not Session.objects.exists()


def test_the_prison_number_and_surname_appear_on_no_support_page(eli_client, pair, reece):
    pages = [
        eli_client.get(reverse("support:kiosk_pairs")),
        eli_client.get(met_url(pair)),
        eli_client.get(not_held_url(pair)),
        eli_client.post(met_url(pair), {"minutes": "bad"}),
        eli_client.post(met_url(pair), {"minutes": "60"}, follow=True),
        eli_client.get(met_url(pair)),  # already recorded
    ]
    for response in pages:
        assert response.status_code == 200
        for secret in (reece.prison_number, reece.last_name):
            assert secret not in html(response)

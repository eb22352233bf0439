"""A pair's page and the steps staff take with it, each a page that calls one service and comes
back with a message; a refusal shows next to its box and changes nothing. 404 for a pair the user
does not keep or of another prison."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from flags.api import Condition, Kind, Severity, flag_raise
from support import services
from support.models import NotHeld, ReadingProgress, ReadingStage, Session
from tests.factories import UserFactory
from tests.forms import date_boxes
from tests.support.office_world import *  # noqa: F403  the fixtures


def detail(pair):
    return reverse("support:pair_detail", args=[pair.pk])


def step(name, obj):
    return reverse(f"support:{name}", args=[obj.pk])


@pytest.fixture
def session(pair, mentor):
    return services.session_record(
        pair=pair, on=timezone.localdate() - timedelta(days=1), held=True, minutes=30, by_worker=mentor
    )


@pytest.fixture
def other_coordinator(establishment):
    return UserFactory(username="othercoord", role=Role.SCHEME_COORDINATOR, establishments=[establishment])


def test_the_page_shows_the_pair_and_its_sessions(client_for, coordinator, pair, session):
    response = client_for(coordinator).get(detail(pair))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kyle Moss (A3002AA), A wing" in html
    assert "Calum Hart (A3001AA)" in html
    assert "Held, about 30 minutes" in html and "Calum Hart, on the kiosk" in html
    assert "Recorded by" in html and "No progress recorded yet" in html
    assert step("pair_session_add", pair) in html and step("session_edit", session) in html


def test_the_page_costs_the_same_queries_with_more_sessions(
    client_for, coordinator, pair, mentor, django_assert_num_queries
):
    client = client_for(coordinator)
    client.get(detail(pair))
    with django_assert_num_queries(QUERIES):
        client.get(detail(pair))
    for days_ago in range(1, 6):
        services.session_record(
            pair=pair,
            on=timezone.localdate() - timedelta(days=days_ago),
            held=True,
            minutes=15,
            by_worker=mentor,
        )
    stages = list(ReadingStage.objects.filter(scheme=pair.scheme))
    services.progress_record(pair=pair, stage=stages[0], reached_on=timezone.localdate(), actor=coordinator)
    with django_assert_num_queries(QUERIES):
        client.get(detail(pair))


# The signed-in request and the navigation, the pair, its stages, sessions and progress.
QUERIES = 10


def test_staff_who_do_not_keep_the_pair_get_404_or_403(
    client_for, outsider, other_coordinator, wing_officer, pair, session
):
    for user, status in ((outsider, 404), (other_coordinator, 404), (wing_officer, 403)):
        client = client_for(user)
        for url in (
            detail(pair),
            step("pair_session_add", pair),
            step("pair_end", pair),
            step("session_edit", session),
            step("session_archive", session),
        ):
            assert client.get(url).status_code == status, (user, url)
        assert client.post(step("pair_end", pair), {"reason": "completed"}).status_code == status
    pair.refresh_from_db()
    assert pair.is_open


def test_staff_record_a_session_with_a_staff_only_note(client_for, coordinator, pair):
    page = client_for(coordinator).get(step("pair_session_add", pair)).content.decode()
    assert (
        "Staff only: never shown on the kiosk." in page
        and "Never record what a Listener's caller said." in page
    )
    response = client_for(coordinator).post(
        step("pair_session_add", pair),
        {
            **date_boxes("on", timezone.localdate()),
            "held": "no",
            "not_held_because": NotHeld.REGIME_CLASH,
            "staff_note": "Moved to the afternoon.",
        },
    )
    assert response.status_code == 302
    recorded = Session.objects.get()
    assert (recorded.held, recorded.not_held_because, recorded.recorded_by) == (
        False,
        NotHeld.REGIME_CLASH,
        coordinator,
    )
    assert recorded.staff_note == "Moved to the afternoon."


def test_a_session_that_happened_needs_how_long(client_for, coordinator, pair):
    response = client_for(coordinator).post(
        step("pair_session_add", pair), {**date_boxes("on", timezone.localdate()), "held": "yes"}
    )
    assert "Choose about how long you met." in response.content.decode()
    assert not Session.objects.exists()


def test_a_second_session_the_same_day_is_refused(client_for, coordinator, pair, session):
    response = client_for(coordinator).post(
        step("pair_session_add", pair), {**date_boxes("on", session.on), "held": "yes", "minutes": "15"}
    )
    assert response.status_code == 200
    assert Session.objects.count() == 1


def test_staff_correct_a_session(client_for, coordinator, session):
    page = client_for(coordinator).get(step("session_edit", session)).content.decode()
    assert 'value="yes"' in page and "checked" in page
    response = client_for(coordinator).post(
        step("session_edit", session), {"held": "no", "not_held_because": NotHeld.LEARNER_UNWELL}
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.held, session.minutes, session.not_held_because) == (False, None, NotHeld.LEARNER_UNWELL)


def test_staff_archive_a_session_recorded_by_mistake(client_for, coordinator, pair, session):
    assert client_for(coordinator).post(step("session_archive", session)).status_code == 302
    session.refresh_from_db()
    assert session.archived_by == coordinator
    assert client_for(coordinator).get(step("session_edit", session)).status_code == 404
    assert "No session recorded yet." in client_for(coordinator).get(detail(pair)).content.decode()


def test_ending_for_another_reason_needs_a_note(client_for, coordinator, pair):
    url = step("pair_end", pair)
    today = date_boxes("ended_on", timezone.localdate())
    response = client_for(coordinator).post(url, {"reason": "other", **today})
    assert "Say why the pair ended." in response.content.decode()
    pair.refresh_from_db()
    assert pair.is_open
    response = client_for(coordinator).post(url, {"reason": "other", "note": "Changed wings.", **today})
    assert response.status_code == 302
    pair.refresh_from_db()
    assert (pair.end_reason, pair.end_note, pair.ended_by) == ("other", "Changed wings.", coordinator)
    html = client_for(coordinator).get(detail(pair)).content.decode()
    assert "Changed wings." in html and step("pair_session_add", pair) not in html
    assert client_for(coordinator).get(step("pair_session_add", pair)).status_code == 404


def test_the_system_reasons_cannot_be_chosen(client_for, coordinator, pair):
    response = client_for(coordinator).post(
        step("pair_end", pair),
        {"reason": "mentor_moved", **date_boxes("ended_on", timezone.localdate())},
    )
    assert response.status_code == 200
    pair.refresh_from_db()
    assert pair.is_open


def test_staff_record_reading_progress_and_the_finished_plan(client_for, coordinator, pair):
    stage = ReadingStage.objects.filter(scheme=pair.scheme).order_by("number").first()
    response = client_for(coordinator).post(
        step("pair_progress", pair), {"stage": stage.pk, **date_boxes("reached_on", timezone.localdate())}
    )
    assert response.status_code == 302
    assert ReadingProgress.objects.get().stage == stage
    assert client_for(coordinator).get(step("pair_certificate", pair)).status_code == 404
    response = client_for(coordinator).post(
        step("pair_finish", pair), {**date_boxes("finished_on", timezone.localdate())}
    )
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.finished_plan_on == timezone.localdate()
    html = client_for(coordinator).get(detail(pair)).content.decode()
    assert step("pair_certificate", pair) in html and f"Reached {stage.name}" not in html


def test_a_finish_before_the_pair_started_is_refused(client_for, coordinator, pair):
    response = client_for(coordinator).post(
        step("pair_finish", pair), date_boxes("finished_on", pair.started_on - timedelta(days=1))
    )
    assert "Enter a day between the day the pair started and today." in response.content.decode()
    pair.refresh_from_db()
    assert pair.finished_plan_on is None


def test_a_flag_about_a_pair_links_to_its_page(client_for, manager, pair):
    flag = flag_raise(
        condition=Condition(
            kind=Kind.SUPPORT_NO_SESSION,
            key=f"test:{pair.pk}",
            establishment_id=pair.establishment_id,
            scheme_id=pair.scheme_id,
            pair_id=pair.pk,
            severity=Severity.WARNING,
            summary="No session for a while.",
        ),
        now=timezone.now(),
    )
    html = client_for(manager).get(reverse("flags:flag_detail", args=[flag.pk])).content.decode()
    assert f'href="{detail(pair)}"' in html and "Calum Hart with Kyle Moss" in html

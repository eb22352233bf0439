"""Correcting a call-out: whoever recorded it may for 24 hours, safer custody at any time; the
same checks as recording, off the rota worked out again, and the change kept in its history."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Role
from listeners.services import callout_archive, callout_correct, callout_record
from rota.models import CallOut
from tests.factories import PeerWorkerFactory, UserFactory
from tests.rota.officer_fixtures import *  # noqa: F403  the fixtures
from tests.rota.officer_fixtures import WEDNESDAY, london

THURSDAY = WEDNESDAY + timedelta(days=1)


@pytest.fixture
def now(time_machine):
    time_machine.move_to(london(THURSDAY, 9), tick=False)


@pytest.fixture
def recorded(establishment, wing_officer, wing, ellis, now):
    """Ryan Ellis on A wing, asked for at 23:40 on Wednesday, 23:45 to 00:15; recorded Thursday 09:00."""
    requested = london(WEDNESDAY, 23, 40)
    return callout_record(
        establishment=establishment,
        actor=wing_officer,
        listener=ellis.worker,
        location=wing,
        requested_by=CallOut.RequestedBy.OFFICER,
        requested_at=requested,
        started_at=requested + timedelta(minutes=5),
        ended_at=requested + timedelta(minutes=35),
    )


def arguments(callout, **changes):
    return {
        "listener": callout.listener,
        "location": callout.location,
        "requested_by": callout.requested_by,
        "requested_at": callout.requested_at,
        "started_at": callout.started_at,
        "ended_at": callout.ended_at,
        "reason": "Finish time mistyped",
    } | changes


def posted(callout, **changes):
    return {
        "listener": callout.listener_id,
        "location": callout.location_id,
        "requested_by": callout.requested_by,
        "requested_on": "2026-11-04",
        "requested_time": "23:40",
        "started_on": "2026-11-04",
        "started_time": "23:45",
        "ended_on": "2026-11-05",
        "ended_time": "00:15",
        "reason": "Finish time mistyped",
    } | changes


def detail(callout):
    return reverse("listeners:callout_detail", args=[callout.pk])


def correct(callout):
    return reverse("listeners:callout_correct", args=[callout.pk])


# --- The service -------------------------------------------------------------------------------


def test_the_recorder_corrects_within_24_hours_and_the_history_keeps_both(
    recorded, wing_officer, time_machine
):
    time_machine.move_to(london(THURSDAY, 9) + timedelta(hours=23, minutes=59), tick=False)
    ended = recorded.ended_at
    callout = callout_correct(
        callout=recorded, actor=wing_officer, **arguments(recorded, ended_at=ended + timedelta(minutes=20))
    )
    assert callout.ended_at - callout.started_at == timedelta(minutes=50)
    latest, first = callout.history.order_by("-history_date", "-history_id")[:2]
    assert latest.history_change_reason == "Corrected: Finish time mistyped"
    assert latest.history_user == wing_officer
    assert first.ended_at == ended


def test_the_recorder_cannot_correct_after_24_hours(recorded, wing_officer, time_machine):
    time_machine.move_to(london(THURSDAY, 9) + timedelta(hours=24, minutes=1), tick=False)
    with pytest.raises(ValidationError, match="for 24 hours"):
        callout_correct(callout=recorded, actor=wing_officer, **arguments(recorded, requested_by="prisoner"))
    assert CallOut.objects.get().requested_by == CallOut.RequestedBy.OFFICER


def test_another_officer_cannot_correct_it(recorded, establishment):
    other = UserFactory(username="other-officer", role=Role.WING_OFFICER, establishments=[establishment])
    with pytest.raises(ValidationError, match="Only the person who recorded"):
        callout_correct(callout=recorded, actor=other, **arguments(recorded, requested_by="prisoner"))


@pytest.mark.parametrize("user_fixture", ["manager", "safer_custody_officer"])
def test_safer_custody_correct_any_call_out_at_any_time(request, recorded, time_machine, user_fixture):
    time_machine.move_to(london(THURSDAY, 9) + timedelta(days=30), tick=False)
    actor = request.getfixturevalue(user_fixture)
    callout = callout_correct(callout=recorded, actor=actor, **arguments(recorded, requested_by="prisoner"))
    assert callout.requested_by == CallOut.RequestedBy.PRISONER


def test_a_coordinator_who_did_not_record_it_cannot_correct_it(recorded, coordinator):
    with pytest.raises(ValidationError, match="Only the person who recorded"):
        callout_correct(callout=recorded, actor=coordinator, **arguments(recorded, requested_by="prisoner"))


def test_off_the_rota_is_worked_out_again(recorded, wing_officer, okafor, ellis, assign, shifts, points):
    assert recorded.off_rota is True
    assign(okafor, WEDNESDAY, shifts["night"], points["b"])
    callout = callout_correct(
        callout=recorded, actor=wing_officer, **arguments(recorded, listener=okafor.worker)
    )
    assert (callout.listener, callout.off_rota) == (okafor.worker, False)


def test_the_checks_of_recording_hold(recorded, wing_officer, establishment, other_wing):
    not_a_listener = PeerWorkerFactory(establishment=establishment)
    refusals = [
        ({"listener": not_a_listener}, "listener"),
        ({"location": other_wing}, "location"),
        ({"ended_at": recorded.started_at - timedelta(minutes=1)}, "ended_at"),
        ({"ended_at": london(THURSDAY, 12)}, "ended_at"),
        ({"reason": "   "}, "reason"),
        ({"reason": "x" * 81}, "reason"),
    ]
    for changes, field in refusals:
        with pytest.raises(ValidationError) as refused:
            callout_correct(callout=recorded, actor=wing_officer, **arguments(recorded, **changes))
        assert field in refused.value.message_dict
    assert CallOut.objects.get().history.count() == 1


def test_a_correction_that_changes_nothing_is_refused(recorded, wing_officer):
    with pytest.raises(ValidationError, match="Nothing was changed"):
        callout_correct(callout=recorded, actor=wing_officer, **arguments(recorded))


def test_an_archived_call_out_cannot_be_corrected(recorded, manager):
    callout_archive(callout=recorded, actor=manager, reason="Recorded twice")
    with pytest.raises(ValidationError, match="archived"):
        callout_correct(callout=recorded, actor=manager, **arguments(recorded, requested_by="prisoner"))


# --- The pages ---------------------------------------------------------------------------------


def test_the_wing_officer_sees_their_call_out_in_the_log_and_opens_it(client_for, wing_officer, recorded):
    client = client_for(wing_officer)
    log = client.get(reverse("listeners:callout_list")).content.decode()
    assert detail(recorded) in log
    assert reverse("listeners:callout_reports") not in log
    page = client.get(detail(recorded))
    assert page.status_code == 200
    assert correct(recorded) in page.content.decode()


def test_the_wing_officer_corrects_and_the_page_shows_the_history(client_for, wing_officer, recorded):
    client = client_for(wing_officer)
    form = client.get(correct(recorded))
    assert form.context["form"]["ended_time"].value() == "00:15"
    response = client.post(correct(recorded), posted(recorded, ended_time="00:45"), follow=True)
    assert response.redirect_chain[-1][0] == detail(recorded)
    body = response.content.decode()
    assert "Call-out corrected" in body
    assert "Corrected: Finish time mistyped" in body
    assert "5 November 2026, 00:15 → 5 November 2026, 00:45" in body


def test_past_24_hours_the_page_says_why_and_the_correction_is_refused(
    client_for, wing_officer, recorded, time_machine
):
    time_machine.move_to(london(THURSDAY, 9) + timedelta(hours=25), tick=False)
    client = client_for(wing_officer)
    page = client.get(detail(recorded)).content.decode()
    assert correct(recorded) not in page
    assert "for 24 hours" in page
    response = client.post(correct(recorded), posted(recorded, ended_time="00:45"))
    assert response.status_code == 403
    assert "Ask the safer-custody team" in response.content.decode()
    assert CallOut.objects.get().history.count() == 1


def test_a_refused_correction_is_shown_next_to_the_field(client_for, wing_officer, recorded):
    response = client_for(wing_officer).post(correct(recorded), posted(recorded, ended_on="2026-11-04"))
    assert response.status_code == 200
    assert "ended_time" in response.context["form"].errors
    assert CallOut.objects.get().history.count() == 1


def test_a_reason_too_long_for_the_history_is_refused_next_to_the_field(client_for, wing_officer, recorded):
    response = client_for(wing_officer).post(
        correct(recorded), posted(recorded, ended_time="00:45", reason="x" * 81)
    )
    assert response.context["form"].errors["reason"]
    assert CallOut.objects.get().history.count() == 1


def test_another_establishments_call_out_is_not_found(client_for, outsider, recorded):
    client = client_for(outsider)
    assert client.get(detail(recorded)).status_code == 404
    assert client.post(correct(recorded), posted(recorded, ended_time="00:45")).status_code == 404


def test_the_call_out_page_query_count_does_not_grow(
    client_for, manager, recorded, django_assert_num_queries
):
    client = client_for(manager)
    client.get(detail(recorded))
    with django_assert_num_queries(DETAIL_QUERIES):
        client.get(detail(recorded))
    for minutes in range(5):
        callout_correct(
            callout=recorded,
            actor=manager,
            **arguments(recorded, ended_at=recorded.ended_at + timedelta(minutes=minutes + 1)),
        )
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(detail(recorded))
    assert len(response.context["history"]) == 6


# The session and user, the navigation's flags, the call-out; its history and their users.
DETAIL_QUERIES = 3 + 1 + 1

"""Recording and archiving call-outs: what the service works out, what it refuses, and that a
refusal changes nothing."""

from datetime import date, timedelta

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from listeners.forms import CallOutForm
from listeners.services import callout_archive, callout_record
from peerwork.forms import DatePickerField
from rota.models import Assignment, CallOut
from schemes.services import contracts as contract_services
from tests.factories import LocationFactory, PeerWorkerFactory
from tests.rota.officer_fixtures import *  # noqa: F403  the fixtures
from tests.rota.officer_fixtures import WEDNESDAY, london

THURSDAY = WEDNESDAY + timedelta(days=1)


@pytest.fixture
def now(time_machine):
    time_machine.move_to(london(THURSDAY, 9), tick=False)


def record(establishment, actor, listener, location, requested, *, start_after=5, minutes=30, **overrides):
    arguments = {
        "establishment": establishment,
        "actor": actor,
        "listener": listener,
        "location": location,
        "requested_by": CallOut.RequestedBy.OFFICER,
        "requested_at": requested,
        "started_at": requested + timedelta(minutes=start_after),
        "ended_at": requested + timedelta(minutes=start_after + minutes),
    }
    return callout_record(**(arguments | overrides))


def test_a_call_out_during_the_listeners_shift_is_on_the_rota(
    establishment, wing_officer, wing, ellis, assign, shifts, points, now
):
    assign(ellis, WEDNESDAY, shifts["night"], points["a"])
    callout = record(establishment, wing_officer, ellis.worker, wing, london(WEDNESDAY, 23, 40))
    assert callout.off_rota is False
    assert callout.recorded_by == wing_officer
    assert callout.history.get().history_user == wing_officer


def test_a_call_out_outside_the_listeners_shifts_is_off_the_rota(
    establishment, wing_officer, wing, ellis, assign, shifts, points, now
):
    assign(ellis, WEDNESDAY, shifts["day"], points["a"])
    callout = record(establishment, wing_officer, ellis.worker, wing, london(WEDNESDAY, 23, 40))
    assert callout.off_rota is True


def test_a_call_out_that_runs_into_the_shift_is_on_the_rota(
    establishment, wing_officer, wing, ellis, assign, shifts, points, now
):
    assign(ellis, WEDNESDAY, shifts["night"], points["a"])
    callout = record(establishment, wing_officer, ellis.worker, wing, london(WEDNESDAY, 20, 40), minutes=40)
    assert callout.off_rota is False


def test_shifts_of_an_unpublished_week_do_not_count(
    establishment, wing_officer, wing, ellis, assign, shifts, points, now
):
    assign(ellis, WEDNESDAY, shifts["night"], points["a"], published=False)
    assert record(establishment, wing_officer, ellis.worker, wing, london(WEDNESDAY, 23)).off_rota is True


def test_a_shift_handed_to_a_cover_is_the_covers_not_the_originals(
    establishment, wing_officer, wing, ellis, okafor, assign, shifts, points, now
):
    original = assign(ellis, WEDNESDAY, shifts["night"], points["a"], status=Assignment.Status.NEEDS_COVER)
    assign(okafor, WEDNESDAY, shifts["night"], points["a"], cover_for=original)
    assert record(establishment, wing_officer, ellis.worker, wing, london(WEDNESDAY, 23)).off_rota is True
    assert record(establishment, wing_officer, okafor.worker, wing, london(WEDNESDAY, 23)).off_rota is False


def test_a_call_out_ending_before_it_starts_is_refused_and_nothing_is_saved(
    establishment, wing_officer, wing, ellis, now
):
    requested = london(WEDNESDAY, 23, 40)
    with pytest.raises(ValidationError) as refused:
        record(
            establishment,
            wing_officer,
            ellis.worker,
            wing,
            requested,
            started_at=requested + timedelta(minutes=10),
            ended_at=requested + timedelta(minutes=5),
        )
    assert refused.value.message_dict == {
        "ended_at": [
            "The call-out must end after it started. If it ended after midnight, "
            "enter the next day as the date it finished."
        ]
    }
    assert not CallOut.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"started_at": london(WEDNESDAY, 23, 30)},
            "started_at",
            "The Listener cannot start before they were asked for. Check the dates and times.",
        ),
        (
            {"ended_at": london(THURSDAY, 12, 0)},
            "ended_at",
            "A call-out cannot last more than 12 hours. Check the dates.",
        ),
        (
            {
                "requested_at": london(THURSDAY, 9, 0),
                "started_at": london(THURSDAY, 9, 1),
                "ended_at": london(THURSDAY, 9, 30),
            },
            "ended_at",
            "This finish time has not happened yet. Record a call-out once it has finished.",
        ),
    ],
    ids=["starts-before-asked", "too-long", "in-the-future"],
)
def test_times_that_cannot_be_right_are_refused(
    establishment, wing_officer, wing, ellis, now, overrides, field, message
):
    with pytest.raises(ValidationError) as refused:
        record(establishment, wing_officer, ellis.worker, wing, london(WEDNESDAY, 23, 40), **overrides)
    assert refused.value.message_dict[field] == [message]
    assert not CallOut.objects.exists()


def test_another_prisons_listener_or_wing_is_refused(
    establishment, other_establishment, other_wing, wing_officer, wing, ellis, now
):
    stranger = PeerWorkerFactory(establishment=other_establishment)
    with pytest.raises(ValidationError) as refused:
        record(establishment, wing_officer, stranger, wing, london(WEDNESDAY, 23))
    assert refused.value.message_dict == {"listener": ["Choose a Listener held in this prison."]}
    with pytest.raises(ValidationError) as refused:
        record(establishment, wing_officer, ellis.worker, other_wing, london(WEDNESDAY, 23))
    assert refused.value.message_dict == {"location": ["Choose a wing or unit of this prison."]}
    assert not CallOut.objects.exists()


def test_someone_who_was_not_a_listener_that_day_is_refused(
    establishment, wing_officer, wing, make_listener, now
):
    later = make_listener("Sam", "Reid", starts_on=date(2026, 11, 5))
    with pytest.raises(ValidationError) as refused:
        record(establishment, wing_officer, later.worker, wing, london(WEDNESDAY, 23))
    assert refused.value.message_dict == {"listener": ["Sam Reid was not a Listener on 4 November 2026."]}


def test_a_call_out_before_the_listener_was_suspended_can_still_be_recorded(
    establishment, wing_officer, coordinator, wing, ellis, now
):
    contract_services.contract_suspend(
        contract=ellis, starts_on=THURSDAY, ends_on=None, is_paid=False, reason="Review", actor=coordinator
    )
    assert record(establishment, wing_officer, ellis.worker, wing, london(WEDNESDAY, 23)).pk


def test_a_call_out_in_the_small_hours_of_the_day_the_contract_ended_can_be_recorded(
    establishment, wing_officer, coordinator, wing, ellis, now
):
    contract_services.contract_end(contract=ellis, reason="resigned", actor=coordinator)
    assert record(establishment, wing_officer, ellis.worker, wing, london(THURSDAY, 2)).pk


def test_a_call_out_after_a_renewal_can_be_recorded(
    establishment, wing_officer, coordinator, wing, ellis, time_machine
):
    time_machine.move_to(london(WEDNESDAY - timedelta(days=1), 9), tick=False)
    contract_services.contract_renew(contract=ellis, actor=coordinator)
    time_machine.move_to(london(THURSDAY, 9), tick=False)
    assert record(establishment, wing_officer, ellis.worker, wing, london(WEDNESDAY, 23)).pk


# --- Archiving ---------------------------------------------------------------------------------


@pytest.fixture
def callout(establishment, wing_officer, wing, ellis, now):
    return record(establishment, wing_officer, ellis.worker, wing, london(WEDNESDAY, 23, 40))


def test_archiving_keeps_the_call_out_with_who_and_why(callout, manager):
    callout_archive(callout=callout, actor=manager, reason="Recorded twice")
    callout.refresh_from_db()
    assert (callout.archived_by, callout.archived_reason) == (manager, "Recorded twice")
    assert callout.archived_at is not None
    assert callout.history.first().history_user == manager
    assert callout.history.first().history_change_reason == "Archived"
    assert CallOut.objects.count() == 1


def test_archiving_needs_a_reason_and_happens_once(callout, manager):
    with pytest.raises(ValidationError) as refused:
        callout_archive(callout=callout, actor=manager, reason="   ")
    assert refused.value.message_dict == {"reason": ["Say why the call-out is archived."]}
    callout_archive(callout=callout, actor=manager, reason="Recorded twice")
    with pytest.raises(ValidationError, match="already archived"):
        callout_archive(callout=callout, actor=manager, reason="Again")
    callout.refresh_from_db()
    assert callout.archived_reason == "Recorded twice"


# --- Confidentiality by design -------------------------------------------------------------------


def test_a_call_out_has_nowhere_to_write_what_was_said_or_who_called():
    text_fields = {
        field.name
        for field in CallOut._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField)
    }
    assert text_fields == {"requested_by", "archived_reason"}
    assert CallOut._meta.get_field("requested_by").choices


def test_the_call_out_form_has_no_free_text_box(establishment):
    form = CallOutForm(establishment=establishment)
    for name, field in form.fields.items():
        assert not isinstance(field, forms.CharField), name
        assert not isinstance(field.widget, forms.Textarea), name
        # The MoJ date picker is a text box, but it keeps nothing but a day (peerwork.forms).
        picker = isinstance(field, DatePickerField)
        assert picker or getattr(field.widget, "input_type", None) in {"select", "radio", "time"}, name
    assert set(form.fields) == {
        "listener",
        "location",
        "requested_by",
        "requested_on",
        "requested_time",
        "started_on",
        "started_time",
        "ended_on",
        "ended_time",
    }


def test_a_wing_from_a_new_location_can_be_chosen(establishment, wing_officer, ellis, now):
    healthcare = LocationFactory(establishment=establishment, name="Healthcare")
    assert (
        record(establishment, wing_officer, ellis.worker, healthcare, london(WEDNESDAY, 23)).location
        == healthcare
    )

"""A break from the rota (for example after a welfare check-in found a Listener needs one): the
rota rules refuse them with its reason, "Fill the gaps" passes them over, a shift they already
had in it needs cover at once, and withdrawing the break puts everything back."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from listeners.lookup import Standing, listener_lookup, visible_assignments
from rota.models import Assignment, Unavailability
from rota.rules import OnABreak
from rota.services.assignments import assignment_add
from rota.services.breaks import rota_break_add, rota_break_withdraw
from rota.services.weeks import gaps_propose
from tests.factories import PeerWorkerFactory
from tests.rota.conftest import WEEK, on


def take_a_break(contract, actor, *, first=0, last=6, reason="Needs a break (welfare check-in)"):
    """Off the rota from day `first` to day `last` of the week being built (0 is its Monday)."""
    return rota_break_add(
        worker=contract.worker,
        establishment=contract.scheme.establishment,
        starts_on=on(0) + timedelta(days=first),
        ends_on=on(0) + timedelta(days=last),
        reason=reason,
        actor=actor,
    )


def test_the_rota_refuses_a_listener_on_a_break_with_its_reason(pattern, night, a_point, amir, coordinator):
    take_a_break(amir, coordinator, first=1, last=3)
    with pytest.raises(OnABreak) as refused:
        assignment_add(
            rota=pattern, day=on(2), shift_type=night, cover_point=a_point, contract=amir, actor=coordinator
        )
    message = " ".join(refused.value.messages)
    assert "Amir Khan is off the rota from 24 November 2026 to 26 November 2026" in message
    assert "Needs a break (welfare check-in)" in message
    assert not Assignment.objects.exists()
    # The day after the break they can be rostered again.
    assignment_add(
        rota=pattern, day=on(4), shift_type=night, cover_point=a_point, contract=amir, actor=coordinator
    )


def test_fill_the_gaps_passes_over_a_listener_on_a_break(pattern, amir, bea, coordinator):
    take_a_break(amir, coordinator)
    plan = gaps_propose(rota=pattern, starts_on=WEEK)
    assert plan.proposals
    assert {p.contract.pk for p in plan.proposals} == {bea.pk}


def test_when_nobody_is_free_the_gap_says_they_are_on_a_break(pattern, amir, coordinator):
    take_a_break(amir, coordinator)
    plan = gaps_propose(rota=pattern, starts_on=WEEK)
    assert plan.proposals == []
    assert plan.unfilled[0].why == "No Listener is free: 1 on a break from the rota."


def test_a_shift_already_on_the_rota_needs_cover_during_the_break_and_counts_again_after(
    pattern, night, a_point, amir, coordinator
):
    shift = assignment_add(
        rota=pattern, day=on(2), shift_type=night, cover_point=a_point, contract=amir, actor=coordinator
    )
    period = take_a_break(amir, coordinator, first=1, last=3)

    during = Assignment.objects.with_standing().get(pk=shift.pk)
    assert during.needs_cover and not during.covers
    assert during.standing_label == "Needs cover: off the rota that day (a break)"
    assert not Assignment.objects.on_duty().filter(pk=shift.pk).exists()
    assert not visible_assignments(establishment=pattern.establishment).filter(pk=shift.pk).exists()

    rota_break_withdraw(period=period, actor=coordinator)
    after = Assignment.objects.with_standing().get(pk=shift.pk)
    assert after.covers
    assert Unavailability.objects.get(pk=period.pk).archived_by == coordinator  # kept, not deleted


def test_a_break_agreed_at_another_prison_does_not_follow_them(
    pattern, night, a_point, amir, coordinator, other_establishment, outsider
):
    Unavailability.objects.create(
        worker=amir.worker,
        establishment=other_establishment,
        starts_on=on(0),
        ends_on=on(6),
        reason="Elsewhere",
        created_by=outsider,
        created_at=pattern.establishment.schemes.first().history.first().history_date,
    )
    shift = assignment_add(
        rota=pattern, day=on(2), shift_type=night, cover_point=a_point, contract=amir, actor=coordinator
    )
    assert Assignment.objects.with_standing().get(pk=shift.pk).covers


@pytest.mark.parametrize(
    ("first", "last", "field", "message"),
    [
        (-4, 3, "starts_on", "A break starts today or later."),  # Thursday, yesterday
        (3, 2, "ends_on", "The break must end on or after the day it starts."),
        (0, 400, "ends_on", "A break lasts a year at most."),
    ],
)
def test_impossible_breaks_are_refused_and_nothing_is_saved(
    pattern, amir, coordinator, first, last, field, message
):
    with pytest.raises(ValidationError) as refused:
        take_a_break(amir, coordinator, first=first, last=last)
    assert message in " ".join(refused.value.message_dict[field])
    assert not Unavailability.objects.exists()


def test_two_breaks_at_once_are_refused(pattern, amir, coordinator):
    take_a_break(amir, coordinator, first=0, last=3)
    with pytest.raises(ValidationError) as refused:
        take_a_break(amir, coordinator, first=3, last=5)
    assert "already off the rota from 23 November 2026 to 26 November 2026" in str(refused.value)
    assert Unavailability.objects.count() == 1


def test_only_a_listener_here_can_be_taken_off_the_rota(pattern, coordinator, establishment):
    somebody = PeerWorkerFactory(establishment=establishment)
    with pytest.raises(ValidationError, match="is not a Listener here"):
        rota_break_add(
            worker=somebody,
            establishment=establishment,
            starts_on=on(0),
            ends_on=on(1),
            reason="Needs a break",
            actor=coordinator,
        )


def test_a_withdrawn_break_cannot_be_withdrawn_twice(pattern, amir, coordinator):
    period = take_a_break(amir, coordinator)
    rota_break_withdraw(period=period, actor=coordinator)
    with pytest.raises(ValidationError, match="already withdrawn"):
        rota_break_withdraw(period=period, actor=coordinator)


def test_a_break_is_attributed(pattern, amir, coordinator):
    period = take_a_break(amir, coordinator, first=0, last=0)
    assert period.history.first().history_user == coordinator
    assert period.ends_on - period.starts_on == timedelta(0)


def test_the_officer_look_up_says_they_are_on_a_break_and_not_why(pattern, night, a_point, amir, coordinator):
    take_a_break(amir, coordinator, first=-3, last=3)  # Friday 20 November, today, to Thursday
    (answer,) = listener_lookup(establishment=pattern.establishment, query=amir.worker.prison_number).answers
    assert answer.standing == Standing.ON_A_BREAK
    assert answer.headline == "Listener, taking a break from the rota."
    assert (
        answer.detail
        == "Not on the rota, and not to be called out, until 27 November 2026. Ask another Listener."
    )
    assert "welfare" not in f"{answer.headline} {answer.detail} {answer.note}".lower()

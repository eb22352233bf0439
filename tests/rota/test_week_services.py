"""A week: fill the gaps (nights first, fairly, with reasons), accept proposals all or nothing,
copy last week (reporting who now fails a rule), publish, and the record of later changes."""

from collections import Counter
from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rota import selectors
from rota.models import Assignment, RotaWeek
from rota.services.assignments import assignment_add
from rota.services.weeks import (
    Choice,
    ProposalRefused,
    gaps_propose,
    proposals_accept,
    week_copy_preview,
    week_copy_previous,
    week_publish,
)
from schemes.models import Contract
from schemes.services.contracts import contract_suspend
from tests.rota.conftest import LONDON, WEEK, on


def accept_all(rota, plan, actor):
    choices = [
        Choice(
            day=p.slot.day,
            shift_type=_shift(rota, p),
            cover_point=_point(rota, p),
            contract=p.contract,
            reason=p.reason,
        )
        for p in plan.proposals
    ]
    return proposals_accept(rota=rota, starts_on=WEEK, choices=choices, actor=actor)


def _shift(rota, proposal):
    return rota.shift_types.get(pk=proposal.slot.shift_type_id)


def _point(rota, proposal):
    return rota.cover_points.get(pk=proposal.slot.cover_point_id)


# --- Fill the gaps --------------------------------------------------------------------------


def test_nights_are_filled_first_and_the_load_is_shared(pattern, listener, coordinator):
    team = [listener(first, "Ash") for first in ("Ann", "Ben", "Cat", "Dev")]
    plan = gaps_propose(rota=pattern, starts_on=WEEK)

    nights = [p for p in plan.proposals if p.slot.is_night]
    assert len(nights) == 14  # every night at both wings
    assert plan.proposals[: len(nights)] == nights
    per_listener = Counter(p.contract.pk for p in plan.proposals)
    assert set(per_listener) == {c.pk for c in team}
    assert max(per_listener.values()) == 4  # the weekly limit
    assert len(plan.proposals) == 16  # 4 Listeners x 4 shifts
    assert [u.slot.shift_name for u in plan.unfilled] == ["Evening"] * 5
    assert plan.unfilled[0].why == "No Listener is free: 4 at their weekly limit."


def test_a_night_counts_double_when_sharing_out(
    pattern, amir, bea, day_shift, night, a_point, b_point, coordinator
):
    assignment_add(
        rota=pattern, day=on(5), shift_type=night, cover_point=b_point, contract=amir, actor=coordinator
    )
    assignment_add(
        rota=pattern, day=on(5), shift_type=day_shift, cover_point=a_point, contract=bea, actor=coordinator
    )

    first = gaps_propose(rota=pattern, starts_on=WEEK).proposals[0]
    assert first.slot.describe() == "Night at A wing on Mon 23 Nov"
    assert first.contract == bea  # one day shift (1) beats one night (2)
    assert (
        first.reason
        == "Fewest shifts this week (1 shift, no nights); trained until 1 Oct 2028; contract until 1 May 2027"
    )


def test_the_reason_says_who_lives_on_the_wing_and_when_they_are_the_only_one(pattern, listener, wing):
    listener("Amir", "Khan", location=wing)
    first = gaps_propose(rota=pattern, starts_on=WEEK).proposals[0]
    assert first.reason == (
        "The only Listener free (no shifts yet); lives on A wing; trained until 1 Oct 2028; contract until 1 May 2027"
    )


def test_nobody_ineligible_is_proposed_and_the_gaps_say_why(pattern, listener):
    listener("Amir", "Khan", status=Contract.Status.SUSPENDED)
    listener("Bea", "Lowe", trained=False)
    plan = gaps_propose(rota=pattern, starts_on=WEEK)
    assert plan.proposals == []
    assert len(plan.unfilled) == 21
    assert plan.unfilled[0].why == "No Listener is free: 1 cannot work under their contract, 1 not trained."


def test_shifts_already_started_are_left_alone(pattern, amir, time_machine):
    time_machine.move_to(datetime(2026, 11, 25, 12, tzinfo=LONDON), tick=False)  # Wednesday midday
    plan = gaps_propose(rota=pattern, starts_on=WEEK)
    assert plan.started == 6  # Monday's and Tuesday's three gaps each
    assert min(p.slot.starts_at for p in plan.proposals) == datetime(2026, 11, 25, 21, tzinfo=LONDON)


def test_proposing_only_reads(pattern, amir, bea):
    with CaptureQueriesContext(connection) as queries:
        plan = gaps_propose(rota=pattern, starts_on=WEEK)
    assert plan.proposals
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries.captured_queries)
    assert not Assignment.objects.exists()


def test_proposing_costs_the_same_queries_for_two_listeners_or_twelve(
    pattern, listener, coordinator, night, a_point, django_assert_num_queries
):
    for n in range(2):
        listener(f"Small{n}", "Team")
    with django_assert_num_queries(QUERIES):
        small = gaps_propose(rota=pattern, starts_on=WEEK)
    for n in range(10):
        contract = listener(f"Large{n}", "Team")
        if n < 3:
            assignment_add(
                rota=pattern,
                day=on(n),
                shift_type=night,
                cover_point=a_point,
                contract=contract,
                actor=coordinator,
            )
    with django_assert_num_queries(QUERIES):
        large = gaps_propose(rota=pattern, starts_on=WEEK)
    assert len(large.proposals) > len(small.proposals)


QUERIES = 8


def test_accepting_adds_each_proposal_with_its_reason(pattern, amir, bea, coordinator):
    plan = gaps_propose(rota=pattern, starts_on=WEEK)
    added = accept_all(pattern, plan, coordinator)
    assert len(added) == len(plan.proposals) == 8
    first = Assignment.objects.get(pk=added[0].pk)
    assert first.proposed_reason == plan.proposals[0].reason
    assert first.history.get().history_change_reason == "Added from a proposal"
    assert gaps_propose(rota=pattern, starts_on=WEEK).proposals == []  # both at their limit now


def test_accepting_is_all_or_nothing(pattern, amir, listener, night, a_point, b_point, coordinator):
    suspended = listener("Cy", "Moss", status=Contract.Status.SUSPENDED)
    choices = [
        Choice(day=on(0), shift_type=night, cover_point=a_point, contract=amir, reason="Fewest shifts"),
        Choice(day=on(0), shift_type=night, cover_point=b_point, contract=suspended),
    ]
    with pytest.raises(ProposalRefused) as excinfo:
        proposals_accept(rota=pattern, starts_on=WEEK, choices=choices, actor=coordinator)
    assert excinfo.value.position == 1
    assert excinfo.value.messages == [
        "Cy Moss's Listener contract is suspended, so they cannot be on the rota."
    ]
    assert not Assignment.objects.exists()
    assert not RotaWeek.objects.exists()


def test_a_proposal_for_another_week_is_refused(pattern, amir, night, a_point, coordinator):
    choice = Choice(day=date(2026, 11, 30), shift_type=night, cover_point=a_point, contract=amir)
    with pytest.raises(ValidationError, match="Mon 30 Nov is not in the week of 23 November 2026."):
        proposals_accept(rota=pattern, starts_on=WEEK, choices=[choice], actor=coordinator)


# --- Copy last week --------------------------------------------------------------------------


@pytest.fixture
def last_week(pattern, amir, bea, night, evening, a_point, b_point, coordinator):
    """Amir on Monday night at A wing and Bea on Tuesday evening, in the week of 16 November."""
    for contract, day, shift, point in ((amir, 16, night, a_point), (bea, 17, evening, a_point)):
        assignment_add(
            rota=pattern,
            day=date(2026, 11, day),
            shift_type=shift,
            cover_point=point,
            contract=contract,
            actor=coordinator,
        )


def test_copying_puts_each_listener_on_the_same_shift_a_week_later(last_week, pattern, coordinator):
    result = week_copy_previous(rota=pattern, starts_on=WEEK, actor=coordinator)
    copied = sorted((a.worker.full_name, a.day, a.shift_type.name, a.cover_point.name) for a in result.copied)
    assert copied == [("Amir Khan", on(0), "Night", "A wing"), ("Bea Lowe", on(1), "Evening", "A wing")]
    assert result.skipped == []
    assert Assignment.objects.get(pk=result.copied[0].pk).history.get().history_change_reason == (
        "Copied from the week before"
    )


def test_copying_skips_and_reports_those_who_now_fail_a_rule(last_week, pattern, bea, coordinator):
    contract_suspend(
        contract=bea,
        starts_on=date(2026, 11, 20),
        ends_on=None,
        is_paid=False,
        reason="Welfare",
        actor=coordinator,
    )
    preview = week_copy_preview(rota=pattern, starts_on=WEEK)
    assert [item.name for item in preview.to_copy] == ["Amir Khan"]
    assert [(item.name, item.refusal) for item in preview.skipped] == [
        ("Bea Lowe", "Bea Lowe's Listener contract is suspended, so they cannot be on the rota.")
    ]
    result = week_copy_previous(rota=pattern, starts_on=WEEK, actor=coordinator)
    assert len(result.copied) == 1
    assert Assignment.objects.filter(week__starts_on=WEEK).count() == 1


def test_copying_skips_someone_already_on_that_shift(last_week, pattern, amir, night, b_point, coordinator):
    assignment_add(
        rota=pattern, day=on(0), shift_type=night, cover_point=b_point, contract=amir, actor=coordinator
    )
    preview = week_copy_preview(rota=pattern, starts_on=WEEK)
    assert [item.refusal for item in preview.skipped] == [
        "Amir Khan is already on Night at B wing on Mon 23 Nov."
    ]


def test_copying_an_empty_week_is_refused_and_starts_nothing(pattern, coordinator):
    with pytest.raises(ValidationError, match="Nobody was on the rota in the week of 16 November 2026."):
        week_copy_previous(rota=pattern, starts_on=WEEK, actor=coordinator)
    assert not RotaWeek.objects.exists()


# --- Publish ------------------------------------------------------------------------------


def test_publishing_records_who_and_when_once(pattern, coordinator, manager):
    week = week_publish(rota=pattern, starts_on=WEEK, actor=coordinator)
    assert (week.published_by, week.published_at) == (coordinator, datetime(2026, 11, 20, 9, tzinfo=LONDON))
    assert week.history.first().history_change_reason == "Published"
    with pytest.raises(ValidationError, match="already published on 20 November 2026"):
        week_publish(rota=pattern, starts_on=WEEK, actor=manager)
    week.refresh_from_db()
    assert week.published_by == coordinator


def test_changes_after_publishing_are_recorded_and_shown_on_the_grid(
    pattern, amir, bea, night, a_point, b_point, coordinator, manager, time_machine
):
    assignment_add(
        rota=pattern, day=on(0), shift_type=night, cover_point=a_point, contract=amir, actor=coordinator
    )
    week_publish(rota=pattern, starts_on=WEEK, actor=coordinator)
    time_machine.move_to(datetime(2026, 11, 21, 10, tzinfo=LONDON), tick=False)
    assignment_add(
        rota=pattern, day=on(1), shift_type=night, cover_point=b_point, contract=bea, actor=manager
    )

    grid = selectors.week_grid(rota=pattern, starts_on=WEEK)
    assert [(c.who, c.what) for c in grid.changes] == [
        (manager, "Added: Bea Lowe, Night at B wing on Tue 24 Nov")
    ]
    changed = [cell.description for cell in grid.cells if cell.changed]
    assert changed == ["Night at B wing on Tue 24 Nov"]

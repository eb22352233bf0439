"""The week grid, Fill the gaps, Copy last week and Publish, as each kind of user meets them."""

import html
from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from rota.models import Assignment, RotaWeek
from rota.services import setup
from rota.services.assignments import assignment_add
from rota.services.weeks import week_publish
from schemes.models import Contract
from schemes.services.contracts import contract_suspend
from tests.factories import UserFactory
from tests.rota.conftest import LONDON, WEEK, on


def week_url(name="rota:week_detail", starts_on=WEEK):
    return reverse(name, kwargs={"starts_on": starts_on})


@pytest.fixture
def other_coordinator(establishment):
    """A coordinator here who does not lead the Listener scheme."""
    return UserFactory(
        username="buddiescoordinator", role=Role.SCHEME_COORDINATOR, establishments=[establishment]
    )


@pytest.fixture
def put(pattern, coordinator):
    def assign(contract, day, shift_type, cover_point):
        return assignment_add(
            rota=pattern,
            day=day,
            shift_type=shift_type,
            cover_point=cover_point,
            contract=contract,
            actor=coordinator,
        )

    return assign


# --- Home ------------------------------------------------------------------------------


def test_the_rota_opens_at_this_week(client_for, coordinator, pattern):
    response = client_for(coordinator).get(reverse("rota:home"))
    assert response.status_code == 302
    assert response.url == week_url(starts_on=date(2026, 11, 16))  # Friday 20 November is in that week


def test_without_a_rota_a_manager_is_offered_to_set_one_up(client_for, manager, listeners):
    body = text(client_for(manager).get(reverse("rota:home")))
    assert "HMP Alpha has no Listener rota yet" in body
    assert "Set up the Listener rota" in body


def test_without_a_rota_a_wing_officer_is_told_so_and_offered_nothing(client_for, wing_officer, listeners):
    body = text(client_for(wing_officer).get(reverse("rota:home")))
    assert "HMP Alpha has no Listener rota yet" in body
    assert "Set up the Listener rota" not in body


def test_a_day_other_than_monday_goes_to_its_week(client_for, coordinator, pattern):
    response = client_for(coordinator).get(week_url(starts_on=on(3)))
    assert response.url == week_url()


def test_a_date_that_does_not_exist_is_not_found(client_for, coordinator, pattern):
    assert client_for(coordinator).get("/rota/weeks/2026-02-30/").status_code == 404


# --- The grid ------------------------------------------------------------------------------


def test_the_grid_shows_who_is_on_and_highlights_the_gaps(
    client_for, coordinator, put, amir, night, a_point, b_point
):
    put(amir, on(1), night, a_point)
    response = client_for(coordinator).get(week_url())
    body = text(response)
    grid = response.context["grid"]
    assert [block.shift_type.name for block in grid.blocks] == ["Day", "Evening", "Night"]
    tuesday_a = next(c for c in grid.cells if c.description == "Night at A wing on Tue 24 Nov")
    tuesday_b = next(c for c in grid.cells if c.description == "Night at B wing on Tue 24 Nov")
    assert (tuesday_a.on_duty, tuesday_a.missing) == (1, 0)
    assert (tuesday_b.on_duty, tuesday_b.missing) == (0, 1)
    assert grid.missing == 20 and grid.nights_missing == 13
    assert "Amir Khan" in body
    assert "20 Listeners short, 13 on nights" in body
    assert "Not published" in body
    assert reverse("rota:shift_detail", args=[on(1), night.pk, b_point.pk]) in body
    assert "Fill the gaps" in body


def test_a_listener_suspended_after_being_rostered_shows_and_leaves_a_gap(
    client_for, coordinator, put, amir, night, a_point
):
    put(amir, on(1), night, a_point)
    contract_suspend(
        contract=amir,
        starts_on=timezone.localdate(),
        ends_on=None,
        is_paid=False,
        reason="Adjudication",
        actor=coordinator,
    )
    response = client_for(coordinator).get(week_url())
    cell = next(c for c in response.context["grid"].cells if c.description == "Night at A wing on Tue 24 Nov")
    assert cell.missing == 1
    assert "Needs cover: suspended that day" in text(response)
    assert "1 shift waiting for cover" in text(response)


def _assign_listeners(put, listener, night, points, count, offset):
    for n in range(count):
        contract = listener(f"Grid{offset + n}", "Load")
        put(contract, on(n % 7), night, points[(n // 7) % 2])


def test_the_grid_query_count_does_not_grow_with_listeners(
    client_for, coordinator, put, listener, night, a_point, b_point, time_machine, django_assert_num_queries
):
    client = client_for(coordinator)
    _assign_listeners(put, listener, night, [a_point, b_point], 2, 0)
    week_publish(rota=a_point.rota, starts_on=WEEK, actor=coordinator)
    time_machine.move_to(datetime(2026, 11, 20, 9, 5, tzinfo=LONDON), tick=False)  # changes come later
    client.get(week_url())  # the session settles on the first page
    with django_assert_num_queries(QUERIES):
        small = client.get(week_url())
    _assign_listeners(put, listener, night, [a_point, b_point], 12, 2)
    with django_assert_num_queries(QUERIES):
        large = client.get(week_url())
    assert len(large.context["grid"].changes) == 12
    assert text(large).count("Grid") > text(small).count("Grid")


# The session, user and establishment (3); the rota and whether the user leads its scheme (2); the
# week, shifts, places and their wings, needs, Listeners, assignments and changes since publishing
# (8); permissions for the navigation (2).
QUERIES = 15


# --- Who sees what -------------------------------------------------------------------------------


def test_a_wing_officer_sees_a_week_only_once_it_is_published_and_only_to_read(
    client_for, wing_officer, coordinator, put, amir, night, a_point
):
    put(amir, on(1), night, a_point)
    client = client_for(wing_officer)
    body = text(client.get(week_url()))
    assert "This week's rota has not been published yet." in body
    assert "Amir Khan" not in body

    week_publish(rota=a_point.rota, starts_on=WEEK, actor=coordinator)
    body = text(client.get(week_url()))
    assert "Amir Khan" in body
    assert "Fill the gaps" not in body
    assert "/rota/shifts/" not in body
    assert "Shifts this week" not in body


def test_a_coordinator_of_another_scheme_reads_published_weeks_but_cannot_change_them(
    client_for, other_coordinator, pattern
):
    client = client_for(other_coordinator)
    assert "not been published" in text(client.get(week_url()))
    for name in ("rota:week_fill", "rota:week_copy", "rota:week_publish"):
        assert client.get(week_url(name)).status_code == 403
    assert client.post(week_url("rota:week_publish")).status_code == 403
    assert not RotaWeek.objects.exists()


def test_another_prisons_manager_finds_no_rota(client_for, outsider, pattern):
    client = client_for(outsider)
    for name in ("rota:week_detail", "rota:week_fill", "rota:week_copy", "rota:week_publish"):
        assert client.get(week_url(name)).status_code == 404
    assert client.post(week_url("rota:week_publish")).status_code == 404
    assert not RotaWeek.objects.exists()


def test_a_wing_officer_cannot_fill_copy_or_publish(client_for, wing_officer, pattern):
    client = client_for(wing_officer)
    for name in ("rota:week_fill", "rota:week_copy", "rota:week_publish"):
        assert client.get(week_url(name)).status_code == 403
        assert client.post(week_url(name)).status_code == 403


# --- Fill the gaps ---------------------------------------------------------------------------


def _described(assignment) -> str:
    return f"{assignment.shift_type.name} at {assignment.cover_point.name} on {assignment.day:%a} {assignment.day.day} {assignment.day:%b}"


def text(response) -> str:
    return html.unescape(response.content.decode())


def fill_data(form, **changes):
    """What the browser would send for the form as shown, with `changes` on top."""
    data = {"rows": len(form.rows)}
    for row in form.bound_rows:
        for field in row["hidden"] + [row["listener"]]:
            data[field.html_name] = field.value()
        data[row["accept"].html_name] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_fill_the_gaps_shows_each_proposal_with_its_reason(client_for, coordinator, pattern, amir, bea):
    response = client_for(coordinator).get(week_url("rota:week_fill"))
    form = response.context["form"]
    body = text(response)
    assert len(form.rows) == 8  # two Listeners, four shifts each
    assert form.rows[0]["description"] == "Night at A wing on Mon 23 Nov"
    assert (
        "Fewest shifts this week (no shifts yet); trained until 1 Oct 2028; contract until 1 May 2027" in body
    )
    assert "Gaps no one can fill" in body
    assert not Assignment.objects.exists()


def test_the_coordinator_accepts_some_proposals_and_changes_one(
    client_for, coordinator, pattern, amir, bea, listener
):
    client = client_for(coordinator)
    form = client.get(week_url("rota:week_fill")).context["form"]
    dee = listener("Dee", "Nash")  # back from a course: not in any proposal
    response = client.post(week_url("rota:week_fill"), fill_data(form, accept_1=None, listener_2=dee.pk))

    assert response.status_code == 302
    added = list(Assignment.objects.select_related("shift_type", "cover_point"))
    assert len(added) == len(form.rows) - 1
    assert not any(_described(a) == form.rows[1]["description"] for a in added)
    changed = next(a for a in added if _described(a) == form.rows[2]["description"])
    assert changed.worker == dee.worker
    assert changed.proposed_reason == ""  # chosen by the coordinator, not proposed
    kept = next(a for a in added if _described(a) == form.rows[0]["description"])
    assert kept.proposed_reason == form.rows[0]["reason"]
    follow = client.get(response.url)
    assert f"{len(form.rows) - 1} Listener shifts added to the week." in text(follow)


def test_an_edit_that_breaks_a_rule_is_shown_next_to_it_and_nothing_is_saved(
    client_for, coordinator, pattern, amir, bea, listener
):
    suspended = listener("Cy", "Moss", status=Contract.Status.SUSPENDED)
    client = client_for(coordinator)
    form = client.get(week_url("rota:week_fill")).context["form"]
    response = client.post(week_url("rota:week_fill"), fill_data(form, listener_3=suspended.pk))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["listener_3"] == [
        "Cy Moss's Listener contract is suspended, so they cannot be on the rota."
    ]
    assert form["listener_3"].value() == str(suspended.pk)
    assert "govuk-error-summary" in text(response)
    assert not Assignment.objects.exists()


def test_accepting_nothing_is_refused(client_for, coordinator, pattern, amir):
    client = client_for(coordinator)
    form = client.get(week_url("rota:week_fill")).context["form"]
    data = {k: v for k, v in fill_data(form).items() if not k.startswith("accept_")}
    response = client.post(week_url("rota:week_fill"), data)
    assert "Tick at least one proposal to accept" in text(response)
    assert not Assignment.objects.exists()


def test_a_tampered_slot_is_refused(client_for, coordinator, pattern, amir):
    client = client_for(coordinator)
    form = client.get(week_url("rota:week_fill")).context["form"]
    response = client.post(week_url("rota:week_fill"), fill_data(form, slot_0="2026-11-23:99999:1"))
    assert "not on this rota" in text(response)
    assert not Assignment.objects.exists()


# --- Copy and publish ---------------------------------------------------------------------------


def test_copy_last_week_previews_then_copies_and_reports_who_was_left_out(
    client_for, coordinator, put, amir, bea, night, evening, a_point
):
    put(amir, date(2026, 11, 16), night, a_point)
    put(bea, date(2026, 11, 17), evening, a_point)
    Contract.objects.filter(pk=bea.pk).update(status=Contract.Status.SUSPENDED)
    client = client_for(coordinator)

    body = text(client.get(week_url("rota:week_copy")))
    assert "Amir Khan: Night at A wing on Mon 23 Nov" in body
    assert "Bea Lowe, Evening at A wing on Tue 24 Nov: Bea Lowe's Listener contract is suspended" in body
    assert Assignment.objects.filter(week__starts_on=WEEK).count() == 0

    response = client.post(week_url("rota:week_copy"), follow=True)
    assert "Copied 1 shift from the week before. Left out 1: Bea Lowe's Listener contract is suspended" in (
        text(response)
    )
    assert Assignment.objects.filter(week__starts_on=WEEK).count() == 1


def test_publishing_warns_of_gaps_then_publishes(client_for, coordinator, pattern):
    client = client_for(coordinator)
    body = text(client.get(week_url("rota:week_publish")))
    assert "The week is 21 Listeners short, 14 on nights." in body
    response = client.post(week_url("rota:week_publish"), follow=True)
    assert "Week of 23 November 2026 published." in text(response)
    week = RotaWeek.objects.get()
    assert (week.published_by, week.history.first().history_user) == (coordinator, coordinator)
    again = client.post(week_url("rota:week_publish"), follow=True)
    assert "already published" in text(again)


def test_a_safer_custody_officer_builds_the_rota_too(client_for, safer_custody_officer, pattern, amir):
    client = client_for(safer_custody_officer)
    assert client.get(week_url("rota:week_fill")).status_code == 200
    assert client.post(week_url("rota:week_publish")).status_code == 302
    assert RotaWeek.objects.get().published_by == safer_custody_officer


def test_a_retired_shift_leaves_later_weeks_but_not_the_weeks_it_was_used_in(
    client_for, coordinator, pattern, day_shift
):
    setup.shift_type_archive(shift_type=day_shift, actor=coordinator)  # on Friday 20 November
    client = client_for(coordinator)
    grid = client.get(week_url()).context["grid"]
    assert [block.shift_type.name for block in grid.blocks] == ["Evening", "Night"]
    this_week = client.get(week_url(starts_on=date(2026, 11, 16)))
    assert [block.shift_type.name for block in this_week.context["grid"].blocks] == [
        "Day",
        "Evening",
        "Night",
    ]
    assert "Retired 20 Nov" in text(this_week)

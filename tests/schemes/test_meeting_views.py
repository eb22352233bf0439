"""Supervision meeting pages: who may see and change them, bad input, and pinned query counts."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from schemes.models import SupervisionMeeting
from schemes.services import contracts as contract_services
from schemes.services.meetings import meeting_cancel, meeting_move, meeting_record_held, meeting_schedule
from schemes.services.schemes import scheme_presets_ensure
from tests.factories import PeerWorkerFactory

LONDON = ZoneInfo("Europe/London")
Status = SupervisionMeeting.Status


def at(day: str, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(at("2026-11-23"), tick=False)  # a Monday


def schedule(scheme, lead, starts_at, **extra):
    return meeting_schedule(
        scheme=scheme, starts_at=starts_at, place="Chapel", lead=lead, actor=lead, **extra
    )


@pytest.fixture
def meeting(listeners, coordinator, active_contract):
    return schedule(listeners, coordinator, at("2026-11-30"))


@pytest.fixture
def this_morning(listeners, coordinator, active_contract):
    return schedule(listeners, coordinator, at("2026-11-23", 9))


@pytest.fixture
def buddies_meeting(buddies, manager):
    return schedule(buddies, manager, at("2026-11-25", 14))


def url(name, *args):
    return reverse(f"schemes:{name}", args=args)


def body(response) -> str:
    return response.content.decode()


# --- The list -------------------------------------------------------------------------------


def test_any_member_of_staff_sees_upcoming_and_recent_meetings_with_their_status(
    client_for, wing_officer, meeting, this_morning, buddies_meeting, coordinator, active_contract
):
    held = meeting_record_held(
        meeting=this_morning, attended=[active_contract.worker], notes="", actor=coordinator
    )
    response = client_for(wing_officer).get(url("meeting_list"))
    assert response.status_code == 200
    upcoming = [m.pk for m in response.context["upcoming"]]
    recent = [m.pk for m in response.context["recent"]]
    assert upcoming == [buddies_meeting.pk, meeting.pk]
    assert recent == [held.pk]
    page = body(response)
    assert "30 November 2026, 10:00" in page
    assert '<strong class="govuk-tag govuk-tag--green">Held</strong>' in page
    assert "Schedule a meeting" not in page


def test_a_meeting_not_recorded_once_it_has_started_is_tagged(
    client_for, coordinator, listeners, time_machine
):
    schedule(listeners, coordinator, at("2026-11-20"))
    page = body(client_for(coordinator).get(url("meeting_list")))
    assert "Not recorded yet" in page


def test_the_list_filters_by_scheme_and_offers_its_actions_to_its_lead(
    client_for, coordinator, meeting, buddies_meeting, listeners
):
    response = client_for(coordinator).get(url("meeting_list") + f"?scheme={listeners.pk}")
    assert [m.pk for m in response.context["upcoming"]] == [meeting.pk]
    page = body(response)
    assert url("meetings_generate", listeners.pk) in page
    assert f"{url('meeting_create')}?scheme={listeners.pk}" in page


def test_a_coordinator_is_not_offered_actions_on_a_scheme_they_do_not_lead(
    client_for, coordinator, listeners, buddies
):
    page = body(client_for(coordinator).get(url("meeting_list") + f"?scheme={buddies.pk}"))
    assert url("meetings_generate", buddies.pk) not in page


def test_another_prisons_scheme_is_refused_in_the_filter_and_its_meetings_never_shown(
    client_for, outsider, listeners, meeting
):
    client = client_for(outsider)
    for value in (listeners.pk, "nonsense"):
        response = client.get(url("meeting_list"), {"scheme": value})
        assert response.status_code == 200
        assert "Select a valid choice" in body(response)
        assert url("meeting_detail", meeting.pk) not in body(response)
        assert response.context["page"].paginator.count == 0


def test_the_list_filters_by_status_and_days_kept_in_the_address(
    client_for, wing_officer, listeners, coordinator, meeting, this_morning, buddies_meeting
):
    meeting_cancel(meeting=meeting, reason="Lockdown", actor=coordinator)
    client = client_for(wing_officer)
    cancelled = client.get(url("meeting_list"), {"status": Status.CANCELLED})
    assert [m.pk for m in cancelled.context["upcoming"]] == [meeting.pk]
    one_day = client.get(url("meeting_list"), {"from_day": "25/11/2026", "to_day": "2026-11-25"})
    assert [m.pk for m in one_day.context["upcoming"]] == [buddies_meeting.pk]
    assert one_day.context["recent"] == []
    assert 'value="25/11/2026"' in body(one_day)


def test_by_default_the_list_starts_six_months_back_and_an_empty_from_shows_all(
    client_for, wing_officer, listeners, coordinator
):
    old = schedule(listeners, coordinator, at("2026-05-01"))
    client = client_for(wing_officer)
    assert old not in client.get(url("meeting_list")).context["recent"]
    assert 'value="23/05/2026"' in body(client.get(url("meeting_list")))
    assert old in client.get(url("meeting_list"), {"from_day": ""}).context["recent"]


def test_an_impossible_day_is_refused_next_to_the_box(client_for, wing_officer):
    response = client_for(wing_officer).get(url("meeting_list"), {"to_day": "31/02/2026"})
    assert response.status_code == 200
    assert "Enter a real date" in body(response)


def test_the_list_pages_upcoming_first_then_newest_first(client_for, wing_officer, listeners, coordinator):
    for day in range(1, 30):
        schedule(listeners, coordinator, at(f"2026-10-{day:02d}"))
    for day in range(1, 31):
        schedule(listeners, coordinator, at(f"2026-12-{day:02d}"))
    client = client_for(wing_officer)
    first = client.get(url("meeting_list"))
    assert len(first.context["upcoming"]) == 30 and len(first.context["recent"]) == 20
    assert first.context["recent"][0].starts_at == at("2026-10-29")
    second = client.get(url("meeting_list"), {"page": 2})
    assert second.context["upcoming"] == []
    assert [m.starts_at for m in second.context["recent"]] == [
        at(f"2026-10-{d:02d}") for d in range(9, 0, -1)
    ]
    assert 'data-testid="upcoming"' not in body(second)


def _meetings(scheme, lead, workers, n):
    for i in range(n):
        meeting = schedule(scheme, lead, at(f"2026-11-{2 + i:02d}", 9), invited=workers)
        if i % 3 == 0:
            meeting_record_held(meeting=meeting, attended=workers, notes="", actor=lead)
        elif i % 3 == 1:
            meeting_cancel(meeting=meeting, reason="Lockdown", actor=lead)
        meeting_move(
            meeting=schedule(scheme, lead, at(f"2026-12-{1 + i:02d}")),
            new_starts_at=at(f"2026-12-{1 + i:02d}", 14),
            actor=lead,
        )


@pytest.mark.parametrize("size", [1, 6])
@pytest.mark.parametrize("filtered", [False, True])
def test_the_list_query_count_does_not_grow_with_meetings(
    client_for,
    coordinator,
    listeners,
    active_contract,
    establishment,
    django_assert_num_queries,
    size,
    filtered,
):
    extra = [PeerWorkerFactory(establishment=establishment) for _ in range(size)]
    for person in extra:
        contract = contract_services.contract_issue(
            worker=person, scheme=listeners, actor=coordinator, start_date=date(2026, 11, 1)
        )
        contract_services.contract_sign(
            contract=contract, signed_on=date(2026, 11, 1), witnessed_by=coordinator, actor=coordinator
        )
    _meetings(listeners, coordinator, [active_contract.worker, *extra], size)
    client = client_for(coordinator)
    query = f"?scheme={listeners.pk}" if filtered else ""
    with django_assert_num_queries(10 if filtered else 8):
        response = client.get(url("meeting_list") + query)
    assert len(response.context["upcoming"]) == 2 * size
    assert len(response.context["recent"]) == size


# --- A meeting's page -------------------------------------------------------------------------


def test_a_meeting_page_shows_who_was_invited_and_its_history(client_for, wing_officer, meeting):
    response = client_for(wing_officer).get(url("meeting_detail", meeting.pk))
    page = body(response)
    assert response.status_code == 200
    assert "Ryan Ellis" in page
    assert "Chapel" in page
    assert 'data-testid="history"' in page
    assert response.context["actions"] == {}
    assert url("meeting_cancel", meeting.pk) not in page


def test_the_lead_is_offered_what_can_be_done_now(client_for, coordinator, meeting, this_morning):
    page = body(client_for(coordinator).get(url("meeting_detail", meeting.pk)))
    assert url("meeting_cancel", meeting.pk) in page
    assert url("meeting_move", meeting.pk) in page
    assert url("meeting_record_held", meeting.pk) not in page  # not before its day
    page = body(client_for(coordinator).get(url("meeting_detail", this_morning.pk)))
    assert url("meeting_record_held", this_morning.pk) in page


def test_a_cancelled_meeting_shows_why_who_and_when(client_for, manager, meeting, coordinator):
    meeting_cancel(meeting=meeting, reason="Lead redeployed to B wing", actor=coordinator)
    response = client_for(manager).get(url("meeting_detail", meeting.pk))
    page = body(response)
    assert "Lead redeployed to B wing" in page
    assert f"23 November 2026, 10:00 by {coordinator}" in page
    assert response.context["actions"] == {"record_held": False, "cancel": False, "move": False}


def test_a_moved_meeting_links_to_its_new_date_and_back(client_for, manager, meeting, coordinator):
    new = meeting_move(meeting=meeting, new_starts_at=at("2026-12-02", 14), actor=coordinator)
    page = body(client_for(manager).get(url("meeting_detail", meeting.pk)))
    assert f'href="{url("meeting_detail", new.pk)}" data-testid="moved-to"' in page
    page = body(client_for(manager).get(url("meeting_detail", new.pk)))
    assert f'href="{url("meeting_detail", meeting.pk)}" data-testid="moved-from"' in page


def test_another_prisons_meeting_is_not_found(client_for, outsider, meeting):
    client = client_for(outsider)
    for name in ("meeting_detail", "meeting_record_held", "meeting_cancel", "meeting_move"):
        assert client.get(url(name, meeting.pk)).status_code == 404, name
    assert client.post(url("meeting_cancel", meeting.pk), {"reason": "Mine now"}).status_code == 404
    meeting.refresh_from_db()
    assert meeting.status == Status.SCHEDULED


# --- Scheduling -------------------------------------------------------------------------------


def schedule_data(**overrides):
    return {"day": "2026-12-01", "time": "14:30", "place": "Library", "lead": "", "invited": []} | overrides


def test_scheduling_asks_for_the_scheme_first(client_for, coordinator, listeners):
    response = client_for(coordinator).get(url("meeting_create"))
    assert response.status_code == 200
    assert "Listeners" in [str(s) for s in response.context["form"].fields["scheme"].queryset]
    assert 'method="get"' in body(response)


def test_the_lead_schedules_a_meeting_with_everyone_in_role_ticked(
    client_for, coordinator, listeners, active_contract
):
    client = client_for(coordinator)
    create = url("meeting_create") + f"?scheme={listeners.pk}"
    form = client.get(create).context["form"]
    assert form["invited"].value() == [active_contract.worker.pk]
    assert form["lead"].value() == coordinator.pk

    response = client.post(create, schedule_data(lead=coordinator.pk, invited=[active_contract.worker.pk]))
    meeting = SupervisionMeeting.objects.get()
    assert response.status_code == 302
    assert response.url == url("meeting_detail", meeting.pk)
    assert timezone.localtime(meeting.starts_at) == at("2026-12-01", 14, 30)
    assert (meeting.scheme, meeting.lead, meeting.place) == (listeners, coordinator, "Library")
    assert list(meeting.invited.all()) == [active_contract.worker]


def test_scheduling_for_a_scheme_you_do_not_lead_is_refused(
    client_for, coordinator, wing_officer, buddies, manager
):
    create = url("meeting_create") + f"?scheme={buddies.pk}"
    assert client_for(coordinator).get(create).status_code == 403
    assert client_for(coordinator).post(create, schedule_data(lead=coordinator.pk)).status_code == 403
    assert client_for(wing_officer).get(url("meeting_create")).status_code == 403
    assert not SupervisionMeeting.objects.exists()


def test_a_missing_time_is_shown_next_to_the_time_and_nothing_is_saved(client_for, coordinator, listeners):
    response = client_for(coordinator).post(
        url("meeting_create") + f"?scheme={listeners.pk}", schedule_data(time="", lead=coordinator.pk)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["time"] == ["Enter the time the meeting starts"]  # GOV.UK words
    assert 'value="Library"' in body(response)
    assert 'value="2026-12-01"' in body(response)
    assert not SupervisionMeeting.objects.exists()


def test_a_time_the_clocks_skip_is_refused_next_to_the_time(client_for, coordinator, listeners):
    response = client_for(coordinator).post(
        url("meeting_create") + f"?scheme={listeners.pk}",
        schedule_data(day="2027-03-28", time="01:30", lead=coordinator.pk),
    )
    assert response.context["form"].errors["time"] == [
        "The clocks go forward on 28 March 2027, so 01:30 does not exist that day. Choose another time."
    ]
    assert not SupervisionMeeting.objects.exists()


def test_a_lead_from_another_prison_cannot_be_chosen(client_for, coordinator, listeners, outsider):
    response = client_for(coordinator).post(
        url("meeting_create") + f"?scheme={listeners.pk}", schedule_data(lead=outsider.pk)
    )
    assert "lead" in response.context["form"].errors
    assert not SupervisionMeeting.objects.exists()


# --- Recording as held -----------------------------------------------------------------------


def test_the_lead_records_who_attended(client_for, coordinator, this_morning, active_contract):
    client = client_for(coordinator)
    response = client.get(url("meeting_record_held", this_morning.pk))
    form = response.context["form"]
    assert form["attended"].value() == [active_contract.worker.pk]
    assert "Never record what a Listener's caller said, or who called." in form.fields["notes"].help_text
    assert "Never record what a Listener's caller said, or who called." in body(response)

    response = client.post(
        url("meeting_record_held", this_morning.pk),
        {"attended": [active_contract.worker.pk], "notes": "Agreed cover for Christmas."},
    )
    this_morning.refresh_from_db()
    assert response.status_code == 302
    assert this_morning.status == Status.HELD
    assert this_morning.notes == "Agreed cover for Christmas."


def test_nobody_ticked_is_shown_next_to_attendance_and_the_notes_are_kept(
    client_for, coordinator, this_morning
):
    response = client_for(coordinator).post(
        url("meeting_record_held", this_morning.pk), {"notes": "Waited twenty minutes."}
    )
    assert response.status_code == 200
    assert "If nobody came, cancel the meeting" in response.context["form"].errors["attended"][0]
    assert "Waited twenty minutes." in body(response)
    this_morning.refresh_from_db()
    assert this_morning.status == Status.SCHEDULED


def test_a_meeting_before_its_day_cannot_be_recorded(client_for, coordinator, meeting, active_contract):
    response = client_for(coordinator).post(
        url("meeting_record_held", meeting.pk), {"attended": [active_contract.worker.pk]}
    )
    assert response.status_code == 200
    assert "Record it once it has happened." in response.context["form"].non_field_errors()[0]
    meeting.refresh_from_db()
    assert meeting.status == Status.SCHEDULED


def test_only_those_who_lead_the_scheme_record_its_meetings(
    client_for, coordinator, wing_officer, buddies, manager, this_morning
):
    held = url("meeting_record_held", this_morning.pk)
    assert client_for(wing_officer).get(held).status_code == 403
    other = schedule(buddies, manager, at("2026-11-23", 9))
    assert client_for(coordinator).get(url("meeting_record_held", other.pk)).status_code == 403


# --- Cancelling ------------------------------------------------------------------------------


def test_cancelling_without_a_reason_is_shown_next_to_the_reason(client_for, coordinator, meeting):
    response = client_for(coordinator).post(url("meeting_cancel", meeting.pk), {"reason": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["Say why the meeting is cancelled."]
    meeting.refresh_from_db()
    assert meeting.status == Status.SCHEDULED


def test_the_lead_cancels_a_meeting_with_a_reason(client_for, coordinator, meeting):
    response = client_for(coordinator).post(url("meeting_cancel", meeting.pk), {"reason": "Lockdown"})
    meeting.refresh_from_db()
    assert response.status_code == 302
    assert (meeting.status, meeting.cancelled_reason, meeting.cancelled_by) == (
        Status.CANCELLED,
        "Lockdown",
        coordinator,
    )


def test_cancelling_a_meeting_twice_is_refused_in_the_summary(client_for, coordinator, meeting):
    meeting_cancel(meeting=meeting, reason="Lockdown", actor=coordinator)
    response = client_for(coordinator).post(url("meeting_cancel", meeting.pk), {"reason": "Again"})
    assert response.context["form"].non_field_errors() == [
        "This meeting is cancelled: only a scheduled one can change."
    ]
    meeting.refresh_from_db()
    assert meeting.cancelled_reason == "Lockdown"


def test_a_coordinator_cannot_cancel_another_schemes_meeting(client_for, coordinator, buddies_meeting):
    response = client_for(coordinator).post(url("meeting_cancel", buddies_meeting.pk), {"reason": "Why not"})
    assert response.status_code == 403
    buddies_meeting.refresh_from_db()
    assert buddies_meeting.status == Status.SCHEDULED


# --- Moving ----------------------------------------------------------------------------------


def test_moving_shows_the_new_meeting(client_for, manager, meeting):
    client = client_for(manager)
    form = client.get(url("meeting_move", meeting.pk)).context["form"]
    assert (form["day"].value(), form["place"].value()) == (date(2026, 11, 30), "Chapel")

    response = client.post(
        url("meeting_move", meeting.pk), {"day": "2026-12-02", "time": "15:00", "place": "Gym"}
    )
    meeting.refresh_from_db()
    assert response.status_code == 302
    assert response.url == url("meeting_detail", meeting.moved_to.pk)
    assert timezone.localtime(meeting.moved_to.starts_at) == at("2026-12-02", 15)
    assert meeting.moved_to.place == "Gym"


def test_moving_to_the_same_time_is_shown_next_to_the_date(client_for, coordinator, meeting):
    response = client_for(coordinator).post(
        url("meeting_move", meeting.pk), {"day": "2026-11-30", "time": "10:00", "place": "Room 4"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["day"] == ["The meeting is already on 30 November 2026 at 10:00."]
    assert 'value="Room 4"' in body(response)
    assert SupervisionMeeting.objects.count() == 1


def test_a_wing_officer_cannot_move_a_meeting(client_for, wing_officer, meeting):
    response = client_for(wing_officer).post(
        url("meeting_move", meeting.pk), {"day": "2026-12-02", "time": "15:00"}
    )
    assert response.status_code == 403
    assert SupervisionMeeting.objects.count() == 1


# --- Generating from the cadence ---------------------------------------------------------------


def test_generating_shows_the_dates_then_schedules_them(client_for, coordinator, listeners, active_contract):
    client = client_for(coordinator)
    generate = url("meetings_generate", listeners.pk)
    response = client.get(generate)
    assert response.status_code == 200
    assert "Tuesday 24 November 2026, 10:00" in body(response)
    assert not SupervisionMeeting.objects.exists()

    response = client.post(generate)
    assert response.status_code == 302
    assert response.url == url("meeting_list") + f"?scheme={listeners.pk}"
    assert SupervisionMeeting.objects.filter(scheme=listeners, status=Status.SCHEDULED).count() == 3


def test_generating_for_a_scheme_with_no_lead_explains_why_not(client_for, manager, buddies):
    client = client_for(manager)
    assert "Buddies has no staff lead" in body(client.get(url("meetings_generate", buddies.pk)))
    response = client.post(url("meetings_generate", buddies.pk), follow=True)
    assert "Buddies has no staff lead" in body(response)
    assert not SupervisionMeeting.objects.exists()


def test_generating_is_for_those_who_manage_the_scheme(
    client_for, coordinator, wing_officer, outsider, buddies, listeners, other_establishment, system_admin
):
    assert client_for(coordinator).post(url("meetings_generate", buddies.pk)).status_code == 403
    assert client_for(wing_officer).post(url("meetings_generate", listeners.pk)).status_code == 403
    assert client_for(outsider).post(url("meetings_generate", listeners.pk)).status_code == 404
    assert client_for(wing_officer).get(url("meetings_generate", listeners.pk)).status_code == 403
    theirs = scheme_presets_ensure(establishment=other_establishment, actor=system_admin)[0]
    assert client_for(coordinator).get(url("meetings_generate", theirs.pk)).status_code == 404
    assert not SupervisionMeeting.objects.exists()


def test_a_held_meetings_history_names_who_attended(
    client_for, manager, this_morning, coordinator, active_contract
):
    meeting_record_held(meeting=this_morning, attended=[active_contract.worker], notes="", actor=coordinator)
    response = client_for(manager).get(url("meeting_detail", this_morning.pk))
    held = response.context["history"][0]
    assert (held.action, held.reason, held.who) == ("Changed", "Held", coordinator)
    assert [(c.field, c.old, c.new) for c in held.changes if c.field == "Attended"] == [
        ("Attended", "(nobody)", "Ryan Ellis")
    ]
    assert "Attended: (nobody) → Ryan Ellis" in body(response)

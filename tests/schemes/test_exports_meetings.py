"""The supervision meetings CSVs: the meetings as the list shows them, and who was invited and who
attended, one row a person a meeting."""

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from schemes.services import contracts as contract_services
from schemes.services.meetings import meeting_cancel, meeting_record_held, meeting_schedule
from tests.downloads import csv_dicts, csv_rows
from tests.factories import PeerWorkerFactory

LIST = reverse("schemes:meeting_list")
MEETINGS = reverse("schemes:meeting_list_csv")
ATTENDANCE = reverse("schemes:meeting_attendance_csv")
MEETINGS_HEADER = [
    "Scheme",
    "Date and time",
    "Place",
    "Lead",
    "Status",
    "Invited",
    "Attended",
    "Moved to",
    "Cancelled because",
]
ATTENDANCE_HEADER = [
    "Scheme",
    "Meeting date and time",
    "Meeting status",
    "Prison number",
    "Last name",
    "First name",
    "Invited",
    "Attended",
]
# The session, the user and their establishment (as on every page), the scheme asked for (checked
# against the establishment's schemes by the list's filter), then the meetings with their schemes, leads and head counts; for attendance, those invited and those who
# attended as well.
MEETINGS_CSV_QUERIES = 5
ATTENDANCE_CSV_QUERIES = 7


def _at(days: int, hour: int = 10) -> datetime:
    """`hour` o'clock London time, `days` from today."""
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days), time(hour)))


def _in_role(scheme, coordinator, first_name: str, last_name: str, prison_number: str | None, wing):
    number = {"prison_number": prison_number} if prison_number else {}
    person = PeerWorkerFactory(
        establishment=scheme.establishment,
        location=wing,
        first_name=first_name,
        last_name=last_name,
        **number,
    )
    starts_on = timezone.localdate() - timedelta(days=60)
    contract = contract_services.contract_issue(
        worker=person, scheme=scheme, actor=coordinator, start_date=starts_on
    )
    contract_services.contract_sign(
        contract=contract, signed_on=starts_on, witnessed_by=coordinator, actor=coordinator
    )
    return person


@pytest.fixture
def team(listeners, coordinator, wing):
    return {
        "ellis": _in_role(listeners, coordinator, "Ryan", "Ellis", "A1234BC", wing),
        "okafor": _in_role(listeners, coordinator, "Dee", "Okafor", "B2345CD", wing),
    }


@pytest.fixture
def meetings(listeners, buddies, coordinator, manager, team):
    """Listeners: one held a week ago (Ellis came, Okafor did not), one cancelled three days ago,
    one next week; Buddies: one tomorrow."""
    held = meeting_schedule(
        scheme=listeners, starts_at=_at(-7), place="Chapel", lead=coordinator, actor=coordinator
    )
    held = meeting_record_held(
        meeting=held, attended=[team["ellis"]], notes="Agreed a rota swap", actor=coordinator
    )
    cancelled = meeting_schedule(
        scheme=listeners, starts_at=_at(-3, 14), place="Chapel", lead=coordinator, actor=coordinator
    )
    cancelled = meeting_cancel(meeting=cancelled, reason="=Lockdown", actor=coordinator)
    coming = meeting_schedule(
        scheme=listeners, starts_at=_at(7), place="Library", lead=coordinator, actor=coordinator
    )
    buddies_meeting = meeting_schedule(
        scheme=buddies, starts_at=_at(1), place="Hub", lead=manager, actor=manager
    )
    return {"held": held, "cancelled": cancelled, "coming": coming, "buddies": buddies_meeting}


def test_the_meetings_csv_has_the_listed_meetings_oldest_first(
    client_for, wing_officer, coordinator, meetings
):
    response = client_for(wing_officer).get(MEETINGS)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="supervision-meetings-alp-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    rows = csv_rows(response)
    assert rows[0] == MEETINGS_HEADER
    lead = coordinator.get_full_name()
    assert rows[1:] == [
        ["Listeners", f"{_at(-7):%Y-%m-%d %H:%M}", "Chapel", lead, "Held", "2", "1", "", ""],
        [
            "Listeners",
            f"{_at(-3, 14):%Y-%m-%d %H:%M}",
            "Chapel",
            lead,
            "Cancelled",
            "2",
            "",
            "",
            "'=Lockdown",
        ],
        [
            "Buddies",
            f"{_at(1):%Y-%m-%d %H:%M}",
            "Hub",
            meetings["buddies"].lead.get_full_name(),
            "Scheduled",
            "0",
            "",
            "",
            "",
        ],
        ["Listeners", f"{_at(7):%Y-%m-%d %H:%M}", "Library", lead, "Scheduled", "2", "", "", ""],
    ]


def test_what_was_agreed_stays_on_the_meetings_page(client_for, manager, meetings):
    """Supervision notes are for the meeting's page, not a file that travels."""
    text = "\n".join(",".join(row) for row in csv_rows(client_for(manager).get(MEETINGS)))
    assert "rota swap" not in text


def test_the_attendance_csv_has_a_row_a_person_a_meeting(client_for, manager, meetings):
    rows = csv_rows(client_for(manager).get(ATTENDANCE))
    assert rows[0] == ATTENDANCE_HEADER
    held, cancelled, coming = (f"{_at(d, h):%Y-%m-%d %H:%M}" for d, h in ((-7, 10), (-3, 14), (7, 10)))
    assert rows[1:] == [
        ["Listeners", held, "Held", "A1234BC", "Ellis", "Ryan", "Yes", "Yes"],
        ["Listeners", held, "Held", "B2345CD", "Okafor", "Dee", "Yes", "No"],
        ["Listeners", cancelled, "Cancelled", "A1234BC", "Ellis", "Ryan", "Yes", ""],
        ["Listeners", cancelled, "Cancelled", "B2345CD", "Okafor", "Dee", "Yes", ""],
        ["Listeners", coming, "Scheduled", "A1234BC", "Ellis", "Ryan", "Yes", ""],
        ["Listeners", coming, "Scheduled", "B2345CD", "Okafor", "Dee", "Yes", ""],
    ]


def test_someone_who_came_without_being_invited_is_counted(
    client_for, manager, listeners, coordinator, team, wing
):
    newcomer = _in_role(listeners, coordinator, "Lee", "Adams", "C3456DE", wing)
    meeting = meeting_schedule(
        scheme=listeners,
        starts_at=_at(-1),
        place="Chapel",
        lead=coordinator,
        invited=[team["ellis"]],
        actor=coordinator,
    )
    meeting_record_held(meeting=meeting, attended=[newcomer, team["ellis"]], notes="", actor=coordinator)
    rows = csv_dicts(client_for(manager).get(ATTENDANCE))
    assert [(r["Last name"], r["Invited"], r["Attended"]) for r in rows] == [
        ("Adams", "No", "Yes"),
        ("Ellis", "Yes", "Yes"),
    ]


def test_the_scheme_chosen_on_the_list_carries_over(client_for, manager, meetings, listeners, buddies):
    client = client_for(manager)
    body = client.get(LIST, {"scheme": buddies.pk}).content.decode()
    assert f'href="{MEETINGS}?scheme={buddies.pk}"' in body
    assert f'href="{ATTENDANCE}?scheme={buddies.pk}"' in body
    assert [row["Place"] for row in csv_dicts(client.get(MEETINGS, {"scheme": buddies.pk}))] == ["Hub"]
    assert csv_dicts(client.get(ATTENDANCE, {"scheme": buddies.pk})) == []
    assert len(csv_dicts(client.get(ATTENDANCE, {"scheme": listeners.pk}))) == 6


def test_meetings_older_than_the_list_shows_are_left_out_as_on_the_list(
    client_for, manager, listeners, coordinator, team
):
    old = meeting_schedule(
        scheme=listeners, starts_at=_at(-200), place="Chapel", lead=coordinator, actor=coordinator
    )
    meeting_record_held(meeting=old, attended=[team["ellis"]], notes="", actor=coordinator)
    assert csv_dicts(client_for(manager).get(MEETINGS)) == []


def test_another_prisons_meetings_never_appear(client_for, outsider, meetings, listeners):
    client = client_for(outsider)
    assert csv_dicts(client.get(MEETINGS)) == []
    assert csv_dicts(client.get(ATTENDANCE)) == []
    for csv_url in (MEETINGS, ATTENDANCE):
        refused = client.get(csv_url, {"scheme": listeners.pk})
        assert refused.status_code == 302
        assert refused["Location"] == f"{LIST}?scheme={listeners.pk}"
        assert "Select a valid choice" in client.get(refused["Location"]).content.decode()


def test_the_csvs_carry_the_lists_filters(client_for, manager, meetings, listeners):
    client = client_for(manager)
    filters = {"scheme": listeners.pk, "from_day": _at(-4).date().isoformat()}
    assert [row["Place"] for row in csv_dicts(client.get(MEETINGS, filters))] == ["Chapel", "Library"]
    statuses = {row["Meeting status"] for row in csv_dicts(client.get(ATTENDANCE, filters))}
    assert statuses == {"Cancelled", "Scheduled"}  # not the meeting held a week ago
    body = client.get(LIST, filters).content.decode()
    assert f'href="{MEETINGS}?scheme={listeners.pk}&amp;from_day={filters["from_day"]}"' in body


@pytest.mark.parametrize("url", [MEETINGS, ATTENDANCE])
@pytest.mark.parametrize(
    "user", ["manager", "safer_custody_officer", "coordinator", "wing_officer", "system_admin"]
)
def test_every_member_of_staff_who_sees_the_list_may_download_it(request, client_for, url, user):
    assert client_for(request.getfixturevalue(user)).get(url).status_code == 200


@pytest.mark.parametrize("url", [MEETINGS, ATTENDANCE])
def test_nobody_signed_in_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("url", "expected"), [(MEETINGS, MEETINGS_CSV_QUERIES), (ATTENDANCE, ATTENDANCE_CSV_QUERIES)]
)
def test_the_query_count_does_not_grow_with_rows(
    client_for, manager, listeners, coordinator, wing, url, expected
):
    days_back = iter(range(1, 100))

    def add(people: int, meetings: int):
        for n in range(people):
            _in_role(listeners, coordinator, "Pat", f"Person{n}", None, wing)
        for _ in range(meetings):
            meeting = meeting_schedule(
                scheme=listeners,
                starts_at=_at(-next(days_back)),
                place="Chapel",
                lead=coordinator,
                actor=coordinator,
            )
            attended = list(meeting.invited.all()[:2])
            meeting_record_held(meeting=meeting, attended=attended, notes="", actor=coordinator)

    client = client_for(manager)
    add(people=2, meetings=1)
    with CaptureQueriesContext(connection) as few:
        small = csv_rows(client.get(url, {"scheme": listeners.pk}))
    add(people=6, meetings=4)
    with CaptureQueriesContext(connection) as many:
        large = csv_rows(client.get(url, {"scheme": listeners.pk}))
    assert len(large) > len(small)
    assert len(few) == len(many) == expected

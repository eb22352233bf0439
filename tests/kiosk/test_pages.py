"""The signed-in peer worker's pages: their role, contract, shifts and meetings, and no one else's.

Each page's query count is pinned: it stays the same however many records there are.
"""

from datetime import date, datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone

from peerwork.dates import monday_of
from schemes.services import contracts
from schemes.services.meetings import meeting_cancel, meeting_schedule
from tests.factories import PeerWorkerFactory
from tests.kiosk.conftest import LONDON

# Every signed-in page costs: the session, the device, the signed-in person, and the session's
# save (a savepoint, the update, the release); then its own reads.
SIGNED_IN_BASE_QUERIES = 6


def page(client, name, *args) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def buddy_contract(worker, buddies, coordinator, system_admin):
    """Ryan is also a Buddy (paid), not yet signed."""
    return contracts.contract_issue(
        worker=worker, scheme=buddies, actor=system_admin, start_date=date(2026, 11, 20)
    )


@pytest.fixture
def neighbour(establishment, wing, listeners, system_admin):
    """Another Listener on the same wing: the kiosk must never show him to Ryan."""
    person = PeerWorkerFactory(
        prison_number="B7777XY",
        first_name="Neville",
        last_name="Neighbour",
        establishment=establishment,
        location=wing,
    )
    contract = contracts.contract_issue(
        worker=person, scheme=listeners, actor=system_admin, start_date=date(2026, 11, 2)
    )
    contracts.contract_sign(
        contract=contract, signed_on=date(2026, 11, 2), witnessed_by=system_admin, actor=system_admin
    )
    return person


# --- My role ------------------------------------------------------------------------------------


def test_my_role_shows_the_role_description_of_each_open_contract(
    kiosk_signed_in, active_contract, buddy_contract, django_assert_num_queries
):
    with django_assert_num_queries(SIGNED_IN_BASE_QUERIES + 1):
        html = page(kiosk_signed_in, "kiosk:my_role")

    for text in (
        "Listeners",
        "Listen without judging and without giving advice.",
        "What is NOT part of your role",
        "Sharing a cell with someone to keep an eye on them.",
        "What you tell a Listener stays between you.",
        "Your Samaritans branch contact, or the safer-custody team.",
        "Buddies",
        "You have not signed this contract yet.",
    ):
        assert text in html


def test_my_role_shows_the_version_the_contract_was_issued_under(
    kiosk_signed_in, active_contract, listeners, coordinator
):
    from schemes.services.schemes import role_description_publish

    current = active_contract.role_description
    role_description_publish(
        scheme=listeners,
        actor=coordinator,
        change_summary="New duty",
        **{
            field: getattr(current, field)
            for field in (
                "purpose",
                "not_part_of_role",
                "hours",
                "privileges",
                "pay",
                "training_required",
                "supervision",
                "confidentiality",
                "who_to_go_to",
            )
        },
        duties="A duty not in Ryan's contract.",
    )
    html = page(kiosk_signed_in, "kiosk:my_role")
    assert "Listen without judging" in html
    assert "A duty not in Ryan&#x27;s contract." not in html


def test_someone_with_no_open_contract_is_told_so(kiosk_signed_in):
    assert "You do not have a peer work role at the moment." in page(kiosk_signed_in, "kiosk:my_role")
    assert "You do not have a peer work contract at the moment." in page(kiosk_signed_in, "kiosk:my_contract")


def test_an_ended_contract_is_not_shown(kiosk_signed_in, active_contract, coordinator):
    contracts.contract_end(contract=active_contract, reason="resigned", actor=coordinator)
    assert "Listen without judging" not in page(kiosk_signed_in, "kiosk:my_role")


# --- My contract --------------------------------------------------------------------------------


def test_my_contract_shows_dates_days_left_privileges_and_pay(
    kiosk_signed_in, active_contract, buddy_contract, django_assert_num_queries
):
    with django_assert_num_queries(SIGNED_IN_BASE_QUERIES + 1):
        html = page(kiosk_signed_in, "kiosk:my_contract")

    assert "Sunday 1 November 2026" in html  # Listeners: started
    assert "Saturday 1 May 2027" in html  # ends six months on
    assert "159 days" in html  # from Monday 23 November 2026
    assert "Red band: you may move around the prison when called out." in html
    assert "Unpaid" in html
    assert "£6.00 a week" in html  # the Buddies' rate today: the contract follows the scheme's rate
    assert "Not signed yet" in html


def test_a_contract_ending_within_four_weeks_says_to_ask_about_carrying_on(
    kiosk_signed_in, active_contract, clock
):
    clock.move_to(datetime(2027, 4, 20, 10, 0, tzinfo=LONDON), tick=False)
    kiosk_signed_in.post(reverse("kiosk:sign_in"), {"prison_number": "A1234BC", "pin": "2580"})
    html = page(kiosk_signed_in, "kiosk:my_contract")
    assert "11 days" in html
    assert "Your contract ends soon." in html


# --- My shifts ----------------------------------------------------------------------------------


@pytest.fixture
def rota(establishment, listeners, coordinator):
    from rota.models import CoverPoint, Rota, RotaWeek, ShiftType

    rota = Rota.objects.create(establishment=establishment, scheme=listeners)
    night = ShiftType.objects.create(
        rota=rota, name="Night", starts=time(21, 0), ends=time(7, 0), is_night=True
    )
    point = CoverPoint.objects.create(rota=rota, name="A and C wings")
    weeks = {
        monday: RotaWeek.objects.create(
            rota=rota,
            starts_on=monday,
            published_at=timezone.now() if published else None,
            published_by=coordinator if published else None,
        )
        for monday, published in (
            (date(2026, 11, 23), True),
            (date(2026, 11, 30), True),
            (date(2026, 12, 7), False),
        )
    }

    def assign(worker, contract, day, **extra):
        from rota.models import Assignment

        starts_at, ends_at = night.span(day)
        monday = monday_of(day)
        return Assignment.objects.create(
            week=weeks[monday],
            day=day,
            shift_type=night,
            cover_point=point,
            worker=worker,
            starts_at=starts_at,
            ends_at=ends_at,
            created_by=coordinator,
            created_at=timezone.now(),
            **extra,
        )

    return assign


def test_my_shifts_lists_their_published_shifts_in_the_next_14_days(
    kiosk_signed_in, worker, active_contract, neighbour, rota, coordinator, django_assert_num_queries
):
    theirs = [date(2026, 11, 23), date(2026, 11, 26), date(2026, 12, 4)]
    for day in theirs:
        rota(worker, active_contract, day)
    rota(worker, active_contract, date(2026, 12, 8))  # an unpublished week, and past 14 days
    rota(
        worker,
        active_contract,
        date(2026, 11, 24),
        status="removed",
        removed_by=coordinator,
        removed_at=timezone.now(),
        removed_reason="Unwell",
    )
    rota(neighbour, neighbour.contracts.get(), date(2026, 11, 25))

    with django_assert_num_queries(SIGNED_IN_BASE_QUERIES + 1):
        html = page(kiosk_signed_in, "kiosk:my_shifts")

    assert "Monday 23 November" in html
    assert "Night: 21:00 to 07:00, A and C wings" in html
    assert "Thursday 26 November" in html
    assert "Friday 4 December" in html
    for absent in (
        "Tuesday 24 November",
        "Wednesday 25 November",
        "Tuesday 8 December",
        "Neville",
        "Neighbour",
    ):
        assert absent not in html


def test_with_no_shifts_the_page_says_so(kiosk_signed_in, active_contract):
    assert "You have no shifts on the rota in the next 14 days" in page(kiosk_signed_in, "kiosk:my_shifts")


# --- My meetings --------------------------------------------------------------------------------


def test_my_meetings_shows_the_next_supervision_meeting_they_are_invited_to(
    kiosk_signed_in, worker, active_contract, neighbour, listeners, coordinator, django_assert_num_queries
):
    def at(day, hour):
        return datetime.combine(day, time(hour), tzinfo=LONDON)

    schedule = {"scheme": listeners, "lead": coordinator, "actor": coordinator}
    cancelled = meeting_schedule(starts_at=at(date(2026, 11, 24), 14), place="Chapel", **schedule)
    meeting_cancel(meeting=cancelled, reason="Lead on leave", actor=coordinator)
    meeting_schedule(
        starts_at=at(date(2026, 11, 25), 10), place="Neighbour only", invited=[neighbour], **schedule
    )
    meeting_schedule(starts_at=at(date(2026, 11, 26), 14), place="Library", **schedule)
    meeting_schedule(starts_at=at(date(2026, 12, 10), 14), place="Later", **schedule)

    with django_assert_num_queries(SIGNED_IN_BASE_QUERIES + 1):
        html = page(kiosk_signed_in, "kiosk:my_meetings")

    assert "Next Listeners supervision meeting" in html
    assert "Thursday 26 November 2026" in html
    assert "14:00" in html
    assert "Library" in html
    for absent in ("Chapel", "Neighbour only", "Later", coordinator.last_name):
        assert absent not in html


def test_with_no_meeting_booked_the_page_says_who_to_tell(kiosk_signed_in, active_contract):
    html = page(kiosk_signed_in, "kiosk:my_meetings")
    assert "You have no supervision meeting booked." in html
    assert "tell your scheme lead or the safer-custody team" in html


# --- The menu and the wing's public page ----------------------------------------------------------


def test_the_menu_greets_them_by_first_name_only(kiosk_signed_in, django_assert_num_queries):
    with django_assert_num_queries(SIGNED_IN_BASE_QUERIES + 1):  # whether they carry concerns
        html = page(kiosk_signed_in, "kiosk:menu")
    assert "Hello, Ryan" in html
    assert "Ellis" not in html
    assert "A1234BC" not in html


def test_the_wing_page_needs_no_sign_in_and_says_what_each_scheme_does_and_keeps_private(
    kiosk_client, schemes, neighbour, django_assert_num_queries
):
    buddies = schemes["buddies"]
    buddies.is_active = False
    buddies.save()

    # The device and the schemes: nobody is signed in, so there is no session to read.
    with django_assert_num_queries(2):
        html = page(kiosk_client, "kiosk:wing")

    listeners = schemes["listeners"]
    assert listeners.summary in html
    assert "What you tell a Listener stays between you." in html
    assert "Insiders are not confidential." in html
    assert "How to ask for help" in html
    assert buddies.summary not in html  # not running
    for absent in ("Neville", "Neighbour", "B7777XY"):
        assert absent not in html


def test_the_start_page_offers_sign_in_and_the_wing_page(kiosk_client):
    html = page(kiosk_client, "kiosk:start")
    assert "Peer work on A wing" in html
    assert reverse("kiosk:sign_in") in html
    assert reverse("kiosk:wing") in html


def test_a_signed_in_peer_worker_going_to_the_start_goes_to_their_page(kiosk_signed_in):
    assert kiosk_signed_in.get(reverse("kiosk:start"))["Location"] == reverse("kiosk:menu")
    assert kiosk_signed_in.get(reverse("kiosk:sign_in"))["Location"] == reverse("kiosk:menu")

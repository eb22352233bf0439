"""Identical submits at once: never an error page, nothing saved twice, and every cap holds exactly.

Ten submits of the same form (a double click, two browsers, a connection retrying) reach the
database together: each runs in a thread of its own, with its own database connection and its own
browser (django.test.Client), and a barrier lets them go at the same moment. The database decides
which one is saved (a unique constraint, or a lock on the row that owns a count); everyone else
gets the form back with the plain message it gives for a duplicate, as they would one second later.

These need PostgreSQL, as CI runs it: real concurrent transactions, row locks and partial unique
indexes. SQLite runs one write at a time, so there is no race to test there.
"""

import threading
import time
from collections import Counter
from datetime import time as clock
from datetime import timedelta

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from establishments.models import Location
from flags.api import Condition, Flag, Kind, Severity, flag_raise
from kiosk.models import KioskCredential, KioskDevice, OutOfRoleReport
from kiosk.services.devices import device_enrol
from peerwork.dates import monday_of
from rota.models import Assignment, CoverNeed, Rota, RotaWeek, ShiftType, Unavailability
from rota.services import setup
from schemes.models import Application, Contract, PeerWorker, RoleDescription, Scheme, SchemeLead, Suspension
from schemes.models.people import DUPLICATE_PRISON_NUMBER
from schemes.services.locations import location_create
from schemes.services.schemes import scheme_create
from tests.conftest import KIOSK_PIN
from tests.factories import LocationFactory
from tests.forms import date_boxes
from tests.rota.conftest import make_listener
from welfare.models import CheckIn

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Races between real transactions need PostgreSQL (CI runs it); SQLite runs one write at a time.",
)

TIMES = 10


@pytest.fixture(autouse=True)
def _committed(transactional_db):
    """Each thread has its own connection, so it sees only what is committed."""


# --- Ten at once --------------------------------------------------------------------------------


def at_once(submits: list) -> list:
    """Run each submit in a thread of its own, all let go together; their results, in order."""
    barrier = threading.Barrier(len(submits))
    results, problems = [None] * len(submits), []

    def run(index, submit):
        try:
            barrier.wait(timeout=30)
            results[index] = submit()
        except BaseException as problem:  # re-raised in the test's own thread
            problems.append(problem)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(submits)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a submit never finished"
    if problems:
        raise problems[0]
    return results


def browsers(user, times: int = TIMES) -> list[Client]:
    """A browser per submit, signed in as `user`. A server error comes back as the 500 page a
    person would see, not as an exception."""
    clients = []
    for _ in range(times):
        client = Client(raise_request_exception=False)
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        clients.append(client)
    return clients


def post_at_once(clients: list[Client], url: str, data, *, follow: bool = False) -> list:
    """Every browser posts the same form at the same moment. `data` may be a list, one per browser."""
    each = data if isinstance(data, list) else [data] * len(clients)
    return at_once(
        [
            lambda client=client, form=form: client.post(url, form, follow=follow)
            for client, form in zip(clients, each, strict=True)
        ]
    )


def outcome(responses) -> Counter:
    """How the submits ended, as a person would tell: sent on ("saved") or shown the form again."""
    return Counter("saved" if r.status_code == 302 else r.status_code for r in responses)


def text(response) -> str:
    return response.content.decode()


def assert_saved_and_the_rest_told(responses, message: str, *, saved: int = 1) -> None:
    assert outcome(responses) == {"saved": saved, 200: len(responses) - saved}
    for refused in (r for r in responses if r.status_code == 200):
        assert message in text(refused), errors_on(refused)


def errors_on(response):
    """What a refused page told the person, for a failing assertion's message: its title and error
    summary as sent. (`response.context` is not used: the test client records the templates every
    thread renders, so under concurrent submits it may hold another submit's form.)"""
    page = text(response)
    title = page.split("<title>", 1)[-1].split("</title>", 1)[0].strip()
    summary = (
        page.split("govuk-error-summary__list", 1)[-1].split("</ul>", 1)[0]
        if "govuk-error-summary__list" in page
        else "no error summary"
    )
    return f"title: {title!r}; errors: {summary.strip()[:1500]}"


# --- Scheme records: one of each ------------------------------------------------------------------


def test_ten_identical_applications_record_one_and_tell_the_rest(manager, worker, listeners):
    form = {
        "worker": worker.pk,
        "scheme": listeners.pk,
        "route": "applied",
        "nominated_by": "",
        **date_boxes("received_on", timezone.localdate().isoformat()),
        "why_they_want_the_role": "To give something back.",
    }
    responses = post_at_once(browsers(manager), reverse("schemes:application_create"), form)

    assert_saved_and_the_rest_told(
        responses, "This person already has an application to this scheme in progress."
    )
    assert Application.objects.count() == 1


def test_ten_new_locations_with_one_name_add_one(manager, establishment):
    forms = [{"name": "B wing" if n % 2 else "b WING", "kind": "wing"} for n in range(TIMES)]
    responses = post_at_once(browsers(manager), reverse("schemes:location_create"), forms)

    assert_saved_and_the_rest_told(responses, "This establishment already has a location with that name.")
    assert Location.objects.filter(establishment=establishment).count() == 1


def test_a_twin_that_commits_while_the_save_waits_gets_the_forms_own_message(manager, establishment):
    """The race made certain: another transaction has saved the same name and not committed yet, so
    this submit passes every check, then waits on the unique index until the twin commits."""
    twin_saved, let_the_twin_commit = threading.Event(), threading.Event()

    def twin():
        try:
            with transaction.atomic():
                location_create(
                    establishment=establishment,
                    actor=manager,
                    name="B wing",
                    kind="wing",
                    is_vulnerable_prisoners_unit=False,
                )
                twin_saved.set()
                let_the_twin_commit.wait(timeout=30)
        finally:
            connections.close_all()

    [client] = browsers(manager, times=1)
    responses = []

    def submit():
        try:
            responses.append(
                client.post(reverse("schemes:location_create"), {"name": "B wing", "kind": "wing"})
            )
        finally:
            connections.close_all()

    twin_thread, submit_thread = threading.Thread(target=twin), threading.Thread(target=submit)
    twin_thread.start()
    try:
        assert twin_saved.wait(timeout=30)
        submit_thread.start()
        wait_for_a_transaction_waiting_on_a_lock()
    finally:
        let_the_twin_commit.set()
        twin_thread.join(timeout=30)
        if submit_thread.is_alive():
            submit_thread.join(timeout=30)

    [response] = responses
    assert response.status_code == 200
    assert "This establishment already has a location with that name." in text(response)
    assert Location.objects.filter(establishment=establishment).count() == 1


def wait_for_a_transaction_waiting_on_a_lock() -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
        time.sleep(0.02)
    raise AssertionError("the submit never waited for its twin")


def test_ten_new_schemes_with_one_name_add_one(manager, establishment):
    form = {
        "name": "Gym orderlies",
        "summary": "Gym orderlies help run the gym sessions.",
        "partner": "",
        "confidentiality": "need_to_know",
        "confidentiality_statement": "Only staff who need to know are told.",
        "supervision_every_days": "30",
        "contract_months": "6",
        "target_workers": "4",
        "is_active": "on",
    }
    responses = post_at_once(browsers(manager), reverse("schemes:scheme_create"), form)

    assert_saved_and_the_rest_told(responses, "This establishment already has a scheme with that name.")
    assert Scheme.objects.filter(establishment=establishment).count() == 1


def test_ten_first_role_descriptions_publish_version_1_once(manager, coordinator, establishment):
    scheme = scheme_create(
        establishment=establishment,
        actor=coordinator,
        name="Gym orderlies",
        summary="Gym orderlies help run the gym sessions.",
        confidentiality="need_to_know",
        confidentiality_statement="Only staff who need to know are told.",
    )
    form = {
        "purpose": "Help run the gym.",
        "duties": "Set out the equipment.",
        "not_part_of_role": "Searching other prisoners.",
        "hours": "Weekday mornings.",
        "privileges": "",
        "pay": "",
        "training_required": "",
        "supervision": "The PE officer, monthly.",
        "confidentiality": "Nothing private is written down.",
        "who_to_go_to": "The PE officer.",
        "change_summary": "First version",
    }
    responses = post_at_once(
        browsers(coordinator), reverse("schemes:role_description_edit", args=[scheme.pk]), form
    )

    assert_saved_and_the_rest_told(
        responses, "Nothing has changed since the current version, so there is nothing to publish."
    )
    assert list(RoleDescription.objects.filter(scheme=scheme).values_list("version", flat=True)) == [1]


def test_ten_identical_leads_add_one(manager, wing_officer, buddies):
    responses = post_at_once(
        browsers(manager), reverse("schemes:scheme_leads", args=[buddies.pk]), {"user": wing_officer.pk}
    )

    # Those who lose the race either meet the rule, or (once the page has the new lead) find the
    # person no longer offered (the form says whom to choose), or, on a loaded machine, are told plainly that someone saved it at
    # the same moment (peerwork.records.save): a normal page with a clear message each way.
    told = (
        "This person already leads the scheme.",
        "Choose someone who works in this establishment and does not already lead it.",
        "saved this at the same moment",
    )
    assert outcome(responses) == {"saved": 1, 200: TIMES - 1}
    for refused in (r for r in responses if r.status_code == 200):
        assert any(message in text(refused) for message in told), errors_on(refused)
    assert SchemeLead.objects.filter(scheme=buddies, user=wing_officer, ended_on__isnull=True).count() == 1


def test_ten_new_peer_workers_with_one_prison_number_add_one(coordinator, establishment):
    form = {
        "prison_number": "b7654xy",
        "first_name": "Dean",
        "last_name": "Marsh",
        "cell": "2-14",
        "iep_level": "enhanced",
        "earliest_release_date": (timezone.localdate() + timedelta(days=700)).isoformat(),
        **date_boxes("last_proven_adjudication_on", ""),
        "staff_notes": "",
    }
    responses = post_at_once(browsers(coordinator), reverse("schemes:worker_create"), form)

    assert_saved_and_the_rest_told(responses, DUPLICATE_PRISON_NUMBER)
    assert PeerWorker.objects.filter(prison_number="B7654XY").count() == 1


def test_ten_identical_contracts_issue_one(manager, worker, buddies):
    form = {
        "worker": worker.pk,
        "scheme": buddies.pk,
        "start_date": timezone.localdate().isoformat(),
        "end_date": "",
        "weekly_pay": "",
        "privileges": "",
    }
    responses = post_at_once(browsers(manager), reverse("schemes:contract_issue"), form)

    assert_saved_and_the_rest_told(responses, "Ryan Ellis already has an open Buddies contract.")
    assert Contract.objects.filter(worker=worker, scheme=buddies).count() == 1


def test_ten_identical_suspensions_suspend_once(coordinator, active_contract):
    form = {"starts_on": timezone.localdate().isoformat(), "ends_on": "", "reason": "Welfare"}
    responses = post_at_once(
        browsers(coordinator), reverse("schemes:contract_suspend", args=[active_contract.pk]), form
    )

    assert_saved_and_the_rest_told(
        responses, "Only an active contract can be suspended; this one is suspended."
    )
    assert Suspension.objects.filter(contract=active_contract).count() == 1


# --- The kiosk: PINs, reports and sign-in ---------------------------------------------------------


def test_ten_first_pins_set_at_once_give_one_pin(manager, worker, active_contract):
    responses = post_at_once(
        browsers(manager), reverse("kiosk:pin_set", args=[worker.pk]), {"pin": "4827", "pin_again": "4827"}
    )

    assert outcome(responses) == {"saved": TIMES}  # the second and later are resets to the same PIN
    assert KioskCredential.objects.filter(worker=worker).count() == 1


def kiosk_browser(kiosk, settings) -> Client:
    client = Client(raise_request_exception=False)
    client.cookies[settings.KIOSK_DEVICE_COOKIE_NAME] = kiosk.token
    return client


def test_ten_reports_at_once_stop_at_five_a_day(kiosk, worker, worker_pin, active_contract, settings):
    """Ten browsers on the kiosk, each signed in as the same peer worker, send a report together."""
    settings.KIOSK_IDLE_SECONDS = 3600  # however slow the machine, nobody is signed out for idling
    clients = [kiosk_browser(kiosk, settings) for _ in range(TIMES)]
    for client in clients:
        signed_in = client.post(reverse("kiosk:sign_in"), {"prison_number": "A1234BC", "pin": KIOSK_PIN})
        assert signed_in.status_code == 302

    responses = post_at_once(
        clients,
        reverse("kiosk:report_create"),
        {"contract": active_contract.pk, "description": "Keep an eye on a new arrival."},
    )

    assert_saved_and_the_rest_told(
        responses,
        "You have already told us about 5 things today. Speak to an officer or your scheme lead.",
        saved=settings.KIOSK_REPORTS_PER_DAY,
    )
    assert OutOfRoleReport.objects.filter(worker=worker).count() == 5
    assert Flag.objects.filter(kind=Kind.OUT_OF_ROLE).count() == 5


NOT_SIGNED_IN = "That prison number and PIN did not work."
KIOSK_PAUSED = "This kiosk has stopped signing people in for a short while"


def test_ten_wrong_pins_at_once_on_one_kiosk_count_four_and_lock_nobody(kiosk, worker_pin, settings):
    clients = [kiosk_browser(kiosk, settings) for _ in range(TIMES)]
    responses = post_at_once(clients, reverse("kiosk:sign_in"), {"prison_number": "A1234BC", "pin": "9999"})

    assert outcome(responses) == {200: TIMES}
    said = Counter(NOT_SIGNED_IN if NOT_SIGNED_IN in text(r) else KIOSK_PAUSED for r in responses)
    assert said == {NOT_SIGNED_IN: 3, KIOSK_PAUSED: 7}
    device = KioskDevice.objects.get()
    assert device.failed_sign_ins == 4
    assert device.sign_in_paused_until is not None
    credential = KioskCredential.objects.get()
    assert (credential.failed_attempts, credential.locked_until) == (4, None)


def test_ten_wrong_pins_at_once_on_ten_kiosks_lock_the_pin_after_exactly_five(
    establishment, manager, worker_pin, settings
):
    kiosks = [
        device_enrol(
            establishment=establishment,
            location=LocationFactory(establishment=establishment),
            name=f"Kiosk {n}",
            actor=manager,
        )[1]
        for n in range(TIMES)
    ]
    clients = []
    for token in kiosks:
        client = Client(raise_request_exception=False)
        client.cookies[settings.KIOSK_DEVICE_COOKIE_NAME] = token
        clients.append(client)

    responses = post_at_once(clients, reverse("kiosk:sign_in"), {"prison_number": "A1234BC", "pin": "9999"})

    assert outcome(responses) == {200: TIMES}
    assert all(NOT_SIGNED_IN in text(r) for r in responses)
    credential = KioskCredential.objects.get()
    assert credential.failed_attempts == 5
    assert credential.locked_until is not None


def test_one_open_flag_per_key_however_many_raise_it_at_once(establishment):
    now = timezone.now()
    condition = Condition(
        kind=Kind.OUT_OF_ROLE,
        key="out_of_role:report:twice",
        establishment_id=establishment.pk,
        severity=Severity.WARNING,
        summary="Asked to keep watch on a new arrival.",
    )
    flags = at_once([lambda: flag_raise(condition=condition, now=now)] * TIMES)

    assert len({flag.pk for flag in flags}) == 1
    assert Flag.objects.filter(key=condition.key).count() == 1


# --- The Listener rota ---------------------------------------------------------------------------


@pytest.fixture
def rota(establishment, listeners, system_admin):
    return setup.rota_setup(
        establishment=establishment,
        actor=system_admin,
        max_shifts_per_week=4,
        max_nights_in_a_row=2,
        requires_training=True,
    )


@pytest.fixture
def shifts(rota, system_admin) -> dict[str, ShiftType]:
    times = {"Day": (clock(8), clock(17), False), "Evening": (clock(17), clock(21), False)}
    times["Night"] = (clock(21), clock(7), True)
    return {
        name: setup.shift_type_add(
            rota=rota, actor=system_admin, name=name, starts=starts, ends=ends, is_night=is_night
        )
        for name, (starts, ends, is_night) in times.items()
    }


@pytest.fixture
def a_point(rota, wing, system_admin):
    return setup.cover_point_add(rota=rota, actor=system_admin, name="A wing", locations=[wing])


@pytest.fixture
def next_week():
    return monday_of(timezone.localdate()) + timedelta(days=7)


def shift_url(day, shift_type, cover_point) -> str:
    return reverse(
        "rota:shift_detail",
        kwargs={"day": day, "shift_type_pk": shift_type.pk, "cover_point_pk": cover_point.pk},
    )


def test_ten_rota_set_ups_at_once_start_one_rota(coordinator, establishment, listeners):
    form = {
        "max_shifts_per_week": "4",
        "max_nights_in_a_row": "2",
        "requires_training": "on",
        "max_callout_hours_per_week": "6",
        "max_night_callouts_per_week": "3",
    }
    responses = post_at_once(browsers(coordinator), reverse("rota:rules_edit"), form)

    assert outcome(responses) == {"saved": TIMES}  # the later ones set the same rules again
    assert Rota.objects.filter(establishment=establishment).count() == 1


def test_ten_new_shifts_with_one_name_add_one(coordinator, rota):
    form = {"name": "Night", "starts": "21:00", "ends": "07:00", "is_night": "on", "order": "0"}
    responses = post_at_once(browsers(coordinator), reverse("rota:shift_type_create"), form)

    assert_saved_and_the_rest_told(responses, "This rota already has a shift with this name.")
    assert ShiftType.objects.filter(rota=rota).count() == 1


def test_ten_saves_of_the_numbers_needed_add_each_number_once(coordinator, rota, shifts, a_point):
    form = {f"need_{a_point.pk}_{shift.pk}": "1" for shift in shifts.values()}
    responses = post_at_once(browsers(coordinator), reverse("rota:needs_edit"), form)

    assert outcome(responses) == {"saved": TIMES}
    assert CoverNeed.objects.filter(cover_point=a_point).count() == len(shifts)


def test_ten_identical_assignments_put_the_listener_on_once(
    coordinator, listeners, shifts, a_point, next_week
):
    amir = make_listener(listeners, coordinator, first_name="Amir", last_name="Khan")
    responses = post_at_once(
        browsers(coordinator), shift_url(next_week, shifts["Night"], a_point), {"listener": amir.pk}
    )

    assert_saved_and_the_rest_told(responses, "Amir Khan is already on Night at A wing")
    assert Assignment.objects.filter(worker=amir.worker).count() == 1


def test_ten_listeners_added_at_once_to_a_week_nobody_started_start_it_once(
    coordinator, listeners, shifts, a_point, next_week
):
    contracts = [
        make_listener(listeners, coordinator, first_name="Listener", last_name=f"Number {n}")
        for n in range(TIMES)
    ]
    responses = post_at_once(
        browsers(coordinator),
        shift_url(next_week, shifts["Night"], a_point),
        [{"listener": contract.pk} for contract in contracts],
    )

    assert outcome(responses) == {"saved": TIMES}
    assert RotaWeek.objects.filter(starts_on=next_week).count() == 1
    assert Assignment.objects.filter(week__starts_on=next_week).count() == TIMES


def test_ten_shifts_at_once_for_one_listener_stop_at_the_weekly_cap(
    coordinator, listeners, shifts, a_point, next_week
):
    amir = make_listener(listeners, coordinator, first_name="Amir", last_name="Khan")
    slots = [(next_week + timedelta(days=n), shifts[name]) for n in range(5) for name in ("Day", "Evening")]
    responses = at_once(
        [
            lambda client=client, day=day, shift=shift: client.post(
                shift_url(day, shift, a_point), {"listener": amir.pk}
            )
            for client, (day, shift) in zip(browsers(coordinator), slots, strict=True)
        ]
    )

    assert_saved_and_the_rest_told(responses, "(the most is 4)", saved=4)
    assert Assignment.objects.filter(worker=amir.worker).count() == 4


def test_ten_nights_at_once_for_one_listener_never_make_three_in_a_row(
    coordinator, listeners, shifts, a_point, next_week
):
    amir = make_listener(listeners, coordinator, first_name="Amir", last_name="Khan")
    nights = [next_week + timedelta(days=n % 3) for n in range(TIMES)]  # Monday, Tuesday, Wednesday
    responses = at_once(
        [
            lambda client=client, day=day: client.post(
                shift_url(day, shifts["Night"], a_point), {"listener": amir.pk}
            )
            for client, day in zip(browsers(coordinator), nights, strict=True)
        ]
    )

    assert outcome(responses) == {"saved": 2, 200: TIMES - 2}
    for refused in (r for r in responses if r.status_code == 200):
        assert "nights in a row" in text(refused) or "Amir Khan is already on Night" in text(refused)
    assert Assignment.objects.filter(worker=amir.worker).count() == 2


def test_ten_publishes_of_a_week_nobody_started_publish_it_once(coordinator, rota, next_week):
    responses = post_at_once(
        browsers(coordinator), reverse("rota:week_publish", args=[next_week]), {}, follow=True
    )

    assert outcome(responses) == {200: TIMES}
    published = [r for r in responses if "published. Officers can see it now" in text(r)]
    already = [r for r in responses if "This week was already published on" in text(r)]
    assert (len(published), len(already)) == (1, TIMES - 1)
    week = RotaWeek.objects.get(starts_on=next_week)
    assert week.history.filter(history_change_reason="Published").count() == 1


# --- Welfare --------------------------------------------------------------------------------------


def test_ten_identical_check_ins_record_one_and_tell_the_rest(coordinator, listeners):
    worker = make_listener(listeners, coordinator, first_name="Amir", last_name="Khan").worker
    form = {"scheme": listeners.pk, **date_boxes("on", timezone.localdate()), "how": "fine", "agreed": ""}
    responses = post_at_once(browsers(coordinator), reverse("welfare:checkin_record", args=[worker.pk]), form)

    assert_saved_and_the_rest_told(
        responses, "A check-in with them for this scheme on this day is already recorded."
    )
    assert CheckIn.objects.count() == 1


def test_ten_identical_breaks_take_them_off_the_rota_once(coordinator, rota, listeners):
    worker = make_listener(listeners, coordinator, first_name="Amir", last_name="Khan").worker
    today = timezone.localdate()
    form = {
        **date_boxes("starts_on", today),
        **date_boxes("ends_on", today + timedelta(days=6)),
        "reason": "Needs a break",
    }
    responses = post_at_once(browsers(coordinator), reverse("welfare:break_add", args=[worker.pk]), form)

    assert_saved_and_the_rest_told(responses, "Amir Khan is already off the rota from")
    assert Unavailability.objects.count() == 1

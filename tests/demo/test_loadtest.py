"""`make loadtest`: the rush it prepares signs people in for real, again and again; its verdict
fails a run with errors, too few kiosk requests a second, or a slow page."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kiosk.models import KioskCredential, KioskDevice
from kiosk.services.pins import pin_set
from loadtest.report import Targets, judge
from loadtest.rush import KIOSK_NAME_PREFIX, prepare_rush
from schemes.services import applications, contracts
from tests.factories import LocationFactory, PeerWorkerFactory


def _in_role(worker, scheme, coordinator):
    """An active contract in `scheme` for `worker`, through the services staff use."""
    application = applications.application_create(
        worker=worker, scheme=scheme, actor=coordinator, received_on=timezone.localdate() - timedelta(days=40)
    )
    for check in application.checks.all():
        applications.application_check_record(check=check, outcome="passed", actor=coordinator)
    application = applications.application_approve(application=application, actor=coordinator)
    starts_on = timezone.localdate() - timedelta(days=10)
    contract = contracts.contract_issue(
        worker=worker, scheme=scheme, actor=coordinator, start_date=starts_on, application=application
    )
    contracts.contract_sign(
        contract=contract, signed_on=starts_on, witnessed_by=coordinator, actor=coordinator
    )


@pytest.fixture
def wings_in_role(establishment, worker, active_contract, listeners, coordinator, manager):
    """Ryan Ellis on A wing and Dean Moss on B wing hold Listener contracts; Carl on B wing has none."""
    b_wing = LocationFactory(establishment=establishment, name="B wing")
    dean = PeerWorkerFactory(
        prison_number="B2345CD", first_name="Dean", establishment=establishment, location=b_wing
    )
    _in_role(dean, listeners, coordinator)
    PeerWorkerFactory(
        prison_number="C3456DE", first_name="Carl", establishment=establishment, location=b_wing
    )
    return {"A wing": "Ryan", "B wing": "Dean"}


def _signs_in(kiosk, person, settings) -> str:
    """The menu's greeting after signing in as `person` on `kiosk`, as a browser would."""
    browser = Client(enforce_csrf_checks=True)
    browser.cookies[settings.KIOSK_DEVICE_COOKIE_NAME] = kiosk.token
    form = browser.get(reverse("kiosk:sign_in"))
    signed_in = browser.post(
        reverse("kiosk:sign_in"),
        {
            "csrfmiddlewaretoken": form.context["csrf_token"],
            "prison_number": person.prison_number,
            "pin": person.pin,
        },
    )
    assert signed_in.status_code == 302
    assert signed_in["Location"] == reverse("kiosk:menu")
    return browser.get(reverse("kiosk:menu")).content.decode()


def test_it_enrols_a_kiosk_a_wing_whose_peer_workers_sign_in_with_their_pins(
    tmp_path, wings_in_role, manager, settings
):
    rush = prepare_rush(path=tmp_path / "rush.json", kiosks=2, pins_per_kiosk=3, staff=1)

    assert [(kiosk.wing, [w.prison_number for w in kiosk.workers]) for kiosk in rush.kiosks] == [
        ("A wing", ["A1234BC"]),
        ("B wing", ["B2345CD"]),  # Carl has no contract: no PIN for him
    ]
    assert (
        KioskDevice.objects.filter(name__startswith=KIOSK_NAME_PREFIX, revoked_at__isnull=True).count() == 2
    )
    for kiosk in rush.kiosks:
        for person in kiosk.workers:
            assert f"Hello, {wings_in_role[kiosk.wing]}" in _signs_in(kiosk, person, settings)
    assert (
        KioskCredential.objects.get(worker__prison_number="A1234BC").pin_hash != rush.kiosks[0].workers[0].pin
    )

    member = rush.staff[0]
    assert member.username == manager.username
    office = Client()
    assert office.post(reverse("login"), {"username": member.username, "password": member.password})[
        "Location"
    ] == reverse("home")
    assert json.loads((tmp_path / "rush.json").read_text())["kiosks"][1]["token"] == rush.kiosks[1].token


def test_running_it_again_keeps_what_works_and_mends_what_does_not(
    tmp_path, wings_in_role, manager, settings
):
    path = tmp_path / "rush.json"
    first = prepare_rush(path=path, kiosks=2, pins_per_kiosk=3, staff=1)
    # Meanwhile staff reset Dean's PIN: the one in the file no longer works.
    dean = KioskCredential.objects.get(worker__prison_number="B2345CD").worker
    pin_set(worker=dean, establishment=dean.establishment, pin="731902", actor=manager)

    again = prepare_rush(path=path, kiosks=2, pins_per_kiosk=3, staff=1)

    assert [kiosk.token for kiosk in again.kiosks] == [kiosk.token for kiosk in first.kiosks]
    assert again.kiosks[0].workers == first.kiosks[0].workers
    assert again.kiosks[1].workers[0].pin_set_at != first.kiosks[1].workers[0].pin_set_at
    assert again.staff == first.staff
    assert (
        KioskDevice.objects.filter(name__startswith=KIOSK_NAME_PREFIX, revoked_at__isnull=True).count() == 2
    )
    for kiosk in again.kiosks:
        for person in kiosk.workers:
            assert f"Hello, {wings_in_role[kiosk.wing]}" in _signs_in(kiosk, person, settings)


def test_it_revokes_load_test_kiosks_the_file_no_longer_knows(tmp_path, wings_in_role, settings):
    prepare_rush(path=tmp_path / "rush.json", kiosks=2, pins_per_kiosk=1, staff=0)

    rush = prepare_rush(path=tmp_path / "elsewhere.json", kiosks=2, pins_per_kiosk=1, staff=0)

    active = KioskDevice.objects.filter(name__startswith=KIOSK_NAME_PREFIX, revoked_at__isnull=True)
    assert active.count() == 2
    assert KioskDevice.objects.filter(name__startswith=KIOSK_NAME_PREFIX).count() == 4
    assert "Hello, Ryan" in _signs_in(rush.kiosks[0], rush.kiosks[0].workers[0], settings)


# --- The verdict, from locust's stats CSV ------------------------------------------------------


def _row(name, *, count=1000, failures=0, rps=100.0, p50=10, p95=40, p99=60):
    return {
        "Type": "GET" if name != "Aggregated" else "",
        "Name": name,
        "Request Count": str(count),
        "Failure Count": str(failures),
        "Requests/s": str(rps),
        "50%": str(p50),
        "95%": str(p95),
        "99%": str(p99),
    }


def _run(**changes):
    rows = {
        "kiosk sign-in (PIN)": _row("kiosk sign-in (PIN)", rps=10, p50=300, p95=700, p99=900),
        "staff sign-in (password)": _row("staff sign-in (password)", count=3, rps=0.05, p95=400),
        "kiosk: menu": _row("kiosk: menu", rps=160),
        "kiosk: my role": _row("kiosk: my role", rps=160),
        "staff: flags": _row("staff: flags", rps=2),
        "Aggregated": _row("Aggregated", rps=332, p95=90),
    }
    for name, change in changes.items():
        rows[name] |= change
    return judge(rows.values(), Targets(kiosk_rps=300, p95_ms=100))


def test_a_run_without_errors_fast_enough_meets_its_targets_whatever_sign_in_takes():
    verdict = _run()

    assert verdict.ok, verdict.missed
    assert "kiosk sign-in (PIN)" in verdict.table
    assert "Every target met." in verdict.table


def test_a_single_failed_request_fails_the_run():
    verdict = _run(**{"kiosk sign-in (PIN)": {"Failure Count": "1"}})

    assert verdict.missed == ["1 requests failed (target: none)"]


def test_a_page_slower_than_100_ms_at_p95_fails_the_run():
    verdict = _run(**{"staff: flags": {"95%": "140"}})

    assert verdict.missed == ["staff: flags: p95 140 ms (target: at most 100 ms)"]
    assert "MISSED: staff: flags: p95 140 ms" in verdict.table


def test_kiosk_pages_under_300_requests_a_second_together_fail_the_run():
    verdict = _run(**{"kiosk: my role": {"Requests/s": "100"}})

    assert verdict.missed == ["kiosk pages 260 requests/s (target: at least 300)"]


def test_a_page_locust_never_reached_reads_as_nothing_not_a_crash():
    verdict = _run(**{"staff: flags": {"Request Count": "0", "95%": "N/A", "Requests/s": "0"}})

    assert verdict.ok

"""'I was asked to do something outside my role': the report, its flag for safer custody, and
what the peer worker sees happen to it."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from flags.models import Flag
from flags.services import flag_acknowledge, flag_resolve
from kiosk.models import OutOfRoleReport
from kiosk.services.reports import out_of_role_report_make
from schemes.rules import RuleError
from schemes.services import contracts
from tests.factories import PeerWorkerFactory

ASKED = "Share a cell with a new arrival to keep watch on him."


def staff_client(user) -> Client:
    """A member of staff in the office: another browser, so not the kiosk's test client."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def new_report(client, contract, description=ASKED):
    return client.post(reverse("kiosk:report_create"), {"contract": contract.pk, "description": description})


def test_a_report_opens_a_flag_for_safer_custody_and_shows_it_was_received(
    kiosk_signed_in, worker, active_contract, manager
):
    response = new_report(kiosk_signed_in, active_contract, description=f"  {ASKED}\n ")

    report = OutOfRoleReport.objects.get()
    assert response["Location"] == reverse("kiosk:report_detail", args=[report.pk])
    assert (report.worker, report.contract, report.description) == (worker, active_contract, ASKED)
    flag = report.flag
    assert flag.kind == Flag.Kind.OUT_OF_ROLE
    assert flag.key.startswith("out_of_role:report:")
    assert (flag.establishment_id, flag.contract, flag.scheme, flag.severity) == (
        worker.establishment_id,
        active_contract,
        None,
        Flag.Severity.WARNING,
    )
    assert flag.summary == (
        f"Ryan Ellis (A1234BC) says they were asked to do something outside their Listeners role: “{ASKED}”"
    )

    html = kiosk_signed_in.get(response["Location"]).content.decode()
    assert "Thank you. The safer-custody team has got your message." in html
    assert "Received" in html

    inbox = staff_client(manager).get(reverse("flags:flag_list")).content.decode()
    assert "Ryan Ellis (A1234BC) says they were asked to do something outside" in inbox


def test_the_schemes_coordinator_does_not_see_it_in_their_inbox(
    kiosk_signed_in, active_contract, coordinator
):
    new_report(kiosk_signed_in, active_contract)
    flag = OutOfRoleReport.objects.get().flag

    client = staff_client(coordinator)
    assert "says they were asked" not in client.get(reverse("flags:flag_list")).content.decode()
    refused = client.get(reverse("flags:flag_detail", args=[flag.pk]))
    assert refused.status_code == 403
    assert (
        "Out-of-role reports go to the safer-custody team, because the person who asked may be a "
        "scheme&#x27;s own staff." in refused.content.decode()
    )


def test_staff_see_whose_report_it_is_and_who_handles_it(
    kiosk_signed_in, active_contract, manager, buddies, coordinator
):
    starts_on = active_contract.start_date
    buddy = contracts.contract_issue(
        worker=active_contract.worker, scheme=buddies, actor=coordinator, start_date=starts_on
    )
    contracts.contract_sign(contract=buddy, signed_on=starts_on, witnessed_by=coordinator, actor=coordinator)
    new_report(kiosk_signed_in, active_contract)
    flag = OutOfRoleReport.objects.get().flag
    client = staff_client(manager)

    inbox = client.get(reverse("flags:flag_list")).content.decode()
    page = client.get(reverse("flags:flag_detail", args=[flag.pk])).content.decode()

    assert "Peer worker in Buddies, Listeners" in inbox
    assert "Handled by safer custody" in inbox
    assert ">None<" not in inbox
    assert "Peer worker in Buddies, Listeners" in page
    assert "The safer-custody team. Out-of-role reports go to the safer-custody team" in page
    assert "Closes when the safer-custody team resolves it" in page


def test_the_peer_worker_follows_it_to_what_was_done(kiosk_signed_in, active_contract, manager):
    new_report(kiosk_signed_in, active_contract)
    report = OutOfRoleReport.objects.get()
    url = reverse("kiosk:report_detail", args=[report.pk])

    flag_acknowledge(flag=report.flag, actor=manager, note="Speaking to the wing manager.")
    html = kiosk_signed_in.get(url).content.decode()
    assert "Staff are looking into it" in html
    assert "The safer-custody team is looking into it." in html

    flag_resolve(
        flag=report.flag, actor=manager, resolution="We spoke to the wing manager. It will not happen again."
    )
    html = kiosk_signed_in.get(url).content.decode()
    assert "Dealt with" in html
    assert "We spoke to the wing manager. It will not happen again." in html
    assert manager.last_name not in html

    listing = kiosk_signed_in.get(reverse("kiosk:report_list")).content.decode()
    assert "Dealt with" in listing
    assert ASKED in listing


@pytest.mark.parametrize(
    ("description", "message"),
    [
        ("", "Tell us what you were asked to do."),
        ("   ", "Tell us what you were asked to do."),
        ("x" * 201, "Use 200 characters or fewer."),
    ],
    ids=["empty", "blank", "too-long"],
)
def test_a_bad_description_is_shown_next_to_the_field_and_nothing_is_sent(
    kiosk_signed_in, active_contract, description, message
):
    response = new_report(kiosk_signed_in, active_contract, description=description)

    assert response.status_code == 200
    assert response.context["form"].errors == {"description": [message]}
    assert 'id="id_description_1_error"' in response.content.decode()
    assert not OutOfRoleReport.objects.exists()
    assert not Flag.objects.exists()


def test_another_prisoners_contract_cannot_be_reported_on(
    kiosk_signed_in, active_contract, listeners, establishment, system_admin
):
    someone = PeerWorkerFactory(establishment=establishment)
    theirs = contracts.contract_issue(
        worker=someone, scheme=listeners, actor=system_admin, start_date=date(2026, 11, 2)
    )

    response = new_report(kiosk_signed_in, theirs)

    assert response.context["form"].errors == {"contract": ["Choose one of your roles."]}
    assert not OutOfRoleReport.objects.exists()
    assert not Flag.objects.exists()


def test_the_service_refuses_a_closed_contract_and_changes_nothing(
    worker, active_contract, coordinator, kiosk
):
    contracts.contract_end(contract=active_contract, reason="resigned", actor=coordinator)
    active_contract.refresh_from_db()

    with pytest.raises(RuleError) as refused:
        out_of_role_report_make(
            worker=worker, contract=active_contract, description=ASKED, device=kiosk.device
        )

    assert refused.value.message_dict == {"contract": ["Choose one of your roles."]}
    assert not OutOfRoleReport.objects.exists()
    assert not Flag.objects.filter(kind=Flag.Kind.OUT_OF_ROLE).exists()


def test_five_reports_a_day_then_the_peer_worker_is_asked_to_speak_to_someone(
    kiosk_signed_in, active_contract, clock
):
    for number in range(5):
        assert new_report(kiosk_signed_in, active_contract, f"Request number {number}").status_code == 302

    response = new_report(kiosk_signed_in, active_contract)
    assert response.context["form"].non_field_errors() == [
        "You have already told us about 5 things today. Speak to an officer or your scheme lead."
    ]
    assert OutOfRoleReport.objects.count() == Flag.objects.count() == 5

    clock.shift(timedelta(days=1, seconds=1))
    kiosk_signed_in.post(reverse("kiosk:sign_in"), {"prison_number": "A1234BC", "pin": "2580"})
    assert new_report(kiosk_signed_in, active_contract).status_code == 302


def test_with_two_roles_they_choose_which_one_it_is_about(
    kiosk_signed_in, active_contract, buddies, worker, system_admin
):
    buddy = contracts.contract_issue(
        worker=worker, scheme=buddies, actor=system_admin, start_date=date(2026, 11, 20)
    )
    form = kiosk_signed_in.get(reverse("kiosk:report_create")).content.decode()
    assert "Which role is it about?" in form
    assert "Buddies" in form

    response = kiosk_signed_in.post(reverse("kiosk:report_create"), {"description": ASKED})
    assert response.context["form"].errors == {"contract": ["Choose which role it is about."]}

    new_report(kiosk_signed_in, buddy)
    assert OutOfRoleReport.objects.get().flag.summary.startswith(
        "Ryan Ellis (A1234BC) says they were asked to do something outside their Buddies role"
    )


def test_with_no_role_there_is_nothing_to_report_on(kiosk_signed_in):
    html = kiosk_signed_in.get(reverse("kiosk:report_create")).content.decode()
    assert "You do not have a peer work role at the moment." in html
    kiosk_signed_in.post(reverse("kiosk:report_create"), {"description": ASKED})
    assert not OutOfRoleReport.objects.exists()


def test_another_prisoners_report_is_not_found(
    kiosk_signed_in, active_contract, kiosk, listeners, establishment, system_admin
):
    someone = PeerWorkerFactory(establishment=establishment, last_name="Neighbour")
    theirs = contracts.contract_issue(
        worker=someone, scheme=listeners, actor=system_admin, start_date=date(2026, 11, 2)
    )
    their_report = out_of_role_report_make(
        worker=someone, contract=theirs, description="Something private", device=kiosk.device
    )

    for url in (
        reverse("kiosk:report_detail", args=[their_report.pk]),
        reverse("kiosk:report_detail", args=[999_999]),
    ):
        response = kiosk_signed_in.get(url)
        assert response.status_code == 404
        html = response.content.decode()
        assert "Page not found" in html
        assert "Something private" not in html
    assert "Something private" not in kiosk_signed_in.get(reverse("kiosk:report_list")).content.decode()


def test_the_list_of_reports_takes_the_same_queries_however_many(
    kiosk_signed_in, active_contract, django_assert_num_queries
):
    from tests.kiosk.test_pages import SIGNED_IN_BASE_QUERIES

    new_report(kiosk_signed_in, active_contract, "First")
    with django_assert_num_queries(SIGNED_IN_BASE_QUERIES + 1):
        kiosk_signed_in.get(reverse("kiosk:report_list"))
    for text in ("Second", "Third"):
        new_report(kiosk_signed_in, active_contract, text)
    with django_assert_num_queries(SIGNED_IN_BASE_QUERIES + 1):
        html = kiosk_signed_in.get(reverse("kiosk:report_list")).content.decode()
    assert all(text in html for text in ("First", "Second", "Third"))

    report = OutOfRoleReport.objects.first()
    with django_assert_num_queries(SIGNED_IN_BASE_QUERIES + 1):
        kiosk_signed_in.get(reverse("kiosk:report_detail", args=[report.pk]))
    with django_assert_num_queries(SIGNED_IN_BASE_QUERIES + 1):
        kiosk_signed_in.get(reverse("kiosk:report_create"))


def test_a_report_is_recorded_in_its_history(kiosk_signed_in, active_contract):
    new_report(kiosk_signed_in, active_contract)
    report = OutOfRoleReport.objects.get()
    assert [(h.history_type, h.history_user) for h in report.history.all()] == [("+", None)]


def test_staff_resolving_a_report_are_told_the_peer_worker_reads_what_they_write(
    kiosk_signed_in, active_contract, manager
):
    new_report(kiosk_signed_in, active_contract)
    flag = OutOfRoleReport.objects.get().flag

    page = staff_client(manager).get(reverse("flags:flag_detail", args=[flag.pk])).content.decode()

    assert "The peer worker who reported this reads what you write here on the wing kiosk." in page


def test_a_reporter_who_moved_prison_is_described_without_the_new_prisons_schemes(
    kiosk_signed_in, active_contract, manager, other_establishment, system_admin
):
    from schemes.services.people import peer_worker_transfer
    from schemes.services.schemes import scheme_presets_ensure

    new_report(kiosk_signed_in, active_contract)
    flag = OutOfRoleReport.objects.get().flag
    worker = active_contract.worker
    peer_worker_transfer(worker=worker, to=other_establishment, actor=manager)
    scheme_presets_ensure(establishment=other_establishment, actor=system_admin)
    insiders = other_establishment.schemes.get(preset="insiders")
    there = contracts.contract_issue(
        worker=worker, scheme=insiders, actor=system_admin, start_date=timezone.localdate()
    )
    contracts.contract_sign(
        contract=there, signed_on=timezone.localdate(), witnessed_by=system_admin, actor=system_admin
    )

    page = staff_client(manager).get(reverse("flags:flag_detail", args=[flag.pk])).content.decode()
    assert "Peer worker, formerly in Listeners" in page
    assert "Insiders" not in page

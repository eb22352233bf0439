from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from schemes.services import contracts as contract_services
from schemes.services import people as people_services


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)


@pytest.fixture
def moved_worker(worker, active_contract, coordinator, manager, other_establishment):
    """Ryan Ellis: a Listener at HMP Alpha, suspended once, then transferred to HMP Bravo."""
    contract_services.contract_suspend(
        contract=active_contract,
        starts_on=date(2026, 11, 10),
        ends_on=date(2026, 11, 17),
        is_paid=False,
        reason="Off the wing for a week.",
        actor=coordinator,
    )
    contract_services.contract_lift_suspension(contract=active_contract, actor=coordinator)
    worker.staff_notes = "Private staff note."
    worker.save()
    return people_services.peer_worker_transfer(worker=worker, to=other_establishment, actor=manager).worker


def test_the_record_lists_every_role_held_anywhere(client_for, outsider, moved_worker, active_contract):
    response = client_for(outsider).get(reverse("schemes:worker_record", args=[moved_worker.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["contracts"] == [active_contract]
    assert "<td>Listeners</td>" in body
    assert "<td>HMP Alpha</td>" in body
    assert "1 November 2026" in body
    assert "Transferred to another prison" in body
    assert "A1234BC" in body
    assert "Ryan Ellis" in body


def test_the_record_shows_suspensions_and_training(client_for, outsider, moved_worker):
    body = client_for(outsider).get(reverse("schemes:worker_record", args=[moved_worker.pk])).content.decode()
    assert "Off the wing for a week." in body
    assert "Samaritans Listener training, and the refresher sessions Samaritans set." in body


def test_every_contract_is_listed_including_renewals(
    client_for, manager, worker, active_contract, coordinator
):
    renewal = contract_services.contract_renew(contract=active_contract, actor=coordinator)
    response = client_for(manager).get(reverse("schemes:worker_record", args=[worker.pk]))
    assert response.context["contracts"] == [renewal, active_contract]
    body = response.content.decode()
    assert "Renewed (continued under a new contract)" in body
    assert "1 November 2027 (planned)" in body


def test_the_reference_is_left_blank_to_sign_and_says_who_prepared_it(client_for, manager, worker):
    manager.first_name, manager.last_name = "Priya", "Shah"
    manager.save()
    response = client_for(manager).get(
        reverse("schemes:worker_record", args=[worker.pk]), {"reference": "Typed"}
    )
    body = response.content.decode()
    assert "Staff reference" in body
    assert 'class="doc-line"' in body
    assert "Typed" not in body
    assert "Prepared by Priya Shah on 23 November 2026, HMP Alpha." in body


def test_staff_notes_stay_off_the_record(client_for, outsider, moved_worker):
    body = client_for(outsider).get(reverse("schemes:worker_record", args=[moved_worker.pk])).content.decode()
    assert "Private staff note." not in body


def test_the_record_uses_our_own_print_stylesheet(client_for, manager, worker):
    body = client_for(manager).get(reverse("schemes:worker_record", args=[worker.pk])).content.decode()
    assert '<link rel="stylesheet" href="/static/css/print.css">' in body
    assert finders.find("css/print.css")
    assert "style=" not in body
    assert "<script" not in body


def test_the_pdf_is_a_pdf_of_the_same_record(client_for, outsider, moved_worker):
    response = client_for(outsider).get(reverse("schemes:worker_record_pdf", args=[moved_worker.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="peer-work-record-A1234BC.pdf"'
    assert response.content.startswith(b"%PDF")
    assert response.context["as_pdf"] is True


def test_the_printable_page_is_not_the_pdf(client_for, manager, worker):
    response = client_for(manager).get(reverse("schemes:worker_record", args=[worker.pk]))
    assert response.context["as_pdf"] is False
    assert reverse("schemes:worker_record_pdf", args=[worker.pk]) in response.content.decode()


@pytest.mark.parametrize("name", ["worker_record", "worker_record_pdf"])
def test_the_old_prison_no_longer_sees_a_transferred_workers_record(client_for, manager, moved_worker, name):
    assert client_for(manager).get(reverse(f"schemes:{name}", args=[moved_worker.pk])).status_code == 404

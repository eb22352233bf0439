from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from schemes.models import Contract, EndReason, PeerWorker
from schemes.services import contracts as contract_services
from tests.factories import LocationFactory, PeerWorkerFactory
from tests.forms import date_boxes

NEW_WORKER = {
    "prison_number": "b7654xy",
    "first_name": "Dean",
    "last_name": "Marsh",
    "cell": "2-14",
    "iep_level": "enhanced",
    **date_boxes("earliest_release_date", "2028-03-27"),
    **date_boxes("last_proven_adjudication_on", ""),
    "staff_notes": "",
}


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)


# --- The list -----------------------------------------------------------------------


def test_staff_see_only_their_own_prisons_workers(client_for, wing_officer, worker, other_worker):
    response = client_for(wing_officer).get(reverse("schemes:worker_list"))
    assert list(response.context["workers"]) == [worker]
    assert other_worker.prison_number not in response.content.decode()


@pytest.mark.parametrize("term", ["a1234bc", "ELLIS", "rya"])
def test_search_finds_by_prison_number_or_name(client_for, wing_officer, worker, establishment, term):
    PeerWorkerFactory(
        prison_number="C1111DD", first_name="Sam", last_name="Jones", establishment=establishment
    )
    response = client_for(wing_officer).get(reverse("schemes:worker_list"), {"q": term})
    assert list(response.context["workers"]) == [worker]
    assert f'value="{term}"' in response.content.decode()


def test_the_list_shows_location_custody_and_open_contracts(
    client_for, wing_officer, worker, active_contract
):
    body = client_for(wing_officer).get(reverse("schemes:worker_list")).content.decode()
    assert "A wing" in body
    assert "In custody" in body
    assert "Listeners (active)" in body


def test_the_list_query_count_does_not_grow_with_rows(
    client_for, manager, establishment, listeners, wing, coordinator, django_assert_num_queries
):
    def add_workers_with_contracts(count):
        for _ in range(count):
            person = PeerWorkerFactory(establishment=establishment, location=wing)
            contract_services.contract_issue(
                worker=person, scheme=listeners, actor=coordinator, start_date=date(2026, 11, 1)
            )

    client = client_for(manager)
    # Nine as before, and the choices of the filters' two select boxes (schemes and wings).
    add_workers_with_contracts(2)
    with django_assert_num_queries(8):
        client.get(reverse("schemes:worker_list"))
    add_workers_with_contracts(15)
    with django_assert_num_queries(8):
        response = client.get(reverse("schemes:worker_list"))
    assert len(response.context["workers"]) == 17


def test_a_whole_prison_on_the_records_is_paged(client_for, manager, establishment, wing):
    """A roll puts everyone held on the records: fifty to a page, in name order."""
    for n in range(60):
        PeerWorkerFactory(establishment=establishment, location=wing, last_name=f"Person{n:02d}")
    client = client_for(manager)
    first = client.get(reverse("schemes:worker_list"))
    assert [w.last_name for w in first.context["workers"]] == [f"Person{n:02d}" for n in range(50)]
    assert "Showing <b>1</b> to <b>50</b> of <b>60</b> peer workers" in first.content.decode()
    second = client.get(reverse("schemes:worker_list"), {"page": 2})
    assert [w.last_name for w in second.context["workers"]] == [f"Person{n:02d}" for n in range(50, 60)]


# --- Adding and changing ------------------------------------------------------------


def test_a_coordinator_adds_a_worker_with_the_prison_number_in_capitals(
    client_for, coordinator, establishment, wing
):
    response = client_for(coordinator).post(
        reverse("schemes:worker_create"), NEW_WORKER | {"location": wing.pk}
    )
    worker = PeerWorker.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("schemes:worker_detail", args=[worker.pk])
    assert worker.prison_number == "B7654XY"
    assert worker.establishment == establishment
    assert worker.location == wing
    assert worker.earliest_release_date == date(2028, 3, 27)
    assert worker.history.get().history_user == coordinator


def test_a_malformed_prison_number_is_shown_again_with_a_message_and_nothing_is_saved(
    client_for, coordinator
):
    response = client_for(coordinator).post(
        reverse("schemes:worker_create"), NEW_WORKER | {"prison_number": "12AB"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert (
        response.context["form"]
        .errors["prison_number"][0]
        .startswith("Enter a prison number in the format A1234BC")
    )
    assert 'value="12AB"' in body
    assert "govuk-error-summary" in body
    assert not PeerWorker.objects.exists()


@pytest.mark.parametrize("typed", ["A1234BC", " a1234bc "])
def test_a_prison_number_already_on_the_system_is_refused(client_for, coordinator, worker, typed):
    response = client_for(coordinator).post(
        reverse("schemes:worker_create"), NEW_WORKER | {"prison_number": typed}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["prison_number"] == [
        "A peer worker with this prison number is already on the system. Search for them instead. "
        "If they have moved here from another prison on this system, that prison records the transfer."
    ]
    assert PeerWorker.objects.count() == 1


def test_a_prison_number_held_by_another_prison_is_refused_too(client_for, coordinator, other_worker):
    response = client_for(coordinator).post(
        reverse("schemes:worker_create"), NEW_WORKER | {"prison_number": other_worker.prison_number}
    )
    assert "prison_number" in response.context["form"].errors
    assert PeerWorker.objects.count() == 1


def test_a_wing_officer_may_not_add_or_change_a_worker(client_for, wing_officer, worker):
    client = client_for(wing_officer)
    assert client.get(reverse("schemes:worker_create")).status_code == 403
    assert client.post(reverse("schemes:worker_create"), NEW_WORKER).status_code == 403
    response = client.post(reverse("schemes:worker_update", args=[worker.pk]), NEW_WORKER)
    assert response.status_code == 403
    assert PeerWorker.objects.get() == worker
    worker.refresh_from_db()
    assert worker.first_name == "Ryan"


def test_only_this_prisons_wings_in_use_are_offered(client_for, coordinator, wing, other_wing, establishment):
    archived = LocationFactory(
        establishment=establishment,
        name="Old wing",
        archived_at=datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC")),
        archived_by=coordinator,
    )
    response = client_for(coordinator).get(reverse("schemes:worker_create"))
    assert list(response.context["form"].fields["location"].queryset) == [wing]
    response = client_for(coordinator).post(
        reverse("schemes:worker_create"), NEW_WORKER | {"location": other_wing.pk}
    )
    assert "location" in response.context["form"].errors
    assert archived not in response.context["form"].fields["location"].queryset
    assert not PeerWorker.objects.exists()


def test_changes_are_saved_and_shown_in_the_history(client_for, safer_custody_officer, worker, wing):
    client = client_for(safer_custody_officer)
    response = client.post(
        reverse("schemes:worker_update", args=[worker.pk]),
        NEW_WORKER
        | {
            "prison_number": "A1234BC",
            "first_name": "Ryan",
            "last_name": "Ellis",
            "location": wing.pk,
            "iep_level": "basic",
        },
    )
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.iep_level == "basic"
    body = client.get(reverse("schemes:worker_detail", args=[worker.pk])).content.decode()
    assert "Enhanced → Basic" in body


def test_the_staff_notes_help_warns_about_listener_confidentiality(client_for, coordinator):
    form = client_for(coordinator).get(reverse("schemes:worker_create")).context["form"]
    assert form.fields["staff_notes"].help_text.startswith("Staff only")
    assert "Never record what a Listener's caller said." in form.fields["staff_notes"].help_text


# --- The worker page ---------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["worker_detail", "worker_update", "worker_leave_custody", "worker_record", "worker_record_pdf"]
)
def test_another_prisons_worker_is_not_found(client_for, outsider, worker, name):
    response = client_for(outsider).get(reverse(f"schemes:{name}", args=[worker.pk]))
    assert response.status_code == 404


def test_the_worker_page_shows_contracts_applications_and_links(
    client_for, wing_officer, worker, active_contract
):
    response = client_for(wing_officer).get(reverse("schemes:worker_detail", args=[worker.pk]))
    body = response.content.decode()
    assert response.context["open_contracts"] == [active_contract]
    assert reverse("schemes:contract_detail", args=[active_contract.pk]) in body
    assert [a.scheme.name for a in response.context["applications"]] == ["Listeners"]
    assert reverse("schemes:worker_record", args=[worker.pk]) in body
    assert reverse("schemes:worker_record_pdf", args=[worker.pk]) in body
    assert 'data-testid="history"' in body


# --- Transfer and release ----------------------------------------------------------


def test_the_leave_custody_page_warns_which_contracts_will_end(
    client_for, manager, worker, active_contract, establishment, other_establishment
):
    response = client_for(manager).get(reverse("schemes:worker_leave_custody", args=[worker.pk]))
    body = response.content.decode()
    assert response.context["open_contracts"] == [active_contract]
    assert "These open contracts will end today" in body
    assert list(response.context["form"].fields["establishment"].queryset) == [other_establishment]


def test_a_transfer_ends_open_contracts_and_the_record_goes_with_them(
    client_for, manager, outsider, worker, active_contract, other_establishment
):
    response = client_for(manager).post(
        reverse("schemes:worker_leave_custody", args=[worker.pk]),
        {"what_happened": "transferred", "establishment": other_establishment.pk},
    )
    assert response.status_code == 302
    assert response.url == reverse("schemes:moved_detail", args=[worker.pk])
    worker.refresh_from_db()
    active_contract.refresh_from_db()
    assert worker.establishment == other_establishment
    assert worker.custody_status == PeerWorker.CustodyStatus.IN_CUSTODY
    assert active_contract.status == Contract.Status.ENDED
    assert active_contract.end_reason == EndReason.TRANSFERRED
    assert client_for(manager).get(reverse("schemes:worker_detail", args=[worker.pk])).status_code == 404
    page = client_for(outsider).get(reverse("schemes:worker_detail", args=[worker.pk]))
    assert page.context["past_contracts"] == [active_contract]
    assert "Transferred to another prison" in page.content.decode()


def test_release_ends_open_contracts_with_the_reason_released(client_for, manager, worker, active_contract):
    response = client_for(manager).post(
        reverse("schemes:worker_leave_custody", args=[worker.pk]), {"what_happened": "released"}
    )
    assert response.url == reverse("schemes:worker_detail", args=[worker.pk])
    worker.refresh_from_db()
    active_contract.refresh_from_db()
    assert worker.custody_status == PeerWorker.CustodyStatus.RELEASED
    assert active_contract.end_reason == EndReason.RELEASED
    assert active_contract.ended_on == date(2026, 11, 23)


def test_a_transfer_needs_the_prison_they_moved_to(
    client_for, manager, worker, active_contract, establishment
):
    response = client_for(manager).post(
        reverse("schemes:worker_leave_custody", args=[worker.pk]), {"what_happened": "transferred"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["establishment"] == ["Choose the prison they have moved to."]
    worker.refresh_from_db()
    active_contract.refresh_from_db()
    assert worker.establishment == establishment
    assert active_contract.status == Contract.Status.ACTIVE


def test_a_wing_officer_may_not_transfer_or_release(client_for, wing_officer, worker):
    response = client_for(wing_officer).post(
        reverse("schemes:worker_leave_custody", args=[worker.pk]), {"what_happened": "released"}
    )
    assert response.status_code == 403
    worker.refresh_from_db()
    assert worker.custody_status == PeerWorker.CustodyStatus.IN_CUSTODY


@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31"])
def test_a_release_date_outside_the_supported_years_is_refused_next_to_its_box(
    client_for, coordinator, typed
):
    response = client_for(coordinator).post(
        reverse("schemes:worker_create"), NEW_WORKER | {**date_boxes("earliest_release_date", typed)}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["earliest_release_date"] == [
        "Enter a date between 1 January 2000 and 31 December 2099."
    ]
    assert 'value="Dean"' in response.content.decode()
    assert not PeerWorker.objects.filter(prison_number="B7654XY").exists()

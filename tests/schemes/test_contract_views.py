from datetime import date

import pytest
from django.urls import reverse

from schemes.forms.contracts import SCHEME_NOT_OFFERED
from schemes.models import Contract, EndReason, Suspension
from schemes.services import contracts as services
from schemes.services.schemes import scheme_create
from tests.forms import date_boxes


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to("2026-11-23 10:00:00+00:00", tick=False)


def issue_data(worker, scheme, **overrides):
    data = {
        "worker": worker.pk,
        "scheme": scheme.pk,
        "start_date": "2026-12-01",
        "end_date": "",
        "weekly_pay": "",
        "privileges": "",
    }
    return data | overrides


@pytest.fixture
def buddies_contract(buddies, worker, manager):
    contract = services.contract_issue(
        worker=worker, scheme=buddies, actor=manager, start_date=date(2026, 11, 1)
    )
    return services.contract_sign(
        contract=contract, signed_on=date(2026, 11, 2), witnessed_by=manager, actor=manager
    )


# --- Issue and sign ---------------------------------------------------------------


def test_the_issue_form_is_filled_in_from_the_approved_application(
    client_for, coordinator, approved_application
):
    url = reverse("schemes:contract_issue") + f"?application={approved_application.pk}"
    form = client_for(coordinator).get(url).context["form"]
    assert form["worker"].value() == approved_application.worker_id
    assert form["scheme"].value() == approved_application.scheme_id
    assert form["start_date"].value() == date(2026, 11, 23)
    assert "6 months from the start date: 23 May 2027 if it starts today" in form.fields["end_date"].help_text


def test_issue_then_sign_makes_the_contract_active(
    client_for, coordinator, approved_application, worker, listeners
):
    client = client_for(coordinator)
    url = reverse("schemes:contract_issue") + f"?application={approved_application.pk}"
    response = client.post(url, issue_data(worker, listeners))

    contract = Contract.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("schemes:contract_detail", args=[contract.pk])
    assert contract.status == Contract.Status.AWAITING_SIGNATURE
    assert contract.application == approved_application
    assert (contract.start_date, contract.end_date) == (date(2026, 12, 1), date(2027, 6, 1))
    assert contract.privileges == contract.role_description.privileges

    response = client.post(
        reverse("schemes:contract_sign", args=[contract.pk]),
        {**date_boxes("signed_on", "2026-11-23"), "witnessed_by": coordinator.pk},
    )
    contract.refresh_from_db()
    assert response.status_code == 302
    assert contract.status == Contract.Status.ACTIVE
    assert (contract.signed_on, contract.witnessed_by) == (date(2026, 11, 23), coordinator)


def test_pay_in_pounds_is_kept_in_pence_and_a_blank_follows_the_schemes_rate(
    client_for, manager, worker, buddies
):
    client = client_for(manager)
    client.post(reverse("schemes:contract_issue"), issue_data(worker, buddies, weekly_pay="7.25"))
    assert Contract.objects.get().weekly_pay_pence == 725

    Contract.objects.all().delete()
    client.post(reverse("schemes:contract_issue"), issue_data(worker, buddies))
    contract = Contract.objects.get()
    assert contract.weekly_pay_pence is None
    assert contract.weekly_pay == "£6.00"  # the Buddies' rate today


def test_an_end_date_before_the_start_is_shown_next_to_the_end_date_and_nothing_is_saved(
    client_for, coordinator, worker, listeners
):
    response = client_for(coordinator).post(
        reverse("schemes:contract_issue"),
        issue_data(worker, listeners, end_date="2026-11-30", weekly_pay="1.50"),
    )
    form = response.context["form"]
    assert response.status_code == 200
    assert form.errors["end_date"] == ["The end date must be after the start date."]
    assert 'value="1.50"' in response.content.decode()
    assert not Contract.objects.exists()


def test_a_second_open_contract_is_refused_next_to_the_worker(
    client_for, coordinator, active_contract, worker
):
    response = client_for(coordinator).post(
        reverse("schemes:contract_issue"),
        issue_data(worker, active_contract.scheme, start_date="2027-01-04", privileges="Red band"),
    )
    form = response.context["form"]
    assert response.status_code == 200
    assert "already has an open Listeners contract" in form.errors["worker"][0]
    assert "Red band" in response.content.decode()
    assert Contract.objects.count() == 1


def test_a_scheme_with_no_role_description_is_refused_next_to_the_scheme(
    client_for, manager, worker, establishment
):
    scheme = scheme_create(
        establishment=establishment,
        actor=manager,
        name="Gym orderlies",
        summary="Help in the gym.",
        confidentiality="need_to_know",
        confidentiality_statement="Only staff who need to know are told.",
    )
    response = client_for(manager).post(reverse("schemes:contract_issue"), issue_data(worker, scheme))
    assert "Publish a role description for Gym orderlies" in response.context["form"].errors["scheme"][0]
    assert not Contract.objects.exists()


def test_a_coordinator_may_not_issue_a_contract_for_a_scheme_they_do_not_lead(
    client_for, coordinator, listeners, buddies, worker
):
    client = client_for(coordinator)
    assert client.get(reverse("schemes:contract_issue") + f"?scheme={buddies.pk}").status_code == 403
    # Forged, Buddies is refused next to the box, not with a bare 403 that loses what was typed.
    response = client.post(reverse("schemes:contract_issue"), issue_data(worker, buddies))
    assert response.status_code == 200
    assert response.context["form"].errors["scheme"] == [SCHEME_NOT_OFFERED]
    assert not Contract.objects.exists()


def test_a_wing_officer_may_not_issue_contracts(client_for, wing_officer, listeners, worker):
    response = client_for(wing_officer).post(reverse("schemes:contract_issue"), issue_data(worker, listeners))
    assert response.status_code == 403
    assert not Contract.objects.exists()


def test_a_worker_from_another_prison_cannot_be_chosen(client_for, manager, other_worker, listeners):
    client = client_for(manager)
    assert client.get(reverse("schemes:contract_issue") + f"?worker={other_worker.pk}").status_code == 404
    response = client.post(reverse("schemes:contract_issue"), issue_data(other_worker, listeners))
    assert list(response.context["form"].errors) == ["worker"]
    assert not Contract.objects.exists()


def test_a_signing_date_in_the_future_is_refused(
    client_for, coordinator, approved_application, worker, listeners
):
    contract = services.contract_issue(
        worker=worker, scheme=listeners, actor=coordinator, start_date=date(2026, 12, 1)
    )
    response = client_for(coordinator).post(
        reverse("schemes:contract_sign", args=[contract.pk]),
        {**date_boxes("signed_on", "2026-11-24"), "witnessed_by": coordinator.pk},
    )
    assert response.context["form"].errors["signed_on"] == ["The signing date cannot be in the future."]
    contract.refresh_from_db()
    assert contract.signed_on is None


def test_the_witness_must_work_in_this_prison(client_for, coordinator, outsider, worker, listeners):
    contract = services.contract_issue(
        worker=worker, scheme=listeners, actor=coordinator, start_date=date(2026, 12, 1)
    )
    response = client_for(coordinator).post(
        reverse("schemes:contract_sign", args=[contract.pk]),
        {**date_boxes("signed_on", "2026-11-23"), "witnessed_by": outsider.pk},
    )
    assert "witnessed_by" in response.context["form"].errors
    contract.refresh_from_db()
    assert contract.status == Contract.Status.AWAITING_SIGNATURE


# --- Who may see and change a contract ------------------------------------------------


@pytest.mark.parametrize(
    "name", ["contract_detail", "contract_sign", "contract_renew", "contract_suspend", "contract_end"]
)
def test_the_outsider_cannot_find_a_contract_of_another_prison(client_for, outsider, active_contract, name):
    response = client_for(outsider).get(reverse(f"schemes:{name}", args=[active_contract.pk]))
    assert response.status_code == 404


def test_the_outsider_cannot_end_a_contract_of_another_prison(client_for, outsider, active_contract):
    response = client_for(outsider).post(
        reverse("schemes:contract_end", args=[active_contract.pk]),
        {"reason": "completed", **date_boxes("ended_on", "2026-11-23")},
    )
    assert response.status_code == 404
    active_contract.refresh_from_db()
    assert active_contract.status == Contract.Status.ACTIVE


@pytest.mark.parametrize("name", ["contract_sign", "contract_renew", "contract_suspend", "contract_end"])
def test_a_coordinator_may_not_change_a_contract_of_a_scheme_they_do_not_lead(
    client_for, coordinator, listeners, buddies_contract, name
):
    client = client_for(coordinator)
    assert client.get(reverse(f"schemes:{name}", args=[buddies_contract.pk])).status_code == 403
    assert client.post(reverse(f"schemes:{name}", args=[buddies_contract.pk]), {}).status_code == 403
    buddies_contract.refresh_from_db()
    assert buddies_contract.status == Contract.Status.ACTIVE


def test_a_coordinator_sees_a_buddies_contract_without_its_actions(
    client_for, coordinator, listeners, buddies_contract
):
    response = client_for(coordinator).get(reverse("schemes:contract_detail", args=[buddies_contract.pk]))
    assert response.status_code == 200
    assert response.context["actions"] == {}
    assert 'data-testid="contract-actions"' not in response.content.decode()


def test_a_wing_officer_may_read_a_contract_but_not_end_it(client_for, wing_officer, active_contract):
    client = client_for(wing_officer)
    assert client.get(reverse("schemes:contract_detail", args=[active_contract.pk])).status_code == 200
    response = client.post(
        reverse("schemes:contract_end", args=[active_contract.pk]),
        {"reason": "completed", **date_boxes("ended_on", "2026-11-23")},
    )
    assert response.status_code == 403


# --- The contract page -----------------------------------------------------------------


def test_the_contract_page_shows_the_contract_as_issued(client_for, coordinator, active_contract):
    response = client_for(coordinator).get(reverse("schemes:contract_detail", args=[active_contract.pk]))
    body = response.content.decode()
    version_url = reverse("schemes:role_description_version", args=[active_contract.scheme.pk, 1])
    assert "1 November 2026 to 1 May 2027" in body
    assert "159 days left" in body
    assert "Unpaid" in body
    assert f'href="{version_url}"' in body
    assert active_contract.role_description.purpose.splitlines()[0].strip() in body
    assert f"1 November 2026, witnessed by {active_contract.witnessed_by}" in body
    assert response.context["actions"] == {
        "sign": False,
        "renew": True,
        "suspend": True,
        "lift_suspension": False,
        "end": True,
    }
    assert reverse("schemes:contract_compact_pdf", args=[active_contract.pk]) in body
    assert 'data-testid="history"' in body


def test_a_contract_awaiting_signature_offers_signing_and_no_renewal(
    client_for, coordinator, worker, listeners
):
    contract = services.contract_issue(
        worker=worker, scheme=listeners, actor=coordinator, start_date=date(2026, 12, 1)
    )
    actions = (
        client_for(coordinator).get(reverse("schemes:contract_detail", args=[contract.pk])).context["actions"]
    )
    assert actions["sign"] and actions["end"]
    assert not (actions["renew"] or actions["suspend"])


# --- Renewal -----------------------------------------------------------------------------


def test_the_renewal_page_says_what_will_happen_and_changes_nothing(
    client_for, coordinator, active_contract, time_machine
):
    time_machine.move_to("2026-11-23 10:00:00+00:00", tick=False)
    response = client_for(coordinator).get(reverse("schemes:contract_renew", args=[active_contract.pk]))
    body = response.content.decode()
    assert "the current contract ends as renewed" in body
    assert (
        "a new contract runs from today, 23 November 2026, to 1 November 2027 "
        "(6 months on from the current end date, so no time is lost), under role description version 1"
    ) in body
    active_contract.refresh_from_db()
    assert active_contract.status == Contract.Status.ACTIVE
    assert Contract.objects.count() == 1


def test_renewal_keeps_the_previous_contract(client_for, coordinator, active_contract, worker, time_machine):
    time_machine.move_to("2026-11-23 10:00:00+00:00", tick=False)
    client = client_for(coordinator)
    response = client.post(reverse("schemes:contract_renew", args=[active_contract.pk]))

    renewal = Contract.objects.exclude(pk=active_contract.pk).get()
    active_contract.refresh_from_db()
    assert response.url == reverse("schemes:contract_detail", args=[renewal.pk])
    assert (renewal.start_date, renewal.end_date) == (date(2026, 11, 23), date(2027, 11, 1))
    assert active_contract.ended_on == date(2026, 11, 23)
    assert renewal.renewal_of == active_contract
    assert active_contract.status == Contract.Status.ENDED
    assert active_contract.end_reason == EndReason.RENEWED

    renewal_page = client.get(reverse("schemes:contract_detail", args=[renewal.pk]))
    assert reverse("schemes:contract_detail", args=[active_contract.pk]) in renewal_page.content.decode()
    assert renewal_page.context["actions"]["sign"], "a renewal is signed when its compact is"
    old_page = client.get(reverse("schemes:contract_detail", args=[active_contract.pk])).content.decode()
    assert 'data-testid="renewed-by"' in old_page
    assert "Renewed (continued under a new contract)" in old_page

    worker_page = client.get(reverse("schemes:worker_detail", args=[worker.pk])).content.decode()
    assert reverse("schemes:contract_detail", args=[active_contract.pk]) in worker_page
    assert reverse("schemes:contract_detail", args=[renewal.pk]) in worker_page


def test_a_contract_awaiting_signature_cannot_be_renewed(client_for, coordinator, worker, listeners):
    contract = services.contract_issue(
        worker=worker, scheme=listeners, actor=coordinator, start_date=date(2026, 12, 1)
    )
    response = client_for(coordinator).post(
        reverse("schemes:contract_renew", args=[contract.pk]), follow=True
    )
    assert "Sign it before renewing" in response.content.decode()
    assert Contract.objects.count() == 1


# --- Suspension --------------------------------------------------------------------------


def suspend_data(**overrides):
    return {
        "starts_on": "2026-11-23",
        "ends_on": "",
        "is_paid": "",
        "reason": "On a break for a course.",
    } | overrides


def test_a_suspension_within_the_contract_suspends_it(client_for, coordinator, active_contract):
    response = client_for(coordinator).post(
        reverse("schemes:contract_suspend", args=[active_contract.pk]), suspend_data(is_paid="on")
    )
    assert response.status_code == 302
    active_contract.refresh_from_db()
    suspension = active_contract.suspensions.get()
    assert active_contract.status == Contract.Status.SUSPENDED
    assert suspension.is_paid and suspension.created_by == coordinator


def test_a_suspension_outside_the_contract_is_refused_next_to_the_date(
    client_for, coordinator, active_contract
):
    response = client_for(coordinator).post(
        reverse("schemes:contract_suspend", args=[active_contract.pk]), suspend_data(starts_on="2027-06-01")
    )
    form = response.context["form"]
    assert "must start within the contract (1 November 2026 to 1 May 2027)" in form.errors["starts_on"][0]
    assert 'value="2027-06-01"' in response.content.decode()
    assert not Suspension.objects.exists()
    active_contract.refresh_from_db()
    assert active_contract.status == Contract.Status.ACTIVE


def test_a_suspension_needs_a_reason(client_for, coordinator, active_contract):
    response = client_for(coordinator).post(
        reverse("schemes:contract_suspend", args=[active_contract.pk]), suspend_data(reason="")
    )
    assert "reason" in response.context["form"].errors
    assert not Suspension.objects.exists()


def test_a_second_suspension_while_one_is_open_is_refused(client_for, coordinator, active_contract):
    client = client_for(coordinator)
    url = reverse("schemes:contract_suspend", args=[active_contract.pk])
    client.post(url, suspend_data())
    response = client.post(url, suspend_data(starts_on="2026-12-01", reason="Again."))
    assert response.status_code == 200
    assert "this one is suspended" in " ".join(response.context["form"].non_field_errors())
    assert Suspension.objects.count() == 1


def test_lifting_a_suspension_makes_the_contract_active_again(client_for, coordinator, active_contract):
    services.contract_suspend(
        contract=active_contract,
        starts_on=date(2026, 11, 20),
        ends_on=None,
        is_paid=False,
        reason="Welfare",
        actor=coordinator,
    )
    client = client_for(coordinator)
    assert (
        client.get(reverse("schemes:contract_lift_suspension", args=[active_contract.pk])).status_code == 405
    )
    client.post(reverse("schemes:contract_lift_suspension", args=[active_contract.pk]))
    active_contract.refresh_from_db()
    assert active_contract.status == Contract.Status.ACTIVE
    assert active_contract.suspensions.get().lifted_on == date(2026, 11, 23)
    body = client.get(reverse("schemes:contract_detail", args=[active_contract.pk])).content.decode()
    assert f"23 November 2026 by {coordinator}" in body


# --- Ending ----------------------------------------------------------------------------------


def test_dismissal_without_a_sub_reason_is_refused_next_to_the_field(
    client_for, coordinator, active_contract
):
    response = client_for(coordinator).post(
        reverse("schemes:contract_end", args=[active_contract.pk]),
        {
            "reason": "dismissed",
            "dismissal_reason": "",
            **date_boxes("ended_on", "2026-11-23"),
            "note": "Seen by the governor.",
        },
    )
    form = response.context["form"]
    assert form.errors["dismissal_reason"] == ["Say why the contract was ended by dismissal."]
    assert "Seen by the governor." in response.content.decode()
    active_contract.refresh_from_db()
    assert active_contract.status == Contract.Status.ACTIVE


def test_a_dismissal_is_recorded_with_its_reason(client_for, coordinator, active_contract):
    client = client_for(coordinator)
    client.post(
        reverse("schemes:contract_end", args=[active_contract.pk]),
        {"reason": "dismissed", "dismissal_reason": "security", **date_boxes("ended_on", "2026-11-22")},
    )
    active_contract.refresh_from_db()
    assert active_contract.status == Contract.Status.ENDED
    assert (active_contract.end_reason, active_contract.dismissal_reason) == ("dismissed", "security")
    assert active_contract.ended_on == date(2026, 11, 22)
    body = client.get(reverse("schemes:contract_detail", args=[active_contract.pk])).content.decode()
    assert "22 November 2026: Dismissed (Security)" in body


def test_the_end_form_offers_only_staff_reasons_and_warns_about_callers(
    client_for, coordinator, active_contract
):
    form = (
        client_for(coordinator)
        .get(reverse("schemes:contract_end", args=[active_contract.pk]))
        .context["form"]
    )
    assert [value for value, _ in form.fields["reason"].choices] == ["completed", "resigned", "dismissed"]
    assert "Never record what a Listener's caller said." in form.fields["note"].help_text


def test_an_end_before_the_contract_started_is_refused_next_to_the_date(
    client_for, coordinator, active_contract
):
    response = client_for(coordinator).post(
        reverse("schemes:contract_end", args=[active_contract.pk]),
        {"reason": "resigned", **date_boxes("ended_on", "2026-10-01")},
    )
    assert response.context["form"].errors["ended_on"] == ["A contract cannot end before it starts."]
    active_contract.refresh_from_db()
    assert active_contract.is_open


def test_the_contract_page_query_count_does_not_grow_with_suspensions(
    client_for, coordinator, active_contract, django_assert_num_queries
):
    def suspend_and_lift():
        services.contract_suspend(
            contract=active_contract,
            starts_on=date(2026, 11, 20),
            ends_on=None,
            is_paid=False,
            reason="Welfare",
            actor=coordinator,
        )
        services.contract_lift_suspension(contract=active_contract, actor=coordinator)

    client = client_for(coordinator)
    suspend_and_lift()
    with django_assert_num_queries(13):
        client.get(reverse("schemes:contract_detail", args=[active_contract.pk]))
    for _ in range(3):
        suspend_and_lift()
    with django_assert_num_queries(13):
        response = client.get(reverse("schemes:contract_detail", args=[active_contract.pk]))
    assert len(response.context["contract"].suspensions.all()) == 4


def test_the_history_names_the_witness_and_gives_dates_as_people_read_them(
    client_for, coordinator, worker, listeners, time_machine
):
    time_machine.move_to("2026-11-23 10:00:00+00:00", tick=False)
    contract = services.contract_issue(
        worker=worker, scheme=listeners, actor=coordinator, start_date=date(2026, 11, 23)
    )
    services.contract_sign(
        contract=contract, signed_on=date(2026, 11, 23), witnessed_by=coordinator, actor=coordinator
    )

    body = (
        client_for(coordinator).get(reverse("schemes:contract_detail", args=[contract.pk])).content.decode()
    )

    assert f"Witnessed by: (blank) → {coordinator}" in body
    assert "Signed on: (blank) → 23 November 2026" in body

from datetime import date, datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from schemes.forms.contracts import SCHEME_NOT_OFFERED
from schemes.models import Application, ApplicationCheck
from schemes.services import applications as services
from tests.factories import PeerWorkerFactory
from tests.forms import date_boxes


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)


@pytest.fixture
def application(listeners, worker, coordinator):
    """Ryan Ellis's open application to the Listeners, received 2 November 2026."""
    return services.application_create(
        worker=worker, scheme=listeners, actor=coordinator, received_on=date(2026, 11, 2)
    )


@pytest.fixture
def buddies_application(buddies, worker, manager):
    return services.application_create(
        worker=worker, scheme=buddies, actor=manager, received_on=date(2026, 11, 2)
    )


def _pass_every_check(application, actor):
    for check in application.checks.all():
        services.application_check_record(check=check, outcome="passed", actor=actor)


def _form(worker, scheme, *, received_on="2026-11-20", **overrides):
    return {
        "worker": worker.pk,
        "scheme": scheme.pk,
        "route": "applied",
        "nominated_by": "",
        **date_boxes("received_on", received_on),
        "why_they_want_the_role": "To give something back.",
    } | overrides


# --- The pipeline --------------------------------------------------------------------


def test_the_pipeline_groups_open_applications_by_stage_with_days_waiting(
    client_for, manager, application, buddies_application
):
    services.application_advance(application=buddies_application, status="checks", actor=manager)
    response = client_for(manager).get(reverse("schemes:application_pipeline"))
    stages = {stage["status"]: stage["applications"] for stage in response.context["stages"]}
    assert stages == {"received": [application], "checks": [buddies_application], "interview": []}
    assert stages["received"][0].days_waiting == 21


def test_the_pipeline_can_show_one_scheme(client_for, manager, listeners, application, buddies_application):
    response = client_for(manager).get(reverse("schemes:application_pipeline"), {"scheme": listeners.pk})
    stages = {stage["status"]: stage["applications"] for stage in response.context["stages"]}
    assert stages["received"] == [application]
    assert response.context["scheme"] == listeners


def test_the_pipeline_ignores_another_prisons_scheme(client_for, outsider, application, listeners):
    response = client_for(outsider).get(reverse("schemes:application_pipeline"), {"scheme": listeners.pk})
    assert response.context["scheme"] is None
    assert all(stage["applications"] == [] for stage in response.context["stages"])
    assert "Ryan Ellis" not in response.content.decode()


def test_a_wing_officer_may_not_see_the_pipeline_or_an_application(client_for, wing_officer, application):
    client = client_for(wing_officer)
    assert client.get(reverse("schemes:application_pipeline")).status_code == 403
    assert client.get(reverse("schemes:application_detail", args=[application.pk])).status_code == 403


def test_the_pipeline_query_count_does_not_grow_with_rows(
    client_for, manager, establishment, listeners, buddies, django_assert_num_queries
):
    def add_applications(count):
        for _ in range(count):
            person = PeerWorkerFactory(establishment=establishment)
            services.application_create(
                worker=person, scheme=listeners, actor=manager, received_on=date(2026, 11, 1)
            )
            services.application_create(
                worker=person, scheme=buddies, actor=manager, received_on=date(2026, 11, 3)
            )

    client = client_for(manager)
    add_applications(2)
    with django_assert_num_queries(6):
        client.get(reverse("schemes:application_pipeline"), {"scheme": listeners.pk})
    add_applications(12)
    with django_assert_num_queries(6):
        response = client.get(reverse("schemes:application_pipeline"), {"scheme": listeners.pk})
    assert len(response.context["stages"][0]["applications"]) == 14


# --- Recording an application --------------------------------------------------------


def test_a_coordinator_records_an_application_to_a_scheme_they_lead(
    client_for, coordinator, worker, listeners
):
    response = client_for(coordinator).post(reverse("schemes:application_create"), _form(worker, listeners))
    application = Application.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("schemes:application_detail", args=[application.pk])
    assert application.received_on == date(2026, 11, 20)
    assert application.created_by == coordinator
    assert application.checks.count() == listeners.checks.count() == 5


def test_a_coordinator_may_not_record_an_application_to_a_scheme_they_do_not_lead(
    client_for, coordinator, worker, buddies
):
    """Buddies is not offered to a Listeners coordinator; forged, it is refused next to the box
    (it used to be a bare 403 that lost what was typed)."""
    response = client_for(coordinator).post(reverse("schemes:application_create"), _form(worker, buddies))
    assert response.status_code == 200
    assert response.context["form"].errors["scheme"] == [SCHEME_NOT_OFFERED]
    assert "To give something back." in response.content.decode()
    assert not Application.objects.exists()


def test_a_wing_officer_may_not_record_an_application(client_for, wing_officer, worker, listeners):
    client = client_for(wing_officer)
    assert client.get(reverse("schemes:application_create")).status_code == 403
    assert client.post(reverse("schemes:application_create"), _form(worker, listeners)).status_code == 403
    assert not Application.objects.exists()


def test_the_form_can_start_with_the_person_and_scheme_chosen(client_for, coordinator, worker, listeners):
    response = client_for(coordinator).get(
        reverse("schemes:application_create"), {"worker": worker.pk, "scheme": listeners.pk}
    )
    form = response.context["form"]
    assert form["worker"].value() == str(worker.pk)
    assert form["scheme"].value() == str(listeners.pk)
    assert form["received_on"].value() == date(2026, 11, 23)


def test_a_nomination_needs_to_say_who_nominated(client_for, coordinator, worker, listeners):
    response = client_for(coordinator).post(
        reverse("schemes:application_create"), _form(worker, listeners, route="nominated")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["nominated_by"] == ["Say who nominated them."]
    assert response.context["form"]["received_on"].value() == ["20", "11", "2026"]
    assert 'name="received_on_0" value="20"' in response.content.decode()
    assert not Application.objects.exists()


def test_a_nomination_records_who_nominated(client_for, coordinator, worker, listeners):
    client_for(coordinator).post(
        reverse("schemes:application_create"),
        _form(worker, listeners, route="nominated", nominated_by="Officer Kaur, B wing"),
    )
    assert Application.objects.get().nominated_by == "Officer Kaur, B wing"


def test_only_people_in_custody_here_can_apply(
    client_for, manager, worker, other_worker, listeners, establishment
):
    released = PeerWorkerFactory(establishment=establishment, custody_status="released")
    form = client_for(manager).get(reverse("schemes:application_create")).context["form"]
    assert list(form.fields["worker"].queryset) == [worker]
    response = client_for(manager).post(reverse("schemes:application_create"), _form(released, listeners))
    assert "worker" in response.context["form"].errors
    assert not Application.objects.exists()


def test_a_second_open_application_to_the_same_scheme_is_refused(
    client_for, coordinator, application, worker
):
    response = client_for(coordinator).post(
        reverse("schemes:application_create"), _form(worker, application.scheme)
    )
    assert response.status_code == 200
    assert "This person already has an application to this scheme in progress." in response.content.decode()
    assert Application.objects.count() == 1


# --- The application page ----------------------------------------------------------


@pytest.mark.parametrize("name", ["application_detail", "application_decline", "application_withdraw"])
def test_another_prisons_application_is_not_found(client_for, outsider, application, name):
    assert client_for(outsider).get(reverse(f"schemes:{name}", args=[application.pk])).status_code == 404


@pytest.mark.parametrize("name", ["application_approve", "application_advance"])
def test_another_prison_cannot_act_on_an_application(client_for, outsider, application, name):
    response = client_for(outsider).post(
        reverse(f"schemes:{name}", args=[application.pk]), {"status": "checks"}
    )
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == Application.Status.RECEIVED


def test_the_checklist_shows_each_check_with_the_records_hint(client_for, coordinator, application):
    response = client_for(coordinator).get(reverse("schemes:application_detail", args=[application.pk]))
    rows = response.context["checks"]
    assert [row["check"].requirement.label for row in rows] == [
        "IEP level standard or above",
        "Time left to serve covers the contract",
        "No proven adjudications in the last 6 months",
        "Security clearance for red-band movement",
        "Samaritans Listener training completed",
    ]
    assert rows[0]["hint"] == "Record shows Enhanced: meets the minimum."
    assert rows[2]["hint"] == "No proven adjudication recorded."
    assert all(row["form"] is not None for row in rows)
    assert "Record shows Enhanced: meets the minimum." in response.content.decode()


def test_recording_a_check_shows_who_confirmed_it_and_when(client_for, coordinator, application):
    check = application.checks.first()
    client = client_for(coordinator)
    response = client.post(
        reverse("schemes:application_check_record", args=[application.pk, check.pk]),
        {f"check-{check.pk}-outcome": "passed", f"check-{check.pk}-note": "Checked on NOMIS"},
    )
    assert response.status_code == 302
    check.refresh_from_db()
    assert (check.outcome, check.note, check.confirmed_by) == ("passed", "Checked on NOMIS", coordinator)
    body = client.get(reverse("schemes:application_detail", args=[application.pk])).content.decode()
    assert f"{coordinator}, 23 November 2026, 10:00" in body


def test_a_coordinator_may_not_record_checks_on_a_scheme_they_do_not_lead(
    client_for, coordinator, buddies_application
):
    check = buddies_application.checks.get()
    response = client_for(coordinator).post(
        reverse("schemes:application_check_record", args=[buddies_application.pk, check.pk]),
        {f"check-{check.pk}-outcome": "passed"},
    )
    assert response.status_code == 403
    check.refresh_from_db()
    assert check.outcome == ApplicationCheck.Outcome.PENDING


def test_a_coordinator_sees_no_forms_on_a_scheme_they_do_not_lead(
    client_for, coordinator, buddies_application
):
    response = client_for(coordinator).get(
        reverse("schemes:application_detail", args=[buddies_application.pk])
    )
    assert response.context["can_manage"] is False
    assert response.context["checks"][0]["form"] is None


def test_a_check_from_another_application_is_not_found(client_for, manager, application, buddies_application):
    other_check = buddies_application.checks.get()
    response = client_for(manager).post(
        reverse("schemes:application_check_record", args=[application.pk, other_check.pk]),
        {f"check-{other_check.pk}-outcome": "passed"},
    )
    assert response.status_code == 404


def test_moving_to_interview_needs_the_interview_date(client_for, coordinator, application):
    client = client_for(coordinator)
    url = reverse("schemes:application_advance", args=[application.pk])
    response = client.post(url, {"status": "interview", **date_boxes("interview_on", "")})
    assert response.status_code == 200
    assert response.context["interview_form"].errors["interview_on"] == ["Enter the interview date."]
    application.refresh_from_db()
    assert application.status == Application.Status.RECEIVED

    client.post(url, {"status": "checks"})
    application.refresh_from_db()
    assert application.status == Application.Status.CHECKS
    client.post(
        url,
        {
            "status": "interview",
            **date_boxes("interview_on", "2026-11-25"),
            "interview_notes": "Panel of two.",
        },
    )
    application.refresh_from_db()
    assert application.status == Application.Status.INTERVIEW
    assert application.interview_on == date(2026, 11, 25)


# --- The decision --------------------------------------------------------------------


def test_approval_with_a_check_missing_is_refused_and_nothing_changes(client_for, coordinator, application):
    for check in application.checks.all()[1:]:
        services.application_check_record(check=check, outcome="passed", actor=coordinator)
    response = client_for(coordinator).post(
        reverse("schemes:application_approve", args=[application.pk]), follow=True
    )
    application.refresh_from_db()
    assert application.status == Application.Status.RECEIVED
    assert response.redirect_chain[-1][0] == reverse("schemes:application_detail", args=[application.pk])
    assert (
        "Every required check must be confirmed as passed before approval. "
        "Still to do: IEP level standard or above." in response.content.decode()
    )


def test_approval_after_every_required_check_leads_to_issuing_the_contract(
    client_for, coordinator, application, worker, listeners
):
    _pass_every_check(application, coordinator)
    response = client_for(coordinator).post(
        reverse("schemes:application_approve", args=[application.pk]), {"reason": "Strong interview."}
    )
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    assert application.decided_by == coordinator
    assert application.decision_reason == "Strong interview."
    query = urlencode({"worker": worker.pk, "scheme": listeners.pk, "application": application.pk})
    assert response.url == f"{reverse('schemes:contract_issue')}?{query}"


def test_a_coordinator_may_not_approve_for_a_scheme_they_do_not_lead(
    client_for, coordinator, manager, buddies_application
):
    _pass_every_check(buddies_application, manager)
    response = client_for(coordinator).post(
        reverse("schemes:application_approve", args=[buddies_application.pk])
    )
    assert response.status_code == 403
    buddies_application.refresh_from_db()
    assert buddies_application.status == Application.Status.RECEIVED


def test_declining_needs_a_reason(client_for, coordinator, application):
    client = client_for(coordinator)
    url = reverse("schemes:application_decline", args=[application.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == [
        "Give the reason for declining. The applicant is told it."
    ]
    application.refresh_from_db()
    assert application.status == Application.Status.RECEIVED

    response = client.post(url, {"reason": "Less than six months left to serve."})
    application.refresh_from_db()
    assert response.url == reverse("schemes:application_detail", args=[application.pk])
    assert application.status == Application.Status.DECLINED
    assert application.decision_reason == "Less than six months left to serve."


def test_withdrawing_needs_a_reason(client_for, coordinator, application):
    client = client_for(coordinator)
    url = reverse("schemes:application_withdraw", args=[application.pk])
    for empty in ({}, {"reason": "  "}):
        response = client.post(url, empty)
        assert response.status_code == 200
        assert response.context["form"].errors["reason"] == ["Say why the application is withdrawn."]
    application.refresh_from_db()
    assert application.status == Application.Status.RECEIVED

    response = client.post(url, {"reason": "Changed their mind."})
    application.refresh_from_db()
    assert response.status_code == 302
    assert application.status == Application.Status.WITHDRAWN
    assert application.decision_reason == "Changed their mind."
    assert application.decided_by == coordinator


def test_the_withdrawal_service_refuses_a_blank_reason(coordinator, application):
    with pytest.raises(ValidationError) as refused:
        services.application_withdraw(application=application, reason=" ", actor=coordinator)
    assert refused.value.message_dict == {"reason": ["Say why the application is withdrawn."]}
    application.refresh_from_db()
    assert application.status == Application.Status.RECEIVED


def test_a_reason_longer_than_the_box_takes_is_refused_next_to_it(client_for, coordinator, application):
    response = client_for(coordinator).post(
        reverse("schemes:application_decline", args=[application.pk]), {"reason": "x" * 1001}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["Use 1000 characters or fewer. You used 1001."]
    assert "x" * 1001 in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.RECEIVED


def test_a_decided_application_cannot_be_declined(client_for, coordinator, application):
    services.application_withdraw(application=application, reason="Changed their mind", actor=coordinator)
    response = client_for(coordinator).post(
        reverse("schemes:application_decline", args=[application.pk]), {"reason": "Too late"}
    )
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert "already withdrawn" in response.content.decode()


def test_the_application_page_shows_its_history(client_for, coordinator, application):
    services.application_advance(application=application, status="checks", actor=coordinator)
    response = client_for(coordinator).get(reverse("schemes:application_detail", args=[application.pk]))
    assert response.context["history"][0].who == coordinator
    assert "Received → Checks" in response.content.decode()


def test_a_received_date_outside_the_supported_years_is_refused_next_to_its_box(
    client_for, coordinator, worker, listeners
):
    response = client_for(coordinator).post(
        reverse("schemes:application_create"), _form(worker, listeners, received_on="0001-01-01")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["received_on"] == [
        "Enter a date between 1 January 2000 and 31 December 2099."
    ]
    assert "To give something back." in response.content.decode()
    assert not Application.objects.filter(worker=worker).exists()

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from schemes.models import Scheme, SchemeLead
from schemes.services import applications as application_services
from schemes.services import contracts as contract_services
from schemes.services.schemes import scheme_lead_add, scheme_presets_ensure
from tests.factories import PeerWorkerFactory, UserFactory

TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)


def _new_worker(scheme):
    return PeerWorkerFactory(establishment=scheme.establishment)


def _in_role(scheme, actor, *, start: date, end: date | None = None):
    contract = contract_services.contract_issue(
        worker=_new_worker(scheme), scheme=scheme, actor=actor, start_date=start, end_date=end
    )
    return contract_services.contract_sign(
        contract=contract, signed_on=start, witnessed_by=actor, actor=actor
    )


def _awaiting_signature(scheme, actor):
    return contract_services.contract_issue(
        worker=_new_worker(scheme), scheme=scheme, actor=actor, start_date=TODAY
    )


def _open_application(scheme, actor, received_on=date(2026, 11, 2)):
    return application_services.application_create(
        worker=_new_worker(scheme), scheme=scheme, actor=actor, received_on=received_on
    )


def _waiting(scheme, actor, received_on=date(2026, 10, 1)):
    application = _open_application(scheme, actor, received_on=received_on)
    for check in application.checks.all():
        application_services.application_check_record(check=check, outcome="passed", actor=actor)
    return application_services.application_approve(application=application, actor=actor)


def _row(response, preset):
    return next(scheme for scheme in response.context["schemes"] if scheme.preset == preset)


def _scheme_data(**overrides):
    data = {
        "name": "Gym orderlies",
        "summary": "Gym orderlies help run the gym sessions.",
        "partner": "",
        "is_paid": "on",
        "confidentiality": "need_to_know",
        "confidentiality_statement": "Only staff who need to know are told.",
        "supervision_every_days": "30",
        "contract_months": "6",
        "target_workers": "4",
        "is_active": "on",
        # As the form shows them: one resident per mentor, flagged after 14 days without a session.
        "supported_per_mentor": "1",
        "session_window_days": "14",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


# --- The list -------------------------------------------------------------------


def test_the_list_counts_people_in_role_expiring_vacancies_and_applicants(
    client_for, wing_officer, listeners, coordinator, active_contract
):
    _in_role(listeners, coordinator, start=date(2026, 6, 10), end=date(2026, 12, 10))
    _awaiting_signature(listeners, coordinator)
    _open_application(listeners, coordinator)
    _waiting(listeners, coordinator)

    response = client_for(wing_officer).get(reverse("schemes:scheme_list"))

    row = _row(response, "listeners")
    assert row.active_count == 2
    assert row.expiring_count == 1
    assert row.vacancies == 12 - 2 - 1
    assert row.open_application_count == 1
    assert row.waiting_count == 1
    buddies = _row(response, "buddies")
    assert (buddies.active_count, buddies.expiring_count, buddies.waiting_count) == (0, 0, 0)
    assert buddies.vacancies == buddies.target_workers
    body = response.content.decode()
    assert f'data-testid="scheme-{listeners.pk}"' in body
    assert "Strictly confidential" in body


def test_the_list_names_the_leads_and_flags_a_scheme_with_none(
    client_for, wing_officer, listeners, coordinator
):
    coordinator.first_name, coordinator.last_name = "Priya", "Shah"
    coordinator.save()
    body = client_for(wing_officer).get(reverse("schemes:scheme_list")).content.decode()
    listeners_row = body.split(f'data-testid="scheme-{listeners.pk}"')[1].split("</tr>")[0]
    assert "Priya Shah" in listeners_row
    assert "No lead" not in listeners_row
    assert "No lead" in body


def test_every_member_of_staff_may_see_the_list_but_only_some_may_add(
    client_for, wing_officer, coordinator, schemes
):
    officer_page = client_for(wing_officer).get(reverse("schemes:scheme_list"))
    assert officer_page.status_code == 200
    assert "Add a scheme" not in officer_page.content.decode()
    assert "Add a scheme" in client_for(coordinator).get(reverse("schemes:scheme_list")).content.decode()


def test_the_list_shows_only_this_establishments_schemes(client_for, outsider, schemes):
    response = client_for(outsider).get(reverse("schemes:scheme_list"))
    assert response.context["schemes"] == []
    main = response.content.decode().split("<main", 1)[1]
    assert "Listeners" not in main


def test_the_list_query_count_does_not_grow_with_rows(
    client_for, manager, listeners, coordinator, django_assert_num_queries
):
    client = client_for(manager)
    _in_role(listeners, coordinator, start=date(2026, 11, 1))
    _open_application(listeners, coordinator)
    with django_assert_num_queries(6):
        client.get(reverse("schemes:scheme_list"))
    for scheme in (listeners, *Scheme.objects.exclude(pk=listeners.pk)[:3]):
        for _ in range(3):
            _in_role(scheme, coordinator, start=date(2026, 11, 1), end=date(2026, 12, 1))
            _open_application(scheme, coordinator)
            _waiting(scheme, coordinator)
        scheme_lead_add(scheme=scheme, user=UserFactory(establishments=[scheme.establishment]), actor=manager)
    with django_assert_num_queries(6):
        client.get(reverse("schemes:scheme_list"))


# --- One scheme ------------------------------------------------------------------------


def test_the_scheme_page_shows_the_role_people_applications_and_waiting_list(
    client_for, coordinator, listeners, active_contract, worker
):
    applicant = _open_application(listeners, coordinator)
    waiting = _waiting(listeners, coordinator)

    response = client_for(coordinator).get(reverse("schemes:scheme_detail", args=[listeners.pk]))
    body = response.content.decode()

    assert "Samaritans" in body
    assert listeners.confidentiality_statement in body
    assert 'data-testid="role-description"' in body
    assert "Version 1, published 23 November 2026" in body
    assert "Go to Samaritans support meetings." in body
    assert reverse("schemes:contract_detail", args=[active_contract.pk]) in body
    assert reverse("schemes:worker_detail", args=[worker.pk]) in body
    assert "1 May 2027" in body
    assert reverse("schemes:application_detail", args=[applicant.pk]) in body
    issue = (
        f"{reverse('schemes:contract_issue')}?worker={waiting.worker_id}&amp;scheme={listeners.pk}"
        f"&amp;application={waiting.pk}"
    )
    assert issue in body
    assert f"{reverse('schemes:application_create')}?scheme={listeners.pk}" in body
    assert f'href="{reverse("schemes:role_description_edit", args=[listeners.pk])}"' in body
    assert reverse("schemes:role_description_versions", args=[listeners.pk]) in body
    assert 'data-testid="history"' in body


def test_the_waiting_list_is_in_date_order(client_for, coordinator, listeners):
    later = _waiting(listeners, coordinator, received_on=date(2026, 10, 20))
    earlier = _waiting(listeners, coordinator, received_on=date(2026, 9, 1))
    response = client_for(coordinator).get(reverse("schemes:scheme_detail", args=[listeners.pk]))
    assert list(response.context["waiting"]) == [earlier, later]


def test_only_those_who_manage_the_scheme_see_issue_contract_links(
    client_for, coordinator, wing_officer, buddies
):
    _waiting(buddies, coordinator)
    for user in (coordinator, wing_officer):
        body = client_for(user).get(reverse("schemes:scheme_detail", args=[buddies.pk])).content.decode()
        assert "Issue contract" not in body
        assert f'href="{reverse("schemes:role_description_edit", args=[buddies.pk])}"' not in body


def test_a_scheme_without_a_role_description_says_so(client_for, manager, establishment):
    from schemes.services.schemes import scheme_create

    scheme = scheme_create(
        establishment=establishment,
        actor=manager,
        name="Gym orderlies",
        summary="Help in the gym.",
        confidentiality="need_to_know",
        confidentiality_statement="Need to know.",
    )
    body = client_for(manager).get(reverse("schemes:scheme_detail", args=[scheme.pk])).content.decode()
    assert "no role description yet" in body
    assert "Write the role description" in body


def test_the_scheme_page_query_count_does_not_grow_with_rows(
    client_for, coordinator, listeners, django_assert_num_queries
):
    client = client_for(coordinator)
    _in_role(listeners, coordinator, start=date(2026, 11, 1))
    _open_application(listeners, coordinator)
    _waiting(listeners, coordinator)
    url = reverse("schemes:scheme_detail", args=[listeners.pk])
    with django_assert_num_queries(16):
        client.get(url)
    for _ in range(4):
        _in_role(listeners, coordinator, start=date(2026, 11, 1))
        _open_application(listeners, coordinator)
        _waiting(listeners, coordinator)
    with django_assert_num_queries(16):
        client.get(url)


# --- Another establishment ------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "scheme_detail",
        "scheme_update",
        "scheme_leads",
        "role_description_edit",
        "role_description_versions",
    ],
)
def test_another_establishments_scheme_is_not_found(client_for, outsider, listeners, name):
    response = client_for(outsider).get(reverse(f"schemes:{name}", args=[listeners.pk]))
    assert response.status_code == 404


def test_another_establishments_scheme_cannot_be_changed(client_for, outsider, listeners):
    response = client_for(outsider).post(
        reverse("schemes:scheme_update", args=[listeners.pk]), _scheme_data(name="Taken over")
    )
    assert response.status_code == 404
    listeners.refresh_from_db()
    assert listeners.name == "Listeners"


# --- Adding and changing a scheme ----------------------------------------------------------------


def test_a_coordinator_adds_a_paid_scheme(client_for, coordinator, establishment):
    """The rate is set from a date on the scheme's pay rates page (tests/pay/test_rates.py)."""
    response = client_for(coordinator).post(reverse("schemes:scheme_create"), _scheme_data())
    scheme = Scheme.objects.get(name="Gym orderlies")
    assert response.status_code == 302
    assert response.url == reverse("schemes:scheme_detail", args=[scheme.pk])
    assert scheme.establishment == establishment
    assert scheme.is_paid
    assert scheme.pay == "Paid, no weekly rate set yet"
    assert scheme.history.get().history_user == coordinator


def test_a_contract_of_no_months_is_refused(client_for, manager):
    response = client_for(manager).post(reverse("schemes:scheme_create"), _scheme_data(contract_months="0"))
    assert response.context["form"].errors["contract_months"] == ["A contract lasts at least one month."]
    assert 'value="0"' in response.content.decode()
    assert not Scheme.objects.exists()


def test_a_second_scheme_of_the_same_name_is_refused(client_for, manager, schemes):
    response = client_for(manager).post(reverse("schemes:scheme_create"), _scheme_data(name="listeners"))
    assert response.status_code == 200
    assert "This establishment already has a scheme with that name." in response.content.decode()
    assert Scheme.objects.filter(name__iexact="listeners").count() == 1


def test_a_scheme_that_does_not_work_one_to_one_need_not_give_its_numbers(client_for, manager, schemes):
    buddies = schemes["buddies"]  # works one to one: 3 each, flagged after its window
    blank = {"supported_per_mentor": "", "session_window_days": ""}

    added = client_for(manager).post(reverse("schemes:scheme_create"), _scheme_data(**blank))
    assert added.status_code == 302
    gym = Scheme.objects.get(name="Gym orderlies")
    assert (gym.works_one_to_one, gym.supported_per_mentor, gym.session_window_days) == (False, 1, 14)

    response = client_for(manager).post(
        reverse("schemes:scheme_update", args=[buddies.pk]),
        _scheme_data(name="Buddies", works_one_to_one="on", **blank),
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "supported_per_mentor": ["Enter how many residents one mentor supports at a time"],
        "session_window_days": ["Enter after how many days without a session a pair is flagged"],
    }
    buddies.refresh_from_db()
    assert buddies.supported_per_mentor == 3


def test_a_wing_officer_may_not_add_a_scheme(client_for, wing_officer):
    client = client_for(wing_officer)
    assert client.get(reverse("schemes:scheme_create")).status_code == 403
    assert client.post(reverse("schemes:scheme_create"), _scheme_data()).status_code == 403
    assert not Scheme.objects.exists()


def test_a_coordinator_who_does_not_lead_buddies_may_not_change_it(
    client_for, coordinator, listeners, buddies
):
    client = client_for(coordinator)
    assert client.get(reverse("schemes:scheme_update", args=[buddies.pk])).status_code == 403
    response = client.post(reverse("schemes:scheme_update", args=[buddies.pk]), _scheme_data(name="Mates"))
    assert response.status_code == 403
    buddies.refresh_from_db()
    assert buddies.name == "Buddies"


def test_the_coordinator_changes_the_scheme_they_lead(client_for, coordinator, listeners):
    data = _scheme_data(name="Listeners", is_paid=None, target_workers="15")
    response = client_for(coordinator).post(reverse("schemes:scheme_update", args=[listeners.pk]), data)
    assert response.status_code == 302
    listeners.refresh_from_db()
    assert listeners.target_workers == 15


def test_safer_custody_staff_may_change_any_scheme_and_the_history_shows_it(
    client_for, safer_custody_officer, buddies
):
    client = client_for(safer_custody_officer)
    response = client.post(
        reverse("schemes:scheme_update", args=[buddies.pk]), _scheme_data(name="Buddies", target_workers="9")
    )
    assert response.status_code == 302
    buddies.refresh_from_db()
    assert buddies.target_workers == 9
    history = client.get(reverse("schemes:scheme_detail", args=[buddies.pk])).context["history"]
    assert history[0].who == safer_custody_officer


# --- Staff leads --------------------------------------------------------------------------------------


def test_a_manager_adds_a_lead_from_this_establishments_staff(client_for, manager, wing_officer, buddies):
    client = client_for(manager)
    page = client.get(reverse("schemes:scheme_leads", args=[buddies.pk]))
    assert wing_officer in page.context["form"].fields["user"].queryset
    response = client.post(reverse("schemes:scheme_leads", args=[buddies.pk]), {"user": wing_officer.pk})
    assert response.status_code == 302
    lead = SchemeLead.objects.get(scheme=buddies)
    assert (lead.user, lead.started_on, lead.ended_on) == (wing_officer, TODAY, None)


def test_someone_from_another_establishment_cannot_be_made_a_lead(client_for, manager, outsider, buddies):
    response = client_for(manager).post(
        reverse("schemes:scheme_leads", args=[buddies.pk]), {"user": outsider.pk}
    )
    assert response.status_code == 200
    assert "user" in response.context["form"].errors
    assert not SchemeLead.objects.filter(scheme=buddies).exists()


def test_a_current_lead_is_not_offered_again(client_for, manager, coordinator, listeners):
    response = client_for(manager).get(reverse("schemes:scheme_leads", args=[listeners.pk]))
    assert coordinator not in response.context["form"].fields["user"].queryset


def test_a_manager_ends_a_lead_and_the_record_is_kept(client_for, manager, coordinator, listeners):
    lead = SchemeLead.objects.get(scheme=listeners, user=coordinator)
    response = client_for(manager).post(reverse("schemes:scheme_lead_end", args=[listeners.pk, lead.pk]))
    assert response.status_code == 302
    lead.refresh_from_db()
    assert (lead.ended_on, lead.ended_by) == (TODAY, manager)
    assert not coordinator.has_perm("schemes.change_scheme", listeners)


def test_a_lead_of_another_scheme_cannot_be_ended_through_this_one(
    client_for, manager, coordinator, listeners, buddies
):
    lead = SchemeLead.objects.get(scheme=listeners, user=coordinator)
    response = client_for(manager).post(reverse("schemes:scheme_lead_end", args=[buddies.pk, lead.pk]))
    assert response.status_code == 404
    lead.refresh_from_db()
    assert lead.ended_on is None


def test_ending_a_lead_needs_a_post(client_for, manager, coordinator, listeners):
    lead = SchemeLead.objects.get(scheme=listeners, user=coordinator)
    assert (
        client_for(manager).get(reverse("schemes:scheme_lead_end", args=[listeners.pk, lead.pk])).status_code
        == 405
    )


def test_a_coordinator_may_not_change_who_leads(client_for, coordinator, wing_officer, listeners):
    client = client_for(coordinator)
    assert client.get(reverse("schemes:scheme_leads", args=[listeners.pk])).status_code == 403
    response = client.post(reverse("schemes:scheme_leads", args=[listeners.pk]), {"user": wing_officer.pk})
    assert response.status_code == 403
    assert not SchemeLead.objects.filter(user=wing_officer).exists()


def test_the_outsider_cannot_end_a_lead_here(client_for, outsider, coordinator, listeners):
    scheme_presets_ensure(establishment=outsider.establishments.get(), actor=outsider)
    lead = SchemeLead.objects.get(scheme=listeners, user=coordinator)
    response = client_for(outsider).post(reverse("schemes:scheme_lead_end", args=[listeners.pk, lead.pk]))
    assert response.status_code == 404
    lead.refresh_from_db()
    assert lead.ended_on is None

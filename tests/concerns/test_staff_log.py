"""Logging a concern from paper, for a peer worker who carries concerns."""

from django.urls import reverse

from concerns.models import Concern, Topic

URL = reverse("concerns:concern_log")


def data(contract, topic, wing, **changes):
    return {
        "contract": contract.pk,
        "topic": topic.pk,
        "location": wing.pk,
        "affects": "one",
        "problem": "His canteen did not arrive.",
    } | changes


def test_a_coordinator_logs_a_concern_for_their_schemes_peer_worker(
    client_for, coordinator, rep_contract, health_topic, wing
):
    client = client_for(coordinator)
    assert "Ryan Ellis (A1234BC), Equality Representatives" in client.get(URL).content.decode()
    response = client.post(URL, data(rep_contract, health_topic, wing))
    concern = Concern.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "concerns:concern_detail", args=[concern.pk]
    )
    assert concern.logged_by == coordinator and concern.worker == rep_contract.worker
    assert concern.department.name == "Healthcare"


def test_the_resident_is_named_only_when_they_agreed(client_for, manager, rep_contract, health_topic, wing):
    client = client_for(manager)
    client.post(
        URL,
        data(rep_contract, health_topic, wing, resident_name="Tom Pike", resident_prison_number="B2222CC"),
    )
    assert Concern.objects.get().resident_name == ""
    client.post(
        URL,
        data(
            rep_contract,
            health_topic,
            wing,
            resident_agreed_to_be_named="on",
            resident_name="Tom Pike",
            resident_prison_number="b2222cc",
            problem="Another one.",
        ),
    )
    assert Concern.objects.get(problem="Another one.").resident_prison_number == "B2222CC"


def test_discrimination_asks_the_protected_characteristic(
    client_for, manager, rep_contract, establishment, wing, concern_defaults
):
    discrimination = Topic.objects.get(establishment=establishment, name="Discrimination")
    client = client_for(manager)
    response = client.post(URL, data(rep_contract, discrimination, wing))
    assert response.status_code == 200
    assert response.context["form"].errors["protected_characteristic"]
    assert not Concern.objects.exists()
    client.post(URL, data(rep_contract, discrimination, wing, protected_characteristic="religion"))
    assert Concern.objects.get().protected_characteristic == "religion"


def test_an_empty_form_says_what_is_missing(client_for, manager, rep_contract):
    response = client_for(manager).post(URL, {})
    assert set(response.context["form"].errors) == {"contract", "topic", "location", "affects", "problem"}


def test_a_coordinator_cannot_log_for_a_scheme_they_do_not_lead(
    client_for, coordinator, schemes, worker, health_topic, wing
):
    from django.utils import timezone

    from schemes.services.contracts import contract_issue

    insiders = contract_issue(
        worker=worker, scheme=schemes["insiders"], actor=coordinator, start_date=timezone.localdate()
    )
    response = client_for(coordinator).post(URL, data(insiders, health_topic, wing))
    assert response.context["form"].errors["contract"]
    assert not Concern.objects.exists()


def test_wing_officers_and_other_prisons_cannot_log(
    client_for, wing_officer, outsider, rep_contract, health_topic, wing
):
    assert client_for(wing_officer).get(URL).status_code == 403
    response = client_for(outsider).post(URL, data(rep_contract, health_topic, wing))
    assert response.status_code == 200 and response.context["form"].errors["contract"]
    assert not Concern.objects.exists()

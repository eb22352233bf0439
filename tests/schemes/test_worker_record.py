from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from rota.models import CallOut, ListenerTraining
from schemes.models import Contract, EndReason, SupervisionMeeting
from schemes.services import contracts as contract_services
from schemes.services import people as people_services
from tests.factories import LocationFactory


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)


def long(day: date) -> str:
    return date_format(day, "j F Y")


def flat(body: str) -> str:
    """The page with its whitespace collapsed, so a table row reads as one line."""
    return " ".join(body.split())


def record_of(client, worker) -> str:
    return flat(client.get(reverse("schemes:worker_record", args=[worker.pk])).content.decode())


def train(worker, establishment, actor, *, days_ago: int, lasts: relativedelta | None) -> ListenerTraining:
    completed_on = timezone.localdate() - timedelta(days=days_ago)
    return ListenerTraining.objects.create(
        worker=worker,
        establishment=establishment,
        completed_on=completed_on,
        valid_until=completed_on + lasts if lasts else None,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )


def buddy_contract(worker, buddies, actor, *, started_days_ago: int, expired_days_ago: int | None = None):
    """A signed Buddies contract, active or (with `expired_days_ago`) expired."""
    start = timezone.localdate() - timedelta(days=started_days_ago)
    ended_on = timezone.localdate() - timedelta(days=expired_days_ago) if expired_days_ago else None
    return Contract.objects.create(
        worker=worker,
        scheme=buddies,
        role_description=buddies.role_descriptions.order_by("-version").first(),
        start_date=start,
        end_date=ended_on or start + relativedelta(months=6),
        status=Contract.Status.EXPIRED if ended_on else Contract.Status.ACTIVE,
        signed_on=start,
        witnessed_by=actor,
        issued_by=actor,
        issued_at=timezone.now(),
        end_reason=EndReason.EXPIRED if ended_on else "",
        ended_on=ended_on,
    )


def meeting(scheme, actor, *, days_ago: int, status: str, invited=(), attended=()) -> SupervisionMeeting:
    starts_at = timezone.now() - timedelta(days=days_ago)
    extra = {}
    if status == SupervisionMeeting.Status.CANCELLED:
        extra = {"cancelled_reason": "Lead redeployed", "cancelled_by": actor, "cancelled_at": starts_at}
    held = SupervisionMeeting.objects.create(
        scheme=scheme, starts_at=starts_at, status=status, created_by=actor, lead=actor, **extra
    )
    held.invited.set(invited)
    held.attended.set(attended)
    return held


def call_out(listener, location, actor, *, days_ago: int, archived: bool = False) -> CallOut:
    requested_at = timezone.localtime().replace(hour=23, minute=17) - timedelta(days=days_ago)
    return CallOut.objects.create(
        establishment=location.establishment,
        location=location,
        listener=listener,
        requested_at=requested_at,
        requested_by=CallOut.RequestedBy.OFFICER,
        started_at=requested_at + timedelta(minutes=5),
        ended_at=requested_at + timedelta(minutes=50),
        recorded_by=actor,
        recorded_at=requested_at + timedelta(hours=1),
        archived_at=timezone.now() if archived else None,
        archived_by=actor if archived else None,
        archived_reason="Recorded twice" if archived else "",
    )


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


def test_the_record_shows_when_each_role_ended_and_why(client_for, outsider, moved_worker, active_contract):
    body = record_of(client_for(outsider), moved_worker)
    started, ended = long(active_contract.start_date), long(timezone.localdate())
    assert (
        f'<td>HMP Alpha</td> <td class="doc-nowrap">{started}</td> <td class="doc-nowrap">{ended}</td>'
        in body
    )
    assert "<td>Transferred to another prison</td>" in body


def test_the_record_shows_suspensions_and_the_training_recorded_with_its_dates(
    client_for, outsider, moved_worker, coordinator, establishment, other_establishment
):
    first = train(moved_worker, establishment, coordinator, days_ago=400, lasts=relativedelta(years=2))
    refresher = train(moved_worker, other_establishment, coordinator, days_ago=3, lasts=None)
    body = record_of(client_for(outsider), moved_worker)
    assert "Off the wing for a week." in body
    assert (
        f'<td>Samaritans Listener training</td> <td class="doc-nowrap">{long(refresher.completed_on)}</td>'
        ' <td class="doc-nowrap">Does not lapse</td> <td>HMP Bravo</td>'
    ) in body
    assert (
        f'<td>Samaritans Listener training</td> <td class="doc-nowrap">{long(first.completed_on)}</td>'
        f' <td class="doc-nowrap">{long(first.valid_until)}</td> <td>HMP Alpha</td>'
    ) in body
    assert body.index(long(refresher.completed_on)) < body.index(long(first.completed_on))
    assert "Samaritans Listener training, and the refresher sessions Samaritans set." not in body


def test_training_a_role_requires_is_not_shown_as_recorded(client_for, manager, worker, active_contract):
    body = record_of(client_for(manager), worker)
    assert "No training recorded." in body
    assert "Samaritans Listener training" not in body


def test_the_record_counts_the_held_supervision_meetings_attended(
    client_for, manager, worker, active_contract, listeners, coordinator, other_worker
):
    held = SupervisionMeeting.Status.HELD
    meeting(listeners, coordinator, days_ago=20, status=held, invited=[worker], attended=[worker])
    meeting(listeners, coordinator, days_ago=13, status=held, invited=[worker], attended=[worker])
    meeting(listeners, coordinator, days_ago=6, status=held, invited=[worker], attended=[])
    meeting(listeners, coordinator, days_ago=9, status=SupervisionMeeting.Status.CANCELLED, invited=[worker])
    meeting(listeners, coordinator, days_ago=-7, status=SupervisionMeeting.Status.SCHEDULED, invited=[worker])
    meeting(listeners, coordinator, days_ago=2, status=held, invited=[other_worker], attended=[other_worker])
    body = record_of(client_for(manager), worker)
    assert "<td>Listeners</td> <td>HMP Alpha</td> <td>2 of 3</td>" in body


def test_a_role_with_no_meeting_held_says_so(client_for, manager, worker, active_contract):
    body = record_of(client_for(manager), worker)
    assert "<td>Listeners</td> <td>HMP Alpha</td> <td>None held</td>" in body


def test_the_record_counts_call_outs_at_each_prison_and_says_nothing_else_about_them(
    client_for, outsider, moved_worker, coordinator, establishment, other_establishment
):
    segregation = LocationFactory(establishment=establishment, name="Segregation unit")
    healthcare = LocationFactory(establishment=other_establishment, name="Healthcare unit")
    first = call_out(moved_worker, segregation, coordinator, days_ago=12)
    call_out(moved_worker, segregation, coordinator, days_ago=10)
    call_out(moved_worker, segregation, coordinator, days_ago=9, archived=True)
    call_out(moved_worker, healthcare, coordinator, days_ago=1)
    body = record_of(client_for(outsider), moved_worker)
    assert "Listener call-outs" in body
    assert "<td>HMP Alpha</td> <td>2</td> </tr> <tr> <td>HMP Bravo</td> <td>1</td>" in body
    for detail in ("Segregation unit", "Healthcare unit", "23:17", "23:22", "Recorded twice", "An officer"):
        assert detail not in body
    assert long(timezone.localdate(first.requested_at)) not in body


def test_a_listener_with_no_call_outs_has_none_recorded(client_for, manager, worker, active_contract):
    body = record_of(client_for(manager), worker)
    assert "Listener call-outs" in body
    assert "No call-outs recorded." in body


def test_someone_who_was_never_a_listener_has_no_call_out_section(
    client_for, manager, worker, buddies, coordinator
):
    buddy_contract(worker, buddies, coordinator, started_days_ago=30)
    body = record_of(client_for(manager), worker)
    assert "<td>Buddies</td>" in body
    assert "call-out" not in body.lower()


# The session (read: 1), the user and their prisons, the worker, the
# contracts and their suspensions, then one each for training, supervision counts and call-out counts.
RECORD_QUERIES = 9


@pytest.mark.parametrize("name", ["worker_record", "worker_record_pdf"])
def test_the_record_takes_the_same_queries_however_long_the_history(
    client_for,
    manager,
    worker,
    active_contract,
    listeners,
    buddies,
    coordinator,
    establishment,
    wing,
    django_assert_num_queries,
    name,
):
    client = client_for(manager)
    url = reverse(f"schemes:{name}", args=[worker.pk])
    with django_assert_num_queries(RECORD_QUERIES):
        client.get(url)

    renewal = contract_services.contract_renew(contract=active_contract, actor=coordinator)
    contract_services.contract_suspend(
        contract=renewal,
        starts_on=timezone.localdate(),
        ends_on=None,
        is_paid=True,
        reason="Review",
        actor=coordinator,
    )
    buddy_contract(worker, buddies, coordinator, started_days_ago=300, expired_days_ago=100)
    for days_ago in (5, 12, 19):
        meeting(listeners, coordinator, days_ago=days_ago, status="held", invited=[worker], attended=[worker])
        meeting(buddies, coordinator, days_ago=days_ago + 100, status="held", invited=[worker])
        call_out(worker, wing, coordinator, days_ago=days_ago)
        train(worker, establishment, coordinator, days_ago=days_ago * 10, lasts=relativedelta(years=2))

    with django_assert_num_queries(RECORD_QUERIES):
        response = client.get(url)
    assert len(response.context["contracts"]) == 3
    assert len(response.context["training"]) == 3


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

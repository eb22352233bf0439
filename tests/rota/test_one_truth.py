"""One truth about who is on a shift: whatever happens to a Listener's contract, the seven views
that name a Listener for a shift agree (the week grid, the shift page, the officer look-up, "on
duty now", the duty notice, the kiosk's "My shifts" and the iCal feed).

Ryan Ellis is on tonight's night shift at A wing; the clock stands at 22:00, during the shift.
"""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consistency.checks import breaches
from listeners.ical import feed_token
from peerwork.dates import monday_of
from rota.models import Assignment, ListenerTraining
from rota.services.assignments import assignment_add
from rota.services.weeks import week_publish
from schemes.models import Contract, PeerWorker
from schemes.services import contracts, people
from tests.conftest import KIOSK_PIN
from tests.factories import EstablishmentFactory

VIEWS = ["week grid", "shift page", "look-up", "on duty now", "duty notice", "kiosk", "ical"]


@pytest.fixture
def tonight(time_machine):
    """22:00 today, in London: Ryan's night shift has started."""
    now = datetime.combine(timezone.localdate(), time(22), tzinfo=timezone.get_current_timezone())
    time_machine.move_to(now, tick=False)
    return now.date()


@pytest.fixture
def ryan_on_tonight(tonight, pattern, active_contract, night, a_point, coordinator, manager):
    ListenerTraining.objects.create(
        worker=active_contract.worker,
        establishment_id=active_contract.worker.establishment_id,
        completed_on=tonight - timedelta(days=30),
        recorded_by=coordinator,
        recorded_at=timezone.now(),
    )
    assignment = assignment_add(
        rota=pattern,
        day=tonight,
        shift_type=night,
        cover_point=a_point,
        contract=active_contract,
        actor=coordinator,
    )
    week_publish(rota=pattern, starts_on=monday_of(tonight), actor=coordinator)
    return assignment


@pytest.fixture
def views(
    client, ryan_on_tonight, tonight, night, a_point, coordinator, wing_officer, kiosk, worker_pin, settings
):
    """`views()`: for each of the seven views, whether it names Ryan Ellis for tonight's night."""
    worker = ryan_on_tonight.worker

    def ask() -> dict[str, bool]:
        said = {}
        client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
        grid = client.get(reverse("rota:week_detail", args=[monday_of(tonight)])).context["grid"]
        cell = next(
            c for c in grid.cells if (c.day, c.shift_type, c.cover_point) == (tonight, night, a_point)
        )
        said["week grid"] = [a.worker for a in cell.assignments if a.covers] == [worker]
        shift = client.get(reverse("rota:shift_detail", args=[tonight, night.pk, a_point.pk])).context["cell"]
        said["shift page"] = [a.worker for a in shift.live if a.covers] == [worker]

        client.force_login(wing_officer, backend="django.contrib.auth.backends.ModelBackend")
        found = client.get(reverse("listeners:lookup_detail", args=[worker.pk]))
        # Transferred away, they are no longer found here at all.
        said["look-up"] = found.status_code == 200 and found.context["answer"].on_duty_now is not None
        places = client.get(reverse("home")).context["on_duty"].places
        said["on duty now"] = any(name == worker.full_name for p in places for name, _ in p.duties)
        notice = client.get(reverse("listeners:notice"), {"week": tonight.isoformat()})
        said["duty notice"] = worker.full_name in notice.content.decode()
        feed = client.get(reverse("listeners:ical_feed", args=[feed_token(worker)]))
        said["ical"] = "Listener night shift" in feed.content.decode()
        client.logout()

        client.cookies[settings.KIOSK_DEVICE_COOKIE_NAME] = kiosk.token
        signed_in = client.post(
            reverse("kiosk:sign_in"), {"prison_number": worker.prison_number, "pin": KIOSK_PIN}
        )
        if signed_in.status_code == 302:
            said["kiosk"] = len(client.get(reverse("kiosk:my_shifts")).context["shifts"]) == 1
            client.post(reverse("kiosk:finish"))
        else:
            said["kiosk"] = False  # no longer in custody here: the kiosk does not let them in
        client.cookies.pop(settings.KIOSK_DEVICE_COOKIE_NAME, None)
        return said

    return ask


def agree(said: dict[str, bool], on_duty: bool) -> None:
    assert said == dict.fromkeys(VIEWS, on_duty)


def test_renew_suspend_lift_and_end_keep_every_view_in_agreement(
    views, ryan_on_tonight, active_contract, coordinator
):
    agree(views(), on_duty=True)

    renewal = contracts.contract_renew(contract=active_contract, actor=coordinator)
    agree(views(), on_duty=True)

    contracts.contract_suspend(
        contract=renewal,
        starts_on=timezone.localdate(),
        ends_on=None,
        is_paid=False,
        reason="Adjudication",
        actor=coordinator,
    )
    agree(views(), on_duty=False)
    shift = Assignment.objects.with_standing().get(pk=ryan_on_tonight.pk)
    assert shift.needs_cover and shift.standing_label == "Needs cover: suspended that day"

    contracts.contract_lift_suspension(contract=renewal, actor=coordinator)
    agree(views(), on_duty=True)

    contracts.contract_end(contract=renewal, reason="resigned", actor=coordinator)
    agree(views(), on_duty=False)
    ryan_on_tonight.refresh_from_db()
    assert ryan_on_tonight.status == Assignment.Status.REMOVED
    assert ryan_on_tonight.removed_by == coordinator
    assert ryan_on_tonight.removed_reason == "Contract ended: Resigned"
    assert breaches() == []


@pytest.mark.parametrize(
    ("starts_in", "ends_in"),
    [(3, None), (-3, -1)],
    ids=["suspension starting in three days", "suspension past its planned end"],
)
def test_a_suspension_that_does_not_hold_today_leaves_every_view_naming_them(
    views, active_contract, coordinator, starts_in, ends_in
):
    today = timezone.localdate()
    contracts.contract_suspend(
        contract=active_contract,
        starts_on=today + timedelta(days=starts_in),
        ends_on=None if ends_in is None else today + timedelta(days=ends_in),
        is_paid=False,
        reason="Adjudication",
        actor=coordinator,
    )
    agree(views(), on_duty=True)


def test_a_transfer_takes_the_shift_off_and_every_view_agrees(views, ryan_on_tonight, manager):
    agree(views(), on_duty=True)
    people.peer_worker_transfer(
        worker=ryan_on_tonight.worker, to=EstablishmentFactory(name="HMP Charlie", code="CHA"), actor=manager
    )
    agree(views(), on_duty=False)
    ryan_on_tonight.refresh_from_db()
    assert ryan_on_tonight.status == Assignment.Status.REMOVED
    assert ryan_on_tonight.removed_reason == "Contract ended: Transferred to another prison"
    assert not Contract.objects.filter(worker=ryan_on_tonight.worker, status__in=Contract.OPEN).exists()
    assert breaches() == []


def test_a_release_takes_the_shift_off_and_every_view_agrees(views, ryan_on_tonight, manager):
    people.peer_worker_leave_custody(
        worker=ryan_on_tonight.worker, status=PeerWorker.CustodyStatus.RELEASED, actor=manager
    )
    agree(views(), on_duty=False)
    ryan_on_tonight.refresh_from_db()
    assert ryan_on_tonight.removed_reason == "Contract ended: Released"
    assert breaches() == []


def test_the_audit_finds_a_shift_left_with_no_listener_contract(ryan_on_tonight, active_contract):
    """Were a contract closed behind the services' back, the audit would find the stranded shift."""
    Contract.objects.filter(pk=active_contract.pk).update(
        status=Contract.Status.ENDED, end_reason="resigned", ended_on=timezone.localdate()
    )
    assert [breach.key for breach in breaches()] == [f"shift_without_listener:{ryan_on_tonight.pk}"]

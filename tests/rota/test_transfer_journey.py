"""A Listener moves prison: Northgate (here, HMP Alpha) to Eastmoor (HMP Bravo).

Alpha's rota loses their future shifts, with the gaps flagged; Bravo's safer custody hears of the
arrival and sees the record; "Invite to apply" at Bravo carries the training over, and once the
new contract is issued Bravo's rota takes the Listener on that training.
"""

from datetime import time, timedelta

import pytest
from django.urls import reverse

from accounts.models import Role
from flags.models import Flag
from rota.models import Assignment
from rota.services import setup
from rota.services.assignments import assignment_add
from rota.services.gaps import gap_key, rota_gaps_sync
from schemes.models import Application, ApplicationCheck, Contract, EligibilityCheck
from schemes.services import applications, contracts, people
from schemes.services.schemes import scheme_lead_add, scheme_presets_ensure
from tests.factories import LocationFactory, UserFactory
from tests.rota.conftest import on


@pytest.fixture
def eastmoor(other_establishment, system_admin):
    """Bravo with its national schemes, a Listener rota and a safer-custody manager and lead."""
    scheme_presets_ensure(establishment=other_establishment, actor=system_admin)
    listeners = other_establishment.schemes.get(preset="listeners")
    manager = UserFactory(
        username="bravo-manager", role=Role.SAFER_CUSTODY_MANAGER, establishments=[other_establishment]
    )
    lead = UserFactory(
        username="bravo-lead", role=Role.SCHEME_COORDINATOR, establishments=[other_establishment]
    )
    scheme_lead_add(scheme=listeners, user=lead, actor=manager)
    wing = LocationFactory(establishment=other_establishment, name="C wing")
    rota = setup.rota_setup(
        establishment=other_establishment,
        actor=manager,
        max_shifts_per_week=4,
        max_nights_in_a_row=2,
        requires_training=True,
    )
    night = setup.shift_type_add(
        rota=rota,
        actor=manager,
        name="Night",
        starts=time(21),
        ends=time(7),
        is_night=True,
        order=1,
    )
    point = setup.cover_point_add(rota=rota, actor=manager, name="C wing", locations=[wing], order=1)
    return {
        "scheme": listeners,
        "manager": manager,
        "lead": lead,
        "rota": rota,
        "night": night,
        "point": point,
    }


def test_a_listener_moves_prison_and_comes_back_into_the_role(
    client_for, pattern, night, a_point, amir, coordinator, manager, other_establishment, eastmoor
):
    worker = amir.worker
    future = [
        assignment_add(
            rota=pattern, day=day, shift_type=night, cover_point=a_point, contract=amir, actor=coordinator
        )
        for day in (on(0), on(2))
    ]

    nights = {gap_key(cover_point_id=a_point.pk, day=day, shift_type_id=night.pk) for day in (on(0), on(2))}

    def open_gaps() -> set[str]:
        rota_gaps_sync()
        return set(
            Flag.objects.filter(kind=Flag.Kind.ROTA_GAP, resolved_at=None).values_list("key", flat=True)
        )

    assert not nights & open_gaps(), "Amir covers both nights"

    movement = people.peer_worker_transfer(worker=worker, to=other_establishment, actor=manager)

    # Alpha: the future shifts are off, with the reason, and the nights are gaps again.
    for assignment in future:
        assignment.refresh_from_db()
        assert assignment.status == Assignment.Status.REMOVED
        assert assignment.removed_reason == "Contract ended: Transferred to another prison"
    assert nights <= open_gaps()

    # Bravo: safer custody and the Listener lead hear of the arrival, and see the record.
    [flag] = Flag.objects.filter(kind=Flag.Kind.ARRIVAL)
    assert (flag.establishment, flag.scheme, flag.worker) == (other_establishment, eastmoor["scheme"], worker)
    assert flag.summary.startswith(f"{worker.prison_number} arrived at HMP Bravo: Listeners at HMP Alpha")
    assert "(transferred to another prison)" in flag.summary
    assert "Samaritans training" in flag.summary
    bravo = client_for(eastmoor["manager"])
    inbox = bravo.get(reverse("flags:flag_list")).content.decode()
    assert flag.summary[:60] in inbox
    assert bravo.get(reverse("schemes:worker_detail", args=[worker.pk])).status_code == 200
    assert client_for(manager).get(reverse("schemes:worker_detail", args=[worker.pk])).status_code == 404

    # Invite to apply: the checks the record carries are filled in, marked with where they came from.
    lead = client_for(eastmoor["lead"])
    assert "Invite to apply" in lead.get(reverse("flags:flag_detail", args=[flag.pk])).content.decode()
    response = lead.post(
        reverse("schemes:application_invite_after_arrival", args=[flag.pk]), {"scheme": eastmoor["scheme"].pk}
    )
    application = Application.objects.get(worker=worker, scheme=eastmoor["scheme"])
    assert response["Location"] == reverse("schemes:application_detail", args=[application.pk])
    training = application.checks.get(requirement__kind=EligibilityCheck.Kind.TRAINING)
    assert training.carried_over_from == movement.from_establishment
    assert training.note.startswith("Carried over from HMP Alpha, confirm: Samaritans training completed")
    assert training.outcome == ApplicationCheck.Outcome.PENDING, "staff here confirm it"
    assert "Carried over from HMP Alpha" in lead.get(response["Location"]).content.decode()
    flag.refresh_from_db()
    assert flag.resolution == "Invited to apply to Listeners."

    # Bravo confirms the checks, approves and issues; its rota takes the Listener on Alpha's training.
    for check in application.checks.all():
        applications.application_check_record(
            check=check, outcome=ApplicationCheck.Outcome.PASSED, actor=eastmoor["lead"]
        )
    application = applications.application_approve(
        application=application, actor=eastmoor["lead"], reason="Trained Listener"
    )
    start = on(0) - timedelta(days=3)
    contract = contracts.contract_issue(
        worker=worker,
        scheme=eastmoor["scheme"],
        actor=eastmoor["lead"],
        start_date=start,
        application=application,
    )
    contract = contracts.contract_sign(
        contract=contract, signed_on=start, witnessed_by=eastmoor["lead"], actor=eastmoor["lead"]
    )
    assert contract.status == Contract.Status.ACTIVE
    added = assignment_add(
        rota=eastmoor["rota"],
        day=on(1),
        shift_type=eastmoor["night"],
        cover_point=eastmoor["point"],
        contract=contract,
        actor=eastmoor["lead"],
    )
    assert added.status == Assignment.Status.ON

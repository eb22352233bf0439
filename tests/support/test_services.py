"""Pairs and sessions through their services: who may be paired, the scheme's limit, consent,
one session a day, and pairs that end with the mentor's role or when someone leaves."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from schemes.rules import RuleError
from schemes.services.contracts import contract_end
from schemes.services.people import peer_worker_leave_custody, peer_worker_transfer
from support import services
from support.models import EndReason, NotHeld, Pair, ReadingStage, Session
from support.rules import NotOneToOne, OverTheLimit, WrongPlace
from tests.concerns.helpers import in_role
from tests.factories import PeerWorkerFactory


@pytest.fixture
def toe_by_toe(schemes):
    return schemes["toe-by-toe"]


@pytest.fixture
def mentor(establishment, wing, toe_by_toe, coordinator):
    person = PeerWorkerFactory(
        prison_number="A3001AA",
        first_name="Eli",
        last_name="Nash",
        establishment=establishment,
        location=wing,
    )
    in_role(worker=person, scheme=toe_by_toe, actor=coordinator)
    return person


@pytest.fixture
def learner(establishment, wing):
    return PeerWorkerFactory(
        prison_number="A3002AA",
        first_name="Kyle",
        last_name="Moss",
        establishment=establishment,
        location=wing,
    )


def pair(scheme, mentor, supported, actor, **changes) -> Pair:
    arguments = {"started_on": timezone.localdate() - timedelta(days=10), "consent": True} | changes
    return services.pair_create(scheme=scheme, mentor=mentor, supported=supported, actor=actor, **arguments)


def test_a_coordinator_pairs_a_mentor_in_role_with_a_resident_who_agreed(
    toe_by_toe, mentor, learner, coordinator
):
    made = pair(toe_by_toe, mentor, learner, coordinator)

    assert (made.mentor, made.supported, made.consent, made.created_by) == (
        mentor,
        learner,
        True,
        coordinator,
    )
    assert made.history.first().history_user == coordinator


def test_no_pair_without_consent(toe_by_toe, mentor, learner, coordinator):
    with pytest.raises(RuleError) as refused:
        pair(toe_by_toe, mentor, learner, coordinator, consent=False)

    assert "consent" in refused.value.message_dict
    assert not Pair.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        Pair.objects.create(
            establishment=toe_by_toe.establishment,
            scheme=toe_by_toe,
            mentor=mentor,
            supported=learner,
            started_on=timezone.localdate(),
            consent=False,
            created_by=coordinator,
            created_at=timezone.now(),
        )


def test_no_pair_beyond_the_schemes_limit(toe_by_toe, mentor, learner, establishment, coordinator):
    pair(toe_by_toe, mentor, learner, coordinator)
    second = PeerWorkerFactory(prison_number="A3003AA", establishment=establishment)

    with pytest.raises(OverTheLimit, match="support 1 at a time"):
        pair(toe_by_toe, mentor, second, coordinator)
    assert Pair.objects.count() == 1


def test_a_buddy_supports_up_to_three(schemes, establishment, wing, coordinator):
    buddies = schemes["buddies"]
    buddy = PeerWorkerFactory(prison_number="A3010AA", establishment=establishment, location=wing)
    in_role(worker=buddy, scheme=buddies, actor=coordinator)
    residents = [PeerWorkerFactory(prison_number=f"A301{n}BB", establishment=establishment) for n in range(4)]

    for resident in residents[:3]:
        pair(buddies, buddy, resident, coordinator)
    with pytest.raises(OverTheLimit):
        pair(buddies, buddy, residents[3], coordinator)


def test_no_pair_across_establishments(toe_by_toe, mentor, other_establishment, coordinator):
    elsewhere = PeerWorkerFactory(prison_number="A3004AA", establishment=other_establishment)

    with pytest.raises(WrongPlace) as refused:
        pair(toe_by_toe, mentor, elsewhere, coordinator)
    assert "supported" in refused.value.message_dict
    assert not Pair.objects.exists()


def test_no_pair_in_a_scheme_that_does_not_work_one_to_one_or_for_a_mentor_not_in_role(
    schemes, toe_by_toe, learner, establishment, coordinator
):
    not_in_role = PeerWorkerFactory(prison_number="A3005AA", establishment=establishment)
    with pytest.raises(NotOneToOne):
        pair(schemes["insiders"], not_in_role, learner, coordinator)
    with pytest.raises(NotOneToOne):
        pair(toe_by_toe, not_in_role, learner, coordinator)


def test_one_session_a_day_and_held_or_why_not(toe_by_toe, mentor, learner, coordinator):
    made = pair(toe_by_toe, mentor, learner, coordinator)
    today = timezone.localdate()

    services.session_record(pair=made, on=today, held=True, minutes=30, by_worker=mentor)
    with pytest.raises(ValidationError, match="already recorded for that day"):
        services.session_record(pair=made, on=today, held=True, minutes=30, by_worker=mentor)
    with pytest.raises(RuleError) as refused:
        services.session_record(pair=made, on=today - timedelta(days=1), held=False, by_worker=mentor)
    assert "not_held_because" in refused.value.message_dict
    with pytest.raises(RuleError):
        services.session_record(
            pair=made, on=today + timedelta(days=1), held=True, minutes=30, by_worker=mentor
        )
    assert Session.objects.count() == 1


def test_a_session_recorded_by_mistake_is_archived_and_the_day_is_free_again(
    toe_by_toe, mentor, learner, coordinator
):
    made = pair(toe_by_toe, mentor, learner, coordinator)
    today = timezone.localdate()
    wrong = services.session_record(
        pair=made, on=today, held=False, not_held_because=NotHeld.NO_SPACE, by_worker=mentor
    )

    services.session_archive(session=wrong, actor=coordinator)
    right = services.session_record(pair=made, on=today, held=True, minutes=45, actor=coordinator)

    assert Session.objects.get(pk=wrong.pk).archived_by == coordinator
    assert right.recorded_by == coordinator and right.recorded_by_worker is None


def test_a_correction_keeps_what_it_said_before(toe_by_toe, mentor, learner, coordinator):
    made = pair(toe_by_toe, mentor, learner, coordinator)
    session = services.session_record(
        pair=made, on=timezone.localdate(), held=False, not_held_because=NotHeld.NO_SPACE, by_worker=mentor
    )

    services.session_correct(session=session, actor=coordinator, held=True, minutes=15)

    versions = list(Session.objects.get(pk=session.pk).history.order_by("history_date"))
    assert [(v.held, v.not_held_because) for v in versions] == [(False, NotHeld.NO_SPACE), (True, "")]
    assert versions[-1].history_user == coordinator


def test_only_the_pairs_mentor_records_on_the_kiosk(toe_by_toe, mentor, learner, coordinator, establishment):
    made = pair(toe_by_toe, mentor, learner, coordinator)
    someone_else = PeerWorkerFactory(prison_number="A3006AA", establishment=establishment)

    with pytest.raises(RuleError):
        services.session_record(
            pair=made, on=timezone.localdate(), held=True, minutes=30, by_worker=someone_else
        )


def test_ending_the_mentors_contract_ends_their_pairs(toe_by_toe, mentor, learner, coordinator):
    made = pair(toe_by_toe, mentor, learner, coordinator)
    contract = mentor.contracts.get()

    contract_end(contract=contract, reason="resigned", ended_on=timezone.localdate(), actor=coordinator)

    made.refresh_from_db()
    assert (made.ended_on, made.end_reason, made.ended_by) == (
        timezone.localdate(),
        EndReason.MENTOR_CONTRACT_ENDED,
        coordinator,
    )


def test_a_resident_who_is_released_or_a_mentor_who_moves_ends_the_pair(
    toe_by_toe, mentor, learner, coordinator, other_establishment, manager
):
    made = pair(toe_by_toe, mentor, learner, coordinator)
    peer_worker_leave_custody(worker=learner, status="released", actor=manager)
    made.refresh_from_db()
    assert made.end_reason == EndReason.LEARNER_RELEASED

    second_learner = PeerWorkerFactory(prison_number="A3007AA", establishment=mentor.establishment)
    second = pair(toe_by_toe, mentor, second_learner, coordinator)
    peer_worker_transfer(worker=mentor, to=other_establishment, actor=manager)
    second.refresh_from_db()
    assert second.end_reason in (EndReason.MENTOR_MOVED, EndReason.MENTOR_CONTRACT_ENDED)
    assert second.ended_on is not None


def test_reading_progress_and_the_finished_plan(toe_by_toe, mentor, learner, coordinator):
    made = pair(toe_by_toe, mentor, learner, coordinator)
    stages = list(ReadingStage.objects.filter(scheme=toe_by_toe))
    assert [stage.name for stage in stages] == ["Stage 1", "Stage 2", "Stage 3", "Stage 4", "Stage 5"]

    services.progress_record(pair=made, stage=stages[0], reached_on=timezone.localdate(), actor=coordinator)
    with pytest.raises(ValidationError, match="already recorded"):
        services.progress_record(
            pair=made, stage=stages[0], reached_on=timezone.localdate(), actor=coordinator
        )
    finished = services.pair_finish_plan(pair=made, finished_on=timezone.localdate(), actor=coordinator)

    assert finished.finished_plan_on == timezone.localdate()
    renamed = services.reading_stage_rename(
        stage=stages[0], name="  Sounds   and letters ", actor=coordinator
    )
    assert renamed.name == "Sounds and letters"


def test_a_pair_ends_with_a_reason_and_never_before_it_started(toe_by_toe, mentor, learner, coordinator):
    made = pair(toe_by_toe, mentor, learner, coordinator)
    with pytest.raises(RuleError):
        services.pair_end(pair=made, reason=EndReason.OTHER, actor=coordinator)
    with pytest.raises(RuleError):
        services.pair_end(
            pair=made,
            reason=EndReason.COMPLETED,
            actor=coordinator,
            ended_on=made.started_on - timedelta(days=1),
        )
    with pytest.raises(RuleError):
        services.pair_end(pair=made, reason=EndReason.MENTOR_MOVED, actor=coordinator)

    ended = services.pair_end(pair=made, reason=EndReason.COMPLETED, actor=coordinator)
    assert (ended.end_reason, ended.ended_by) == (EndReason.COMPLETED, coordinator)

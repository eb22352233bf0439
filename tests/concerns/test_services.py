"""The life of a concern, through its services: raised, with a department, answered, closed; or not
taken forward, or passed to the discrimination process. Every step keeps who and when."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Role
from concerns import services
from concerns.models import Concern, ConcernEvent, Department, Topic
from concerns.rules import NotAllowed, NotForThisRole, TooManyConcerns, WrongStep
from establishments.models import Establishment
from flags.models import Flag
from schemes.models import Scheme
from schemes.rules import RuleError
from schemes.services.schemes import scheme_presets_ensure
from tests.concerns.helpers import in_role, raised_concern
from tests.factories import UserFactory

Event = ConcernEvent.Kind


@pytest.fixture
def concern(health_concern: Concern) -> Concern:
    """Here `concern` is Aisha Khan's concern about health (conftest's `health_concern`)."""
    return health_concern


def _kinds(concern: Concern) -> list[str]:
    return list(concern.events.values_list("kind", flat=True))


def test_a_new_establishment_gets_the_default_departments_and_topics_once(system_admin):
    prison = Establishment.objects.create(name="HMP Westfield", code="WFD", category="C")

    scheme_presets_ensure(establishment=prison, actor=system_admin)
    scheme_presets_ensure(establishment=prison, actor=system_admin)

    names = set(Department.objects.filter(establishment=prison).values_list("name", flat=True))
    assert {"Healthcare", "Equalities", "Safer custody", "Offender management"} <= names
    assert Department.objects.filter(establishment=prison).count() == len(names) == 12
    discrimination = Topic.objects.get(establishment=prison, name="Discrimination")
    assert discrimination.department.name == "Equalities" and discrimination.asks_protected_characteristic


def test_a_concern_goes_to_its_topics_department_due_its_days_after_today(
    equality_rep, health, healthcare_owner
):
    concern = raised_concern(equality_rep, health)

    assert concern.department.name == "Healthcare" and concern.department.owner == healthcare_owner
    assert concern.status == Concern.Status.RAISED
    assert concern.due_on == timezone.localdate() + timedelta(days=health.answer_within_days)
    raised = concern.events.get()
    assert (raised.kind, raised.by_worker, raised.by_user) == (Event.RAISED, equality_rep.worker, None)


def test_a_resident_is_named_only_when_they_agreed(equality_rep, health):
    unnamed = raised_concern(
        equality_rep,
        health,
        resident_agreed_to_be_named=False,
        resident_name="John Smith",
        resident_prison_number="B1234CD",
    )
    named = raised_concern(
        equality_rep,
        health,
        resident_agreed_to_be_named=True,
        resident_name="John Smith",
        resident_prison_number="b1234cd",
    )

    assert (unnamed.resident_name, unnamed.resident_prison_number) == ("", "")
    assert (named.resident_name, named.resident_prison_number) == ("John Smith", "B1234CD")
    with pytest.raises(IntegrityError), transaction.atomic():
        Concern.objects.filter(pk=unnamed.pk).update(resident_name="John Smith")


def test_a_listener_contract_alone_cannot_raise_a_concern(active_contract, health):
    with pytest.raises(NotForThisRole):
        raised_concern(active_contract, health)

    assert not Concern.objects.exists()


def test_listeners_can_never_be_set_to_carry_concerns(listeners):
    listeners.raises_concerns = True
    with pytest.raises(ValidationError, match="stays with the Listener"):
        listeners.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Scheme.objects.filter(pk=listeners.pk).update(raises_concerns=True)


def test_the_schemes_that_carry_concerns_by_default(schemes):
    carrying = {preset for preset, scheme in schemes.items() if scheme.raises_concerns}

    assert carrying == {
        "equality-representatives",
        "insiders",
        "prison-advice-line",
        "buddies",
        "drug-peer-mentors",
    }


def test_a_discrimination_concern_says_which_protected_characteristic(equality_rep, establishment):
    discrimination = Topic.objects.get(establishment=establishment, name="Discrimination")
    with pytest.raises(RuleError) as refused:
        raised_concern(equality_rep, discrimination)
    assert "protected_characteristic" in refused.value.message_dict

    concern = raised_concern(equality_rep, discrimination, protected_characteristic="religion")
    assert concern.get_protected_characteristic_display() == "Religion or belief"


def test_a_peer_worker_raises_at_most_the_daily_allowance(equality_rep, health, settings):
    settings.CONCERNS_PER_DAY = 2
    raised_concern(equality_rep, health)
    raised_concern(equality_rep, health)

    with pytest.raises(TooManyConcerns):
        raised_concern(equality_rep, health)
    assert Concern.objects.count() == 2
    raised_concern(equality_rep, health, now=timezone.now() + timedelta(days=1, minutes=1))


def test_the_owner_takes_it_on_and_answers_and_the_overdue_flag_closes(concern, healthcare_owner):
    later = timezone.now() + timedelta(days=concern.deadline_days + 2)
    services.concerns_overdue_sync(now=later)
    assert Flag.objects.get(kind=Flag.Kind.CONCERN_OVERDUE, resolved_at=None).concern == concern

    services.concern_take(concern=concern, actor=healthcare_owner)
    answered = services.concern_answer(
        concern=concern, actor=healthcare_owner, answer="The evening round now starts at 17:15."
    )

    assert answered.status == Concern.Status.ANSWERED and answered.answered_by == healthcare_owner
    assert not Flag.objects.filter(kind=Flag.Kind.CONCERN_OVERDUE, resolved_at=None).exists()
    assert _kinds(answered) == [Event.RAISED, Event.TAKEN, Event.ANSWERED]
    assert answered.history.first().history_user == healthcare_owner


def test_only_the_department_or_safer_custody_may_answer(concern, wing_officer, safer_custody_officer):
    with pytest.raises(NotAllowed):
        services.concern_answer(concern=concern, actor=wing_officer, answer="Not mine to answer")

    services.concern_answer(concern=concern, actor=safer_custody_officer, answer="Healthcare is on it.")
    assert Concern.objects.get(pk=concern.pk).answered_by == safer_custody_officer


def test_a_deputy_may_answer(concern, establishment):
    deputy = UserFactory(username="deputy", role=Role.WING_OFFICER)
    deputy.establishments.add(establishment)
    concern.department.deputies.add(deputy)

    services.concern_answer(concern=concern, actor=deputy, answer="Booked with the dentist.")


def test_forwarding_moves_it_with_a_staff_only_note_and_keeps_the_due_day(concern, healthcare_owner, manager):
    catering = Department.objects.get(establishment=concern.establishment, name="Catering")

    forwarded = services.concern_forward(
        concern=concern, actor=healthcare_owner, department=catering, note="It is about meal times."
    )

    assert forwarded.department == catering and forwarded.due_on == concern.due_on
    event = forwarded.events.get(kind=Event.FORWARDED)
    assert (event.from_department.name, event.to_department, event.for_worker) == (
        "Healthcare",
        catering,
        False,
    )
    with pytest.raises(NotAllowed):  # no longer Healthcare's
        services.concern_answer(concern=forwarded, actor=healthcare_owner, answer="Done")


def test_a_rejected_step_changes_nothing(concern, healthcare_owner):
    with pytest.raises(RuleError):
        services.concern_answer(concern=concern, actor=healthcare_owner, answer="   ")
    with pytest.raises(RuleError):
        services.concern_decline(concern=concern, actor=healthcare_owner, reason="")

    assert Concern.objects.get(pk=concern.pk).status == Concern.Status.RAISED
    assert _kinds(concern) == [Event.RAISED]


def test_declined_and_referred_concerns_are_finished(equality_rep, health, healthcare_owner, manager):
    declined = services.concern_decline(
        concern=raised_concern(equality_rep, health), actor=healthcare_owner, reason="Visits start on time."
    )
    referred = services.concern_refer(
        concern=raised_concern(equality_rep, health),
        actor=manager,
        reference="DIRF 2026/114",
        referred_on=timezone.localdate(),
    )

    assert (declined.status, referred.status) == (Concern.Status.DECLINED, Concern.Status.REFERRED)
    assert not declined.is_open and not referred.is_open
    with pytest.raises(WrongStep):
        services.concern_answer(concern=declined, actor=healthcare_owner, answer="After all")


def test_a_referral_date_must_be_between_raising_and_today(concern, manager):
    with pytest.raises(RuleError) as refused:
        services.concern_refer(
            concern=concern,
            actor=manager,
            reference="DIRF 1",
            referred_on=timezone.localdate() + timedelta(days=1),
        )
    assert "referred_on" in refused.value.message_dict


def test_the_peer_worker_sends_one_follow_up(concern, equality_rep):
    services.concern_follow_up(
        concern=concern, worker=equality_rep.worker, text="It happened again last night."
    )

    with pytest.raises(WrongStep):
        services.concern_follow_up(concern=concern, worker=equality_rep.worker, text="And again")
    assert concern.events.filter(kind=Event.FOLLOW_UP).count() == 1


def test_not_sorted_reopens_once_with_a_fresh_deadline_then_closes(concern, equality_rep, healthcare_owner):
    worker = equality_rep.worker
    services.concern_answer(concern=concern, actor=healthcare_owner, answer="Round moved to 17:15.")

    reopened = services.concern_verdict(concern=concern, worker=worker, sorted_out=False)
    assert reopened.is_awaiting_answer and reopened.reopened_at is not None
    assert reopened.due_on == timezone.localdate() + timedelta(days=concern.deadline_days)

    services.concern_answer(concern=reopened, actor=healthcare_owner, answer="Checked: it is 17:15 now.")
    closed = services.concern_verdict(concern=reopened, worker=worker, sorted_out=False)

    assert (closed.status, closed.verdict) == (Concern.Status.CLOSED, Concern.Verdict.NOT_SORTED)
    assert _kinds(closed).count(Event.NOT_SORTED) == 1


def test_sorted_closes_it(concern, equality_rep, healthcare_owner):
    services.concern_answer(concern=concern, actor=healthcare_owner, answer="Round moved to 17:15.")

    closed = services.concern_verdict(concern=concern, worker=equality_rep.worker, sorted_out=True)

    assert (closed.status, closed.verdict) == (Concern.Status.CLOSED, Concern.Verdict.SORTED)
    assert closed.events.last().by_worker == equality_rep.worker


def test_no_verdict_before_an_answer_and_only_the_raiser_gives_it(
    concern, equality_rep, establishment, schemes, coordinator
):
    with pytest.raises(WrongStep):
        services.concern_verdict(concern=concern, worker=equality_rep.worker, sorted_out=True)
    from tests.factories import PeerWorkerFactory

    other = in_role(
        worker=PeerWorkerFactory(prison_number="A3456DE", establishment=establishment),
        scheme=schemes["insiders"],
        actor=coordinator,
    )
    with pytest.raises(NotAllowed):
        services.concern_follow_up(concern=concern, worker=other.worker, text="Not mine")


def test_what_is_published_names_nobody(equality_rep, health, healthcare_owner):
    concern = raised_concern(
        equality_rep,
        health,
        resident_agreed_to_be_named=True,
        resident_name="John Smith",
        resident_prison_number="B1234CD",
    )
    services.concern_answer(concern=concern, actor=healthcare_owner, answer="Seen by the dentist.")

    for problem in ("John Smith waited for the dentist", "b1234cd waited for the dentist"):
        with pytest.raises(RuleError, match="names nobody"):
            services.concern_publish(
                concern=concern,
                actor=healthcare_owner,
                may_publish=True,
                public_problem=problem,
                public_action="Seen.",
            )
    published = services.concern_publish(
        concern=concern,
        actor=healthcare_owner,
        may_publish=True,
        public_problem="Long waits for the dentist.",
        public_action="An extra dental clinic each week.",
    )
    assert published.may_publish


def test_a_department_with_topics_or_open_concerns_cannot_be_retired(concern, manager):
    healthcare = concern.department
    with pytest.raises(RuleError, match="topics"):
        services.department_retire(department=healthcare, actor=manager)

    security = Department.objects.get(establishment=concern.establishment, name="Security")
    retired = services.department_retire(department=security, actor=manager)
    assert retired.archived_by == manager and Department.objects.filter(pk=security.pk).exists()

"""Fixtures for the concerns reports' tests: establishment A with its default departments and
topics, Ryan Ellis (the `worker`) as an Equality Representative, and helpers that raise, answer and
publish concerns through the services at times built from the clock the test runs under.

Imported by the reports' test modules (`from tests.concerns.reports_world import *`).
"""

from datetime import date, datetime, time

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from concerns import services
from concerns.models import Concern, Department, Topic
from concerns.reports import month_start
from establishments.models import Establishment, Location
from schemes.models import Contract, PeerWorker
from schemes.services.schemes import scheme_presets_ensure
from tests.concerns.helpers import in_role
from tests.factories import LocationFactory, PeerWorkerFactory, UserFactory

__all__ = [
    "at",
    "b_wing",
    "carrier",
    "catering_owner",
    "concern_maker",
    "last_month",
    "other_carrier",
    "topics_of",
]


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A UK time on `day`."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def last_month() -> date:
    """The first day of last month, by the clock the test runs under."""
    return month_start(timezone.localdate()) - relativedelta(months=1)


def _carrying_contract(worker: PeerWorker, establishment: Establishment, actor) -> Contract:
    scheme_presets_ensure(establishment=establishment, actor=actor)
    scheme = establishment.schemes.get(preset="equality-representatives")
    return in_role(worker=worker, scheme=scheme, actor=actor, days_ago=400)


@pytest.fixture
def topics_of(system_admin):
    """`topics_of(establishment)`: its default topics by name, made on first use."""

    def topics(establishment: Establishment) -> dict[str, Topic]:
        services.concern_defaults_ensure(establishment=establishment, actor=system_admin)
        return {topic.name: topic for topic in Topic.objects.filter(establishment=establishment)}

    return topics


@pytest.fixture
def carrier(worker, establishment, system_admin, settings):
    """Ryan Ellis's open Equality Representative role. The daily allowance is lifted: the tests
    raise a month's concerns at once."""
    settings.CONCERNS_PER_DAY = 10_000
    return _carrying_contract(worker, establishment, system_admin)


@pytest.fixture
def b_wing(establishment):
    return LocationFactory(establishment=establishment, name="B wing")


@pytest.fixture
def other_carrier(other_establishment, other_wing, settings):
    settings.CONCERNS_PER_DAY = 10_000
    actor = UserFactory(username="bravo-admin", role="system_admin", establishments=[other_establishment])
    worker = PeerWorkerFactory(
        prison_number="Z8888ZZ",
        first_name="Kai",
        last_name="Moss",
        establishment=other_establishment,
        location=other_wing,
    )
    return _carrying_contract(worker, other_establishment, actor)


@pytest.fixture
def catering_owner(establishment, topics_of, manager):
    """A wing officer who owns Catering: sees Food concerns only."""
    topics_of(establishment)
    owner = UserFactory(username="catering", role="wing_officer", establishments=[establishment])
    catering = Department.objects.get(establishment=establishment, name="Catering")
    catering.owner = owner
    services.department_save(department=catering, actor=manager)
    return owner


@pytest.fixture
def concern_maker(topics_of, system_admin):
    """`concern_maker(contract, topic, wing, raised_at, ...)`: a concern raised, and then, as asked,
    answered (`answered_at`), published (`published=(problem, action)`) or declined."""

    def make(
        contract: Contract,
        topic: str,
        wing: Location,
        raised_at: datetime,
        *,
        answered_at: datetime | None = None,
        declined_at: datetime | None = None,
        published: tuple[str, str] | None = None,
        problem: str = "Something on the wing needs sorting.",
        answer: str = "It was sorted.",
        resident: tuple[str, str] | None = None,
    ) -> Concern:
        establishment = contract.scheme.establishment
        concern = services.concern_raise(
            worker=contract.worker,
            contract=contract,
            topic=topics_of(establishment)[topic],
            location=wing,
            affects=Concern.Affects.ONE,
            problem=problem,
            resident_agreed_to_be_named=resident is not None,
            resident_name=resident[0] if resident else "",
            resident_prison_number=resident[1] if resident else "",
            protected_characteristic="religion" if topic == "Discrimination" else "",
            now=raised_at,
        )
        if answered_at is not None:
            concern = services.concern_answer(
                concern=concern, actor=system_admin, answer=answer, now=answered_at
            )
        if declined_at is not None:
            concern = services.concern_decline(
                concern=concern, actor=system_admin, reason="Not for us.", now=declined_at
            )
        if published is not None:
            concern = services.concern_publish(
                concern=concern,
                actor=system_admin,
                may_publish=True,
                public_problem=published[0],
                public_action=published[1],
                now=answered_at,
            )
        return concern

    return make

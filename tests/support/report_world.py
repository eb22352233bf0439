"""Fixtures for the stumbling-blocks report's tests: Toe by Toe at establishment A, led by the
coordinator, with two pairs (a learner on A wing, one on B wing), and sessions recorded through
the services on days built from the clock the test runs under.

Imported by the report's test modules (`from tests.support.report_world import *`).
"""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from peerwork.dates import monday_of
from schemes.models import Scheme
from schemes.services.schemes import scheme_lead_add, scheme_presets_ensure
from support import services
from support.models import NotHeld, Pair
from tests.factories import LocationFactory, PeerWorkerFactory, UserFactory

__all__ = [
    "b_wing",
    "other_pair",
    "pair_maker",
    "record",
    "sessions",
    "toe_by_toe",
    "weeks_ago",
]

PAIRED_DAYS_AGO = 200  # every pair started before the longest report (26 weeks) begins


def weeks_ago(weeks: int, weekday: int = 0) -> date:
    """A day `weeks` weeks before this one (0: Monday), by the clock the test runs under."""
    return monday_of(timezone.localdate()) - timedelta(weeks=weeks) + timedelta(days=weekday)


def _in_role(worker, scheme: Scheme, actor) -> None:
    from tests.concerns.helpers import in_role

    in_role(worker=worker, scheme=scheme, actor=actor, days_ago=PAIRED_DAYS_AGO + 10)


@pytest.fixture
def toe_by_toe(schemes, coordinator, system_admin) -> Scheme:
    """Toe by Toe, led by the coordinator (who does not lead Buddies, another one-to-one scheme)."""
    scheme = schemes["toe-by-toe"]
    scheme_lead_add(scheme=scheme, user=coordinator, actor=system_admin)
    return scheme


@pytest.fixture
def b_wing(establishment):
    return LocationFactory(establishment=establishment, name="B wing")


@pytest.fixture
def pair_maker(system_admin):
    """`pair_maker(scheme, learner_wing)`: a new mentor in role paired with a new learner there."""

    def make(scheme: Scheme, learner_wing, actor=None) -> Pair:
        actor = actor or system_admin
        mentor = PeerWorkerFactory(establishment=scheme.establishment, location=learner_wing)
        learner = PeerWorkerFactory(establishment=scheme.establishment, location=learner_wing)
        _in_role(mentor, scheme, actor)
        return services.pair_create(
            scheme=scheme,
            mentor=mentor,
            supported=learner,
            started_on=timezone.localdate() - timedelta(days=PAIRED_DAYS_AGO),
            consent=True,
            actor=actor,
        )

    return make


def record(pair: Pair, on: date, because: str = "", *, actor):
    """A session held (30 minutes) when `because` is blank, else not held for that reason."""
    return services.session_record(
        pair=pair,
        on=on,
        held=not because,
        minutes=None if because else 30,
        not_held_because=because,
        actor=actor,
    )


@pytest.fixture
def sessions(toe_by_toe, wing, b_wing, pair_maker, coordinator):
    """Two pairs of Toe by Toe, seen from today (this week, last week, two weeks ago):

    - A wing: held today, last Monday and Monday two weeks ago; not held last Tuesday (the mentor
      was not unlocked) and last Wednesday (the learner was not); last Thursday held but
      archived (recorded by mistake).
    - B wing: not held last Monday (the learner was not unlocked) and Tuesday two weeks ago (a
      clash with the regime); held on the Monday nine weeks ago (only in the 12 and 26 weeks).
    """
    a_pair, b_pair = pair_maker(toe_by_toe, wing), pair_maker(toe_by_toe, b_wing)
    record(a_pair, timezone.localdate(), actor=coordinator)
    record(a_pair, weeks_ago(1), actor=coordinator)
    record(a_pair, weeks_ago(2), actor=coordinator)
    record(a_pair, weeks_ago(1, 1), NotHeld.MENTOR_NOT_UNLOCKED, actor=coordinator)
    record(a_pair, weeks_ago(1, 2), NotHeld.LEARNER_NOT_UNLOCKED, actor=coordinator)
    mistake = record(a_pair, weeks_ago(1, 3), actor=coordinator)
    services.session_archive(session=mistake, actor=coordinator)
    record(b_pair, weeks_ago(1), NotHeld.LEARNER_NOT_UNLOCKED, actor=coordinator)
    record(b_pair, weeks_ago(2, 1), NotHeld.REGIME_CLASH, actor=coordinator)
    record(b_pair, weeks_ago(9), actor=coordinator)
    return SimpleNamespace(a_pair=a_pair, b_pair=b_pair)


@pytest.fixture
def other_pair(other_establishment, other_wing, pair_maker):
    """Toe by Toe at establishment B, with a session held last Monday and one not held today."""
    actor = UserFactory(username="bravo-admin", role="system_admin", establishments=[other_establishment])
    scheme_presets_ensure(establishment=other_establishment, actor=actor)
    scheme = other_establishment.schemes.get(preset="toe-by-toe")
    pair = pair_maker(scheme, other_wing, actor=actor)
    record(pair, weeks_ago(1), actor=actor)
    record(pair, timezone.localdate(), NotHeld.NO_SPACE, actor=actor)
    return pair

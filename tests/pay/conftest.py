"""A pay week three weeks before the clock's today (Monday to Sunday, over by the time the tests
run), Buddies paying £8.00 a week from well before it, and helpers that issue paid contracts."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from peerwork.dates import monday_of
from schemes.models import Contract, PeerWorker, Scheme
from schemes.services import contracts
from schemes.services.schemes import scheme_rate_set
from tests.factories import PeerWorkerFactory

LONDON = ZoneInfo("Europe/London")


@dataclass
class Kit:
    monday: date
    establishment: object
    manager: object
    time_machine: object

    def day(self, offset: int) -> date:
        """The week's Monday plus `offset` days (3 is Thursday, 7 the next Monday)."""
        return self.monday + timedelta(days=offset)

    def person(self, number: str) -> PeerWorker:
        return PeerWorkerFactory(prison_number=number, establishment=self.establishment, last_name=number)

    def contract(
        self,
        worker: PeerWorker,
        scheme: Scheme,
        *,
        start: date,
        end: date | None = None,
        own: int | None = None,
    ) -> Contract:
        contract = contracts.contract_issue(
            worker=worker,
            scheme=scheme,
            actor=self.manager,
            start_date=start,
            end_date=end,
            weekly_pay_pence=own,
        )
        return contracts.contract_sign(
            contract=contract, signed_on=start, witnessed_by=self.manager, actor=self.manager
        )

    def rate(self, scheme: Scheme, pence: int, *, start: date) -> None:
        scheme_rate_set(scheme=scheme, weekly_rate_pence=pence, effective_from=start, actor=self.manager)

    def travel_to(self, day: date) -> None:
        """The clock on `day` at 10:00 in London (a renewal starts on the day it is made)."""
        self.time_machine.move_to(datetime.combine(day, time(10), tzinfo=LONDON), tick=False)


@pytest.fixture
def kit(establishment, manager, schemes, time_machine) -> Kit:
    monday = monday_of(timezone.localdate()) - timedelta(days=21)
    made = Kit(monday=monday, establishment=establishment, manager=manager, time_machine=time_machine)
    made.rate(schemes["buddies"], 800, start=monday - timedelta(days=60))
    return made

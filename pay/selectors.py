"""The weekly pay sheet: every paid contract in effect on any day of an ISO week (Monday to
Sunday), what it was paid each day, and the totals.

Each day's facts come from the one definition of each: `Contract.objects.in_effect_on` (in the
role that day), `Suspension.objects.in_force_on` (suspended that day) and `scheme_rate_on` (the
scheme's rate that day), asked of every contract of the week in one query, seven days at once.

Pro rata by day: a row's amount is the sum, over its paid days, of the weekly rate in force that
day, divided by 7 and rounded half up to a whole penny once (so a whole week at one rate is exactly
the weekly rate). Days under an unpaid suspension are not paid; under a paid one they are.

A confirmed week (PayWeek) shows its frozen lines instead, whatever has changed since.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby
from typing import Protocol

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from establishments.models import Establishment
from pay.models import PayLine, PayWeek
from peerwork.formats import money, short_date
from schemes.models import Contract, Scheme, SchemeRate, Suspension, scheme_rate_on

DAYS = 7


class Line(Protocol):
    """A row of the sheet: computed (SheetLine) or frozen when the week was confirmed (PayLine)."""

    @property
    def contract_id(self) -> int: ...

    @property
    def scheme_id(self) -> int: ...

    @property
    def worker_name(self) -> str: ...

    @property
    def prison_number(self) -> str: ...

    @property
    def scheme_name(self) -> str: ...

    @property
    def days_in_role(self) -> int: ...

    @property
    def days_in_role_text(self) -> str: ...

    @property
    def rates_text(self) -> str: ...

    @property
    def suspensions_text(self) -> str: ...

    @property
    def days_paid(self) -> int: ...

    @property
    def amount_pence(self) -> int: ...


@dataclass(frozen=True)
class SheetLine:
    contract_id: int
    scheme_id: int
    worker_name: str
    prison_number: str
    scheme_name: str
    days_in_role: int
    days_in_role_text: str
    rates_text: str
    suspensions_text: str
    days_paid: int
    amount_pence: int
    missing_rate: bool = False


@dataclass(frozen=True)
class SchemeTotal:
    scheme_name: str
    contracts: int
    amount_pence: int


@dataclass(frozen=True)
class PaySheet:
    establishment: Establishment
    starts_on: date
    lines: Sequence[Line]
    confirmed: PayWeek | None

    @property
    def ends_on(self) -> date:
        return self.starts_on + timedelta(days=DAYS - 1)

    @property
    def total_pence(self) -> int:
        return sum(line.amount_pence for line in self.lines)

    @property
    def scheme_totals(self) -> list[SchemeTotal]:
        totals = []
        for name, lines in groupby(self.lines, key=lambda line: line.scheme_name):
            rows = list(lines)
            totals.append(SchemeTotal(name, len(rows), sum(line.amount_pence for line in rows)))
        return totals

    @property
    def missing_rates(self) -> list[str]:
        """Schemes with a paid day before their first rate was set: paid nothing for those days."""
        return sorted({line.scheme_name for line in self.lines if getattr(line, "missing_rate", False)})

    def has_ended(self, today: date) -> bool:
        return self.ends_on < today


def week_days(starts_on: date) -> list[date]:
    return [starts_on + timedelta(days=offset) for offset in range(DAYS)]


def amount_for(day_rates: Sequence[int]) -> int:
    """The pay for the paid days whose weekly rates are `day_rates`: their sum over 7, rounded half
    up to a whole penny once. Seven days at 700 is 700; three at 800 is 2400/7 = 342.86, so 343."""
    return (2 * sum(day_rates) + DAYS) // (2 * DAYS)


def _runs(days: Sequence[date]) -> list[tuple[date, date]]:
    """Consecutive days as (first, last) runs."""
    runs: list[tuple[date, date]] = []
    for day in days:
        if runs and runs[-1][1] + timedelta(days=1) == day:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _weekday_runs(days: Sequence[date]) -> str:
    """ "Mon to Sun", "Wed to Sun", "Mon, Thu to Sun"."""
    return ", ".join(
        f"{first:%a}" if first == last else f"{first:%a} to {last:%a}" for first, last in _runs(days)
    )


def _rates_text(day_rates: list[tuple[date, int | None]]) -> str:
    """ "£7.00", or each rate with its days when the rate changed during the week."""
    by_rate = [(rate, [day for day, _ in group]) for rate, group in groupby(day_rates, key=lambda dr: dr[1])]
    if len(by_rate) == 1:
        rate = by_rate[0][0]
        return money(rate) if rate is not None else "No rate set"
    return "; ".join(
        f"{money(rate) if rate is not None else 'no rate set'} ({_weekday_runs(days)})"
        for rate, days in by_rate
    )


def _suspension_text(suspension: Suspension) -> str:
    """ "Unpaid suspension from 3 Dec to 7 Dec": to its planned end, or the day before it was lifted."""
    last_days = []
    if suspension.ends_on is not None:
        last_days.append(suspension.ends_on)
    if suspension.lifted_on is not None:
        last_days.append(suspension.lifted_on - timedelta(days=1))
    until = f" to {short_date(min(last_days))}" if last_days else ", no end date yet"
    kind = "Paid" if suspension.is_paid else "Unpaid"
    return f"{kind} suspension from {short_date(suspension.starts_on)}{until}"


def _contracts_of_the_week(establishment: Establishment, days: list[date]) -> QuerySet[Contract]:
    """The paid contracts that may be in effect on a day of the week, each annotated day by day:
    in_role_N, unpaid_N (an unpaid suspension in force) and scheme_rate_N, for N from 0 (Monday)."""
    annotations: dict = {}
    for n, day in enumerate(days):
        annotations[f"in_role_{n}"] = Exists(Contract.objects.filter(pk=OuterRef("pk")).in_effect_on(day))
        # Asked of the worker's contracts in the scheme, not this contract alone: a renewal carries a
        # suspension in force over to the new contract, and it still held the old one's days.
        annotations[f"unpaid_{n}"] = Exists(
            Suspension.objects.filter(
                contract__worker=OuterRef("worker"), contract__scheme=OuterRef("scheme"), is_paid=False
            ).in_force_on(day)
        )
        annotations[f"scheme_rate_{n}"] = scheme_rate_on(day)
    return (
        Contract.objects.filter(
            scheme__establishment=establishment, start_date__lte=days[-1], end_date__gt=days[0]
        )
        .filter(Q(weekly_pay_pence__gt=0) | Q(weekly_pay_pence__isnull=True, scheme__is_paid=True))
        .exclude(ended_on__lte=days[0])
        .select_related("worker", "scheme")
        .annotate(**annotations)
        .order_by("scheme__name", "worker__last_name", "worker__first_name", "start_date", "pk")
    )


def _suspensions_of_the_week(
    contracts: list[Contract], days: list[date]
) -> dict[tuple[int, int], list[Suspension]]:
    """The suspensions in force on some day of the week, by (worker, scheme)."""
    found: dict[tuple[int, int], list[Suspension]] = defaultdict(list)
    suspensions = (
        Suspension.objects.filter(
            contract__worker__in={c.worker_id for c in contracts},
            contract__scheme__in={c.scheme_id for c in contracts},
            starts_on__lte=days[-1],
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=days[0]))
        .filter(Q(lifted_on__isnull=True) | Q(lifted_on__gt=days[0]))
        .exclude(lifted_on__lte=F("starts_on"))
        .select_related("contract")
        .order_by("starts_on", "pk")
    )
    for suspension in suspensions:
        found[(suspension.contract.worker_id, suspension.contract.scheme_id)].append(suspension)
    return found


def _line(contract: Contract, days: list[date], suspensions: list[Suspension]) -> SheetLine | None:
    in_role = [day for n, day in enumerate(days) if getattr(contract, f"in_role_{n}")]
    if not in_role:
        return None
    rate_of = {
        day: contract.weekly_pay_pence
        if contract.weekly_pay_pence is not None
        else getattr(contract, f"scheme_rate_{n}")
        for n, day in enumerate(days)
    }
    paid = [day for n, day in enumerate(days) if day in in_role and not getattr(contract, f"unpaid_{n}")]
    rates = [(day, rate_of[day]) for day in in_role]
    shown = [s for s in suspensions if s.starts_on <= in_role[-1]]
    return SheetLine(
        contract_id=contract.pk,
        scheme_id=contract.scheme_id,
        worker_name=contract.worker.full_name,
        prison_number=contract.worker.prison_number,
        scheme_name=contract.scheme.name,
        days_in_role=len(in_role),
        days_in_role_text=_weekday_runs(in_role),
        rates_text=_rates_text(rates),
        suspensions_text="; ".join(_suspension_text(s) for s in shown),
        days_paid=len(paid),
        amount_pence=amount_for([rate_of[day] or 0 for day in paid]),
        missing_rate=any(rate_of[day] is None for day in paid),
    )


def pay_sheet_compute(*, establishment: Establishment, starts_on: date) -> list[SheetLine]:
    """The week's lines as the records stand now (two queries, whatever the number of contracts)."""
    days = week_days(starts_on)
    contracts = list(_contracts_of_the_week(establishment, days))
    suspensions = _suspensions_of_the_week(contracts, days) if contracts else {}
    lines = (_line(c, days, suspensions.get((c.worker_id, c.scheme_id), [])) for c in contracts)
    return [line for line in lines if line is not None]


def pay_sheet(*, establishment: Establishment, starts_on: date) -> PaySheet:
    """The week's sheet: frozen if the week was confirmed, else computed from the records now."""
    confirmed = (
        PayWeek.objects.filter(establishment=establishment, starts_on=starts_on)
        .select_related("confirmed_by")
        .first()
    )
    lines: Sequence[Line]
    if confirmed is not None:
        lines = list(PayLine.objects.filter(week=confirmed).order_by("pk"))  # as they were confirmed
    else:
        lines = pay_sheet_compute(establishment=establishment, starts_on=starts_on)
    return PaySheet(establishment=establishment, starts_on=starts_on, lines=lines, confirmed=confirmed)


def paid_scheme_get(*, establishment: Establishment, pk: int) -> Scheme:
    return get_object_or_404(Scheme.objects.filter(establishment=establishment), pk=pk)


def scheme_rates(*, scheme: Scheme) -> list[SchemeRate]:
    """The scheme's rates, the latest to take effect first, with who set each."""
    return list(scheme.rates.select_related("set_by").order_by("-effective_from"))

"""Confirming a pay week, and the establishment's bounds on weekly rates. (Rates themselves are set
by schemes.services.schemes.scheme_rate_set; a contract's own rate by contract_issue.)"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from establishments.models import Establishment
from pay.models import PayLine, PayWeek
from pay.selectors import DAYS, pay_sheet_compute
from peerwork.formats import long_date
from peerwork.records import save
from schemes.rules import RuleError


@transaction.atomic
def pay_week_confirm(*, establishment: Establishment, starts_on: date, actor: User) -> PayWeek:
    """Freeze the week's sheet as it stands: its lines never change after, whatever later happens
    to rates, contracts or suspensions. Only a week that has ended (after its Sunday). Confirming
    a week already confirmed changes nothing and returns it, so two identical submits are one."""
    if starts_on.weekday() != 0:
        raise RuleError("A pay week starts on a Monday.")
    sunday = starts_on + timedelta(days=DAYS - 1)
    if sunday >= timezone.localdate():
        raise RuleError(
            f"This week can be confirmed once it has ended, from {long_date(sunday + timedelta(days=1))}."
        )
    # One confirmation at a time per establishment: the second of two identical submits waits here
    # and then finds the week confirmed.
    Establishment.objects.select_for_update(no_key=True).get(pk=establishment.pk)
    existing = PayWeek.objects.filter(establishment=establishment, starts_on=starts_on).first()
    if existing is not None:
        return existing
    week = PayWeek(
        establishment=establishment, starts_on=starts_on, confirmed_by=actor, confirmed_at=timezone.now()
    )
    save(week, actor=actor, reason="Pay week confirmed")
    lines = pay_sheet_compute(establishment=establishment, starts_on=starts_on)
    # The frozen copy of what the sheet showed, written once and never changed (no history needed).
    PayLine.objects.bulk_create(
        PayLine(
            week=week,
            contract_id=line.contract_id,
            scheme_id=line.scheme_id,
            worker_name=line.worker_name,
            prison_number=line.prison_number,
            scheme_name=line.scheme_name,
            days_in_role=line.days_in_role,
            days_in_role_text=line.days_in_role_text,
            rates_text=line.rates_text,
            suspensions_text=line.suspensions_text,
            days_paid=line.days_paid,
            amount_pence=line.amount_pence,
        )
        for line in lines
    )
    return week


@transaction.atomic
def pay_bounds_set(
    *, establishment: Establishment, min_pence: int, max_pence: int, actor: User
) -> Establishment:
    """The lowest and highest weekly rate a scheme or contract here may pay. Rates already set keep
    their value; the bounds apply to rates set from now on."""
    if min_pence <= 0:
        raise RuleError({"pay_min": "The lowest weekly rate must be more than £0.00."})
    if min_pence > max_pence:
        raise RuleError({"pay_max": "The highest weekly rate must be at least the lowest."})
    establishment = Establishment.objects.select_for_update(no_key=True).get(pk=establishment.pk)
    establishment.pay_min_weekly_pence = min_pence
    establishment.pay_max_weekly_pence = max_pence
    save(establishment, actor=actor, reason="Pay bounds changed")
    return establishment

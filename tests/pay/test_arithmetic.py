"""The pay arithmetic on a table of cases, each with its amount worked out by hand.

A row pays the sum over its paid days of the weekly rate in force that day, divided by 7, rounded
half up to a whole penny once. Buddies pay £8.00 a week (kit): a day is 114.29p.
"""

from collections.abc import Callable

import pytest

from pay.selectors import amount_for, pay_sheet_compute
from peerwork.formats import short_date
from schemes.services import contracts


def _lines(kit, week: int = 0) -> list[tuple[str, str, int, int]]:
    """(prison number, scheme, days paid, pence) for each line of the week `week` weeks on."""
    lines = pay_sheet_compute(establishment=kit.establishment, starts_on=kit.day(7 * week))
    return [(line.prison_number, line.scheme_name, line.days_paid, line.amount_pence) for line in lines]


def whole_week(kit, schemes):
    kit.contract(kit.person("A0001AA"), schemes["buddies"], start=kit.day(-30))
    # 7 x 800 / 7 = 800 exactly.
    return {0: [("A0001AA", "Buddies", 7, 800)]}


def starts_wednesday(kit, schemes):
    kit.contract(kit.person("A0002AA"), schemes["buddies"], start=kit.day(2))
    # Wednesday to Sunday: 5 x 800 / 7 = 571.43, so 571.
    return {0: [("A0002AA", "Buddies", 5, 571)]}


def ends_tuesday(kit, schemes):
    # The term's end date is the first day out of the role: ending on Wednesday, Tuesday is the last.
    kit.contract(kit.person("A0003AA"), schemes["buddies"], start=kit.day(-30), end=kit.day(2))
    # Monday and Tuesday: 2 x 800 / 7 = 228.57, so 229.
    return {0: [("A0003AA", "Buddies", 2, 229)], 1: []}


def ended_early_on_wednesday(kit, schemes):
    contract = kit.contract(kit.person("A0004AA"), schemes["buddies"], start=kit.day(-30))
    contracts.contract_end(contract=contract, reason="resigned", ended_on=kit.day(2), actor=kit.manager)
    # Ended on Wednesday: no longer in effect that day (Contract.objects.in_effect_on). 2 days: 229.
    return {0: [("A0004AA", "Buddies", 2, 229)]}


def renewed_midweek(kit, schemes):
    contract = kit.contract(kit.person("A0005AA"), schemes["buddies"], start=kit.day(-150))
    kit.travel_to(kit.day(2))
    contracts.contract_renew(contract=contract, actor=kit.manager)
    # Two rows, no day twice: Monday and Tuesday under the old (229), Wednesday to Sunday under the
    # renewal (571): 800 in all, the whole week's pay.
    return {0: [("A0005AA", "Buddies", 2, 229), ("A0005AA", "Buddies", 5, 571)]}


def unpaid_suspension_thursday_to_next_monday(kit, schemes):
    contract = kit.contract(kit.person("A0006AA"), schemes["buddies"], start=kit.day(-30))
    contracts.contract_suspend(
        contract=contract,
        starts_on=kit.day(3),
        ends_on=kit.day(7),
        is_paid=False,
        reason="Investigation",
        actor=kit.manager,
    )
    # First week: Monday to Wednesday paid, 3 x 800 / 7 = 342.86, so 343.
    # Next week: Monday unpaid, Tuesday to Sunday paid, 6 x 800 / 7 = 685.71, so 686.
    return {0: [("A0006AA", "Buddies", 3, 343)], 1: [("A0006AA", "Buddies", 6, 686)]}


def paid_suspension(kit, schemes):
    contract = kit.contract(kit.person("A0007AA"), schemes["buddies"], start=kit.day(-30))
    contracts.contract_suspend(
        contract=contract,
        starts_on=kit.day(1),
        ends_on=None,
        is_paid=True,
        reason="Hospital",
        actor=kit.manager,
    )
    # Pay continues: the whole week, 800.
    return {0: [("A0007AA", "Buddies", 7, 800)]}


def rate_change_midweek(kit, schemes):
    kit.contract(kit.person("A0008AA"), schemes["buddies"], start=kit.day(-30))
    kit.rate(schemes["buddies"], 950, start=kit.day(3))
    # Monday to Wednesday at 800, Thursday to Sunday at 950: (2400 + 3800) / 7 = 885.71, so 886.
    return {0: [("A0008AA", "Buddies", 7, 886)], 1: [("A0008AA", "Buddies", 7, 950)]}


def two_schemes_at_once(kit, schemes):
    person = kit.person("A0009AA")
    kit.contract(person, schemes["buddies"], start=kit.day(-30))
    # Equality Representatives, at this contract's own rate of £10.00 from Friday.
    kit.contract(person, schemes["equality-representatives"], start=kit.day(4), own=1000)
    # Buddies, the whole week: 800. Friday to Sunday at 1000: 3000 / 7 = 428.57, so 429.
    return {0: [("A0009AA", "Buddies", 7, 800), ("A0009AA", "Equality Representatives", 3, 429)]}


def own_rate_in_an_unpaid_scheme(kit, schemes):
    kit.contract(kit.person("A0010AA"), schemes["toe-by-toe"], start=kit.day(-30), own=450)
    kit.contract(kit.person("A0011AA"), schemes["toe-by-toe"], start=kit.day(-30))
    # The contract with its own rate is paid it (450); the other, in an unpaid scheme, is not a line.
    return {0: [("A0010AA", "Toe by Toe", 7, 450)]}


CASES: list[Callable] = [
    whole_week,
    starts_wednesday,
    ends_tuesday,
    ended_early_on_wednesday,
    renewed_midweek,
    unpaid_suspension_thursday_to_next_monday,
    paid_suspension,
    rate_change_midweek,
    two_schemes_at_once,
    own_rate_in_an_unpaid_scheme,
]


@pytest.mark.parametrize("case", CASES, ids=[case.__name__ for case in CASES])
def test_the_pay_for_each_case_is_as_worked_out_by_hand(kit, schemes, case):
    expected = case(kit, schemes)
    for week, lines in expected.items():
        assert _lines(kit, week) == lines, f"week {week}"


def test_a_whole_week_at_any_rate_pays_exactly_that_rate():
    assert all(amount_for([rate] * 7) == rate for rate in range(1, 5000))


def test_rounding_is_once_per_row_half_up():
    assert amount_for([800, 800, 800]) == 343  # 342.857
    assert amount_for([800]) == 114  # 114.286
    assert amount_for([]) == 0


def test_the_line_says_which_days_and_which_suspension(kit, schemes):
    contract = kit.contract(kit.person("A0012AA"), schemes["buddies"], start=kit.day(1))
    contracts.contract_suspend(
        contract=contract,
        starts_on=kit.day(3),
        ends_on=kit.day(7),
        is_paid=False,
        reason="x",
        actor=kit.manager,
    )
    (line,) = pay_sheet_compute(establishment=kit.establishment, starts_on=kit.monday)
    assert line.days_in_role_text == "Tue to Sun"
    assert line.suspensions_text == (
        f"Unpaid suspension from {short_date(kit.day(3))} to {short_date(kit.day(7))}"
    )
    assert (line.days_in_role, line.days_paid, line.amount_pence) == (6, 2, 229)

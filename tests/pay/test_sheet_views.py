"""The weekly pay sheet: who sees it, its downloads, confirming a week, and what it answers to
hostile input."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pay.models import PayLine, PayWeek
from pay.services import pay_week_confirm
from peerwork.dates import monday_of
from schemes.rules import RuleError
from schemes.services import contracts


def _sheet(client, monday):
    return client.get(reverse("pay:week_detail", args=[monday]))


@pytest.fixture
def paid_week(kit, schemes):
    """Two Buddies in role all week (£8.00), one starting on Wednesday (£5.71)."""
    kit.contract(kit.person("A0001AA"), schemes["buddies"], start=kit.day(-30))
    kit.contract(kit.person("A0002AA"), schemes["buddies"], start=kit.day(-30))
    kit.contract(kit.person("A0003AA"), schemes["buddies"], start=kit.day(2))
    return kit


def test_it_opens_at_last_week(client_for, manager):
    response = client_for(manager).get(reverse("pay:home"))
    last_monday = monday_of(timezone.localdate()) - timedelta(days=7)
    assert response.url == reverse("pay:week_detail", args=[last_monday])


def test_the_week_picker_goes_to_the_monday_of_the_day_chosen(client_for, manager, kit):
    thursday = kit.day(3)
    response = client_for(manager).get(reverse("pay:home"), {"week": thursday.strftime("%d/%m/%Y")})
    assert response.url == reverse("pay:week_detail", args=[kit.monday])
    response = client_for(manager).get(reverse("pay:week_detail", args=[thursday]))
    assert response.url == reverse("pay:week_detail", args=[kit.monday])


@pytest.mark.parametrize("week", ["garbage", "\x00", "31/02/2027", "01/01/9999", "9" * 500, ""])
def test_a_hostile_week_is_refused_with_400(client_for, manager, week):
    response = client_for(manager).get(reverse("pay:home"), {"week": week})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()


@pytest.mark.parametrize("day", ["2027-02-30", "9999-12-31", "0001-01-01", "2026-13-01"])
def test_an_impossible_week_in_the_address_is_not_found(client_for, manager, day):
    for name in ("week_detail", "week_csv", "week_pdf"):
        assert (
            client_for(manager)
            .get(f"/pay/weeks/{day}/{'' if name == 'week_detail' else name[5:] + '/'}")
            .status_code
            == 404
        )


def test_the_manager_sees_each_line_and_the_totals(client_for, manager, paid_week):
    response = _sheet(client_for(manager), paid_week.monday)
    body = response.content.decode()
    assert response.status_code == 200
    lines = response.context["sheet"].lines
    assert [(line.prison_number, line.amount_pence) for line in lines] == [
        ("A0001AA", 800),
        ("A0002AA", 800),
        ("A0003AA", 571),
    ]
    assert "£21.71" in body  # 800 + 800 + 571
    assert "Not confirmed yet" in body
    assert 'data-testid="pay-confirm"' in body


@pytest.mark.parametrize("role", ["safer_custody_officer", "system_admin"])
def test_safer_custody_officers_and_admins_see_it(client_for, request, role, paid_week):
    response = _sheet(client_for(request.getfixturevalue(role)), paid_week.monday)
    assert response.status_code == 200
    assert len(response.context["sheet"].lines) == 3


def test_an_officer_may_not_confirm(client_for, safer_custody_officer, paid_week):
    client = client_for(safer_custody_officer)
    assert 'data-testid="pay-confirm"' not in _sheet(client, paid_week.monday).content.decode()
    response = client.post(reverse("pay:week_confirm", args=[paid_week.monday]))
    assert response.status_code == 403
    assert not PayWeek.objects.exists()


@pytest.mark.parametrize("role", ["coordinator", "wing_officer"])
def test_coordinators_and_wing_officers_may_not_see_pay(client_for, request, role, paid_week):
    client = client_for(request.getfixturevalue(role))
    for name in ("week_detail", "week_csv", "week_pdf"):
        assert client.get(reverse(f"pay:{name}", args=[paid_week.monday])).status_code == 403
    assert client.get(reverse("pay:home")).status_code == 403


def test_another_prisons_manager_sees_only_their_own_prisons_pay(client_for, outsider, paid_week, schemes):
    client = client_for(outsider)
    response = _sheet(client, paid_week.monday)
    assert response.status_code == 200
    assert response.context["sheet"].lines == []
    assert "A0001AA" not in response.content.decode()
    assert "A0001AA" not in b"".join(client.get(reverse("pay:week_csv", args=[paid_week.monday]))).decode()
    # Confirming their own prison's week never freezes ours.
    client.post(reverse("pay:week_confirm", args=[paid_week.monday]))
    assert not PayLine.objects.exists()
    assert client.get(reverse("pay:scheme_rates", args=[schemes["buddies"].pk])).status_code == 404


def test_the_csv_has_a_row_per_line_in_pounds_and_pence(client_for, manager, paid_week):
    response = client_for(manager).get(reverse("pay:week_csv", args=[paid_week.monday]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"pay-{paid_week.establishment.code.lower()}-{paid_week.monday}" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff"))))
    assert rows[0][:4] == ["Week starting", "Prison number", "Name", "Scheme"]
    assert [(row[1], row[9], row[10]) for row in rows[1:]] == [
        ("A0001AA", "8.00", "800"),
        ("A0002AA", "8.00", "800"),
        ("A0003AA", "5.71", "571"),
    ]
    assert rows[3][5] == "Wed to Sun"


def test_the_pdf_is_the_same_sheet(client_for, manager, paid_week):
    response = client_for(manager).get(reverse("pay:week_pdf", args=[paid_week.monday]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_confirming_freezes_the_week_against_later_changes(client_for, manager, paid_week, schemes):
    client = client_for(manager)
    response = client.post(reverse("pay:week_confirm", args=[paid_week.monday]))
    assert response.url == reverse("pay:week_detail", args=[paid_week.monday])
    week = PayWeek.objects.get()
    assert (week.confirmed_by, week.starts_on) == (manager, paid_week.monday)

    # Later: the rate is corrected back to before the week, a contract is ended before it, another
    # is suspended without pay across it.
    paid_week.rate(schemes["buddies"], 1200, start=paid_week.day(-60))
    first = schemes["buddies"].contracts.get(worker__prison_number="A0001AA")
    contracts.contract_end(contract=first, reason="resigned", ended_on=paid_week.day(-1), actor=manager)
    second = schemes["buddies"].contracts.get(worker__prison_number="A0002AA")
    contracts.contract_suspend(
        contract=second, starts_on=paid_week.day(0), ends_on=None, is_paid=False, reason="x", actor=manager
    )

    response = _sheet(client, paid_week.monday)
    body = response.content.decode()
    assert [(line.prison_number, line.amount_pence) for line in response.context["sheet"].lines] == [
        ("A0001AA", 800),
        ("A0002AA", 800),
        ("A0003AA", 571),
    ]
    assert f"Confirmed</strong> by {manager}" in body
    assert 'data-testid="pay-confirm"' not in body
    csv_body = b"".join(
        client.get(reverse("pay:week_csv", args=[paid_week.monday])).streaming_content
    ).decode()
    assert "A0001AA" in csv_body and ",8.00,800,Yes" in csv_body
    # The week after, not confirmed, is worked out from the records as they are now.
    after = _sheet(client, paid_week.day(7)).context["sheet"].lines
    assert [(line.prison_number, line.amount_pence) for line in after] == [("A0002AA", 0), ("A0003AA", 1200)]


def test_confirming_twice_is_one_confirmation(client_for, manager, paid_week):
    client = client_for(manager)
    for _ in range(2):
        client.post(reverse("pay:week_confirm", args=[paid_week.monday]))
    assert PayWeek.objects.count() == 1
    assert PayLine.objects.count() == 3
    again = pay_week_confirm(establishment=paid_week.establishment, starts_on=paid_week.monday, actor=manager)
    assert again == PayWeek.objects.get()


def test_a_week_not_over_cannot_be_confirmed(client_for, manager, kit):
    this_monday = monday_of(timezone.localdate())
    response = client_for(manager).post(reverse("pay:week_confirm", args=[this_monday]), follow=True)
    assert "can be confirmed once it has ended" in response.content.decode()
    assert not PayWeek.objects.exists()
    with pytest.raises(RuleError):
        pay_week_confirm(
            establishment=kit.establishment, starts_on=this_monday + timedelta(days=1), actor=kit.manager
        )


def _queries(client, monday) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert _sheet(client, monday).status_code == 200
    return len(captured)


def test_the_sheet_keeps_a_fixed_query_count_whatever_the_number_of_contracts(
    client_for, manager, kit, schemes
):
    client = client_for(manager)
    for n in range(3):
        kit.contract(kit.person(f"A{n:04d}AA"), schemes["buddies"], start=kit.day(-30))
    small = _queries(client, kit.monday)
    for n in range(3, 15):
        person = kit.person(f"A{n:04d}AA")
        contract = kit.contract(person, schemes["buddies"], start=kit.day(-30))
        if n % 3 == 0:
            contracts.contract_suspend(
                contract=contract,
                starts_on=kit.day(2),
                ends_on=None,
                is_paid=n % 2 == 0,
                reason="x",
                actor=manager,
            )
        if n % 4 == 0:
            kit.contract(person, schemes["equality-representatives"], start=kit.day(1), own=900)
    assert len(_sheet(client, kit.monday).context["sheet"].lines) > 15
    assert _queries(client, kit.monday) == small


def test_a_confirmed_week_keeps_a_fixed_query_count_whatever_its_size(client_for, manager, kit, schemes):
    """Three lines in the first week, fifteen in the next: both read in the same number of queries."""
    client = client_for(manager)
    for n in range(15):
        kit.contract(kit.person(f"A{n:04d}AA"), schemes["buddies"], start=kit.day(-30 if n < 3 else 7))
    for week in (0, 7):
        pay_week_confirm(establishment=kit.establishment, starts_on=kit.day(week), actor=manager)
    assert [week.lines.count() for week in PayWeek.objects.order_by("starts_on")] == [3, 15]
    assert _queries(client, kit.day(0)) == _queries(client, kit.day(7))

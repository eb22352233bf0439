"""A scheme's weekly rate from a date, a contract's own rate, and the establishment's bounds:
a rate outside them is refused next to its box, by the form and by the service."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from establishments.models import Establishment
from pay.services import pay_bounds_set
from schemes.models import Contract, SchemeRate
from schemes.rules import RateOutOfBounds
from schemes.services import contracts
from schemes.services.schemes import scheme_rate_set

OUT_OF_BOUNDS = "The weekly rate must be between £4.00 and £15.00"


def _rates(scheme):
    return list(scheme.rates.order_by("effective_from").values_list("effective_from", "weekly_rate_pence"))


def _post_rate(client, scheme, rate, day):
    return client.post(
        reverse("pay:scheme_rates", args=[scheme.pk]),
        {"weekly_rate": rate, "effective_from": day.isoformat()},
    )


def test_a_new_rate_from_a_date_keeps_the_old_one_for_the_days_before(client_for, manager, buddies):
    today = timezone.localdate()
    later = today + timedelta(days=10)
    response = _post_rate(client_for(manager), buddies, "7.50", later)
    assert response.url == reverse("pay:scheme_rates", args=[buddies.pk])
    assert _rates(buddies) == [(today, 600), (later, 750)]
    assert buddies.rates.in_force_on(later - timedelta(days=1)).first().weekly_rate_pence == 600
    assert buddies.rates.in_force_on(later).first().weekly_rate_pence == 750
    page = client_for(manager).get(reverse("pay:scheme_rates", args=[buddies.pk])).content.decode()
    assert "£7.50" in page and "To come" in page and str(manager) in page


def test_setting_a_days_rate_again_corrects_it_and_the_history_keeps_the_old(manager, buddies):
    today = timezone.localdate()
    scheme_rate_set(scheme=buddies, weekly_rate_pence=650, effective_from=today, actor=manager)
    assert _rates(buddies) == [(today, 650)]
    history = SchemeRate.history.filter(scheme=buddies).order_by("history_date")
    assert [(h.weekly_rate_pence, h.history_change_reason) for h in history] == [
        (600, "Rate set"),
        (650, "Rate corrected"),
    ]


@pytest.mark.parametrize("typed, pence", [("£4", 400), ("4.5", 450), ("12.05", 1205), ("15.00", 1500)])
def test_the_rate_may_be_typed_in_several_ways(client_for, manager, buddies, typed, pence):
    day = timezone.localdate() + timedelta(days=1)
    _post_rate(client_for(manager), buddies, typed, day)
    assert buddies.rates.get(effective_from=day).weekly_rate_pence == pence


@pytest.mark.parametrize("typed", ["9.6x", "nine pounds", "9,60", "9.999", "-3", "1234567", "\x00"])
def test_a_bad_amount_is_shown_back_with_a_message_and_nothing_is_saved(client_for, manager, buddies, typed):
    response = _post_rate(client_for(manager), buddies, typed, timezone.localdate() + timedelta(days=1))
    assert response.status_code == 200
    assert response.context["form"].errors["weekly_rate"]
    assert "govuk-error-summary" in response.content.decode()
    assert buddies.rates.count() == 1


@pytest.mark.parametrize("typed", ["3.99", "15.01", "0"])
def test_a_rate_outside_the_bounds_is_refused_next_to_the_rate(client_for, manager, buddies, typed):
    response = _post_rate(client_for(manager), buddies, typed, timezone.localdate() + timedelta(days=1))
    assert response.status_code == 200
    assert OUT_OF_BOUNDS in response.context["form"].errors["weekly_rate"][0]
    assert buddies.rates.count() == 1


def test_the_service_refuses_a_rate_outside_the_bounds_whatever_calls_it(manager, buddies):
    with pytest.raises(RateOutOfBounds) as refused:
        scheme_rate_set(
            scheme=buddies, weekly_rate_pence=1501, effective_from=timezone.localdate(), actor=manager
        )
    assert OUT_OF_BOUNDS in refused.value.message_dict["weekly_rate"][0]
    assert buddies.rates.count() == 1


def test_an_unpaid_scheme_takes_no_rate(client_for, manager, listeners):
    response = _post_rate(client_for(manager), listeners, "5.00", timezone.localdate())
    assert "is an unpaid role" in response.context["form"].errors["weekly_rate"][0]
    assert not listeners.rates.exists()


def test_a_rate_is_never_zero_in_the_database(buddies):
    with pytest.raises(IntegrityError), transaction.atomic():
        SchemeRate.objects.create(
            scheme=buddies,
            weekly_rate_pence=0,
            effective_from=timezone.localdate() + timedelta(1),
            set_at=timezone.now(),
        )


@pytest.mark.parametrize("role", ["coordinator", "safer_custody_officer", "wing_officer"])
def test_only_the_manager_and_admins_set_rates_and_bounds(client_for, request, role, buddies):
    client = client_for(request.getfixturevalue(role))
    assert client.get(reverse("pay:scheme_rates", args=[buddies.pk])).status_code == 403
    assert _post_rate(client, buddies, "7.00", timezone.localdate()).status_code == 403
    assert client.post(reverse("pay:bounds"), {"pay_min": "1.00", "pay_max": "2.00"}).status_code == 403
    assert buddies.rates.count() == 1


def test_the_admin_changes_the_bounds_and_rates_follow_them(client_for, system_admin, establishment, buddies):
    client = client_for(system_admin)
    response = client.post(reverse("pay:bounds"), {"pay_min": "5.00", "pay_max": "20.00"})
    assert response.url == reverse("pay:bounds")
    establishment.refresh_from_db()
    assert (establishment.pay_min_weekly_pence, establishment.pay_max_weekly_pence) == (500, 2000)
    response = _post_rate(client, buddies, "4.50", timezone.localdate() + timedelta(days=1))
    assert "between £5.00 and £20.00" in response.context["form"].errors["weekly_rate"][0]
    _post_rate(client, buddies, "19.00", timezone.localdate() + timedelta(days=1))
    assert buddies.rates.count() == 2


def test_bounds_the_wrong_way_round_are_refused_next_to_the_box(client_for, manager, establishment):
    response = client_for(manager).post(reverse("pay:bounds"), {"pay_min": "9.00", "pay_max": "8.00"})
    assert response.context["form"].errors["pay_max"] == [
        "The highest weekly rate must be at least the lowest."
    ]
    establishment.refresh_from_db()
    assert establishment.pay_max_weekly_pence == 1500
    with pytest.raises(ValidationError):
        pay_bounds_set(establishment=establishment, min_pence=0, max_pence=100, actor=manager)


def test_the_database_keeps_the_bounds_in_order(establishment):
    with pytest.raises(IntegrityError), transaction.atomic():
        Establishment.objects.filter(pk=establishment.pk).update(pay_min_weekly_pence=2000)


def test_a_contracts_own_rate_outside_the_bounds_is_refused_by_form_and_service(
    client_for, manager, worker, buddies
):
    response = client_for(manager).post(
        reverse("schemes:contract_issue"),
        {
            "worker": worker.pk,
            "scheme": buddies.pk,
            "start_date": timezone.localdate().isoformat(),
            "end_date": "",
            "weekly_pay": "20.00",
            "privileges": "",
        },
    )
    assert response.status_code == 200
    assert OUT_OF_BOUNDS in response.context["form"].errors["weekly_pay"][0]
    with pytest.raises(RateOutOfBounds):
        contracts.contract_issue(
            worker=worker,
            scheme=buddies,
            actor=manager,
            start_date=timezone.localdate(),
            weekly_pay_pence=300,
        )
    assert not Contract.objects.exists()


def test_the_scheme_page_shows_todays_rate_and_links_to_the_rates(client_for, manager, coordinator, buddies):
    body = client_for(manager).get(reverse("schemes:scheme_detail", args=[buddies.pk])).content.decode()
    assert "Paid, £6.00 a week" in body
    assert reverse("pay:scheme_rates", args=[buddies.pk]) in body
    body = client_for(coordinator).get(reverse("schemes:scheme_detail", args=[buddies.pk])).content.decode()
    assert "Paid, £6.00 a week" in body
    assert reverse("pay:scheme_rates", args=[buddies.pk]) not in body

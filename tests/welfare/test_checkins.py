"""Welfare check-ins: a coordinator records how a peer worker is and what was agreed; "needs a
break" raises a flag and offers a break from the rota, which then refuses them; a later check-in
or the break closes the flag. Staff-only, scoped to the schemes the user keeps, never deleted."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from flags.models import Flag
from flags.services import flag_resolve
from rota.models import Unavailability
from rota.rules import OnABreak, check_not_on_a_break
from tests.forms import date_boxes
from tests.welfare.conftest import last_week
from welfare import services
from welfare.models import CheckIn, HowItWent
from welfare.oversight import welfare_oversight_sync

NEEDS_BREAK = Flag.Kind.NEEDS_BREAK


def _open(kind) -> list[Flag]:
    return list(Flag.objects.filter(kind=kind, resolved_at=None))


def posted_checkin(scheme, *, on=None, how=HowItWent.FINE, agreed=""):
    return {
        "scheme": scheme.pk,
        **date_boxes("on", on or timezone.localdate()),
        "how": how,
        "agreed": agreed,
    }


def test_a_coordinator_records_a_check_in_and_sees_it_on_the_welfare_page(
    client_for, coordinator, listeners, amir
):
    client = client_for(coordinator)
    response = client.post(
        reverse("welfare:checkin_record", args=[amir.pk]),
        posted_checkin(listeners, how=HowItWent.STRUGGLING, agreed="Fewer nights for a fortnight."),
    )
    assert response.status_code == 302
    checkin = CheckIn.objects.get()
    assert (checkin.how, checkin.recorded_by, checkin.scheme) == (
        HowItWent.STRUGGLING,
        coordinator,
        listeners,
    )
    assert checkin.history.first().history_user == coordinator

    page = client.get(reverse("welfare:worker", args=[amir.pk])).content.decode()
    assert "Fewer nights for a fortnight." in page
    assert "Struggling" in page
    assert 'data-testid="worker-workload"' in page  # their shifts and call-outs, with the chart


def test_the_form_says_never_to_record_what_a_caller_said(client_for, coordinator, amir):
    page = client_for(coordinator).get(reverse("welfare:checkin_record", args=[amir.pk])).content.decode()
    assert "Never record what a Listener's caller said." in page


def test_a_check_in_in_the_future_is_refused_next_to_its_date_and_what_was_typed_stays(
    client_for, coordinator, listeners, amir
):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client_for(coordinator).post(
        reverse("welfare:checkin_record", args=[amir.pk]),
        posted_checkin(listeners, on=tomorrow, agreed="Talk again next week"),
    )
    assert response.status_code == 200
    assert "enter today or an earlier date" in response.context["form"].errors["on"][0]
    assert "Talk again next week" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_needs_a_break_raises_one_flag_and_offers_the_break_from_the_rota(
    client_for, coordinator, listeners, rota, amir
):
    client = client_for(coordinator)
    response = client.post(
        reverse("welfare:checkin_record", args=[amir.pk]),
        posted_checkin(listeners, how=HowItWent.NEEDS_BREAK),
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("welfare:break_add", args=[amir.pk]))
    (flag,) = _open(NEEDS_BREAK)
    assert flag.worker == amir and "Amir Khan needs a break" in flag.summary
    welfare_oversight_sync()
    welfare_oversight_sync()
    assert Flag.objects.filter(kind=NEEDS_BREAK).count() == 1

    offer = client.get(response["Location"]).content.decode()
    assert "Needs a break (welfare check-in on" in offer

    today = timezone.localdate()
    taken = client.post(
        response["Location"],
        {
            **date_boxes("starts_on", today),
            **date_boxes("ends_on", today + timedelta(days=13)),
            "reason": "Needs a break",
        },
    )
    assert taken.status_code == 302
    assert not _open(NEEDS_BREAK)  # the break closes the flag at once
    period = Unavailability.objects.get()
    with pytest.raises(OnABreak, match="Amir Khan is off the rota from .*: Needs a break"):
        check_not_on_a_break(worker=amir, day=today + timedelta(days=3), breaks=[period])
    welfare_oversight_sync()
    assert not _open(NEEDS_BREAK)


def test_a_later_check_in_that_finds_them_fine_closes_the_flag(coordinator, listeners, amir):
    today = timezone.localdate()
    services.checkin_record(
        worker=amir,
        scheme=listeners,
        on=today - timedelta(days=3),
        how=HowItWent.NEEDS_BREAK,
        actor=coordinator,
    )
    assert _open(NEEDS_BREAK)
    services.checkin_record(worker=amir, scheme=listeners, on=today, how=HowItWent.FINE, actor=coordinator)
    assert not _open(NEEDS_BREAK)


def test_a_needs_a_break_flag_staff_resolved_does_not_come_back(coordinator, listeners, amir):
    services.checkin_record(
        worker=amir, scheme=listeners, on=timezone.localdate(), how=HowItWent.NEEDS_BREAK, actor=coordinator
    )
    (flag,) = _open(NEEDS_BREAK)
    flag_resolve(flag=flag, actor=coordinator, resolution="Agreed day shifts only instead of a break.")
    welfare_oversight_sync()
    assert not _open(NEEDS_BREAK)


def test_withdrawing_a_check_in_keeps_it_with_who_and_the_flag_follows(
    client_for, coordinator, listeners, amir
):
    checkin = services.checkin_record(
        worker=amir, scheme=listeners, on=timezone.localdate(), how=HowItWent.NEEDS_BREAK, actor=coordinator
    )
    response = client_for(coordinator).post(
        reverse("welfare:checkin_withdraw", args=[checkin.pk]), {"reason": "Recorded for the wrong person"}
    )
    assert response.status_code == 302
    checkin.refresh_from_db()
    assert checkin.archived_by == coordinator and checkin.archived_at is not None
    assert not _open(NEEDS_BREAK)


def test_someone_not_in_the_scheme_on_the_day_cannot_have_a_check_in(
    coordinator, listeners, make_worker, schemes
):
    buddy = make_worker(schemes["buddies"], "Gil", "Roe")
    with pytest.raises(ValidationError, match="did not hold a Listeners contract"):
        services.checkin_record(
            worker=buddy, scheme=listeners, on=timezone.localdate(), how=HowItWent.FINE, actor=coordinator
        )
    assert not CheckIn.objects.exists()


def test_who_may_see_a_persons_welfare(
    client_for, coordinator, wing_officer, manager, outsider, schemes, listeners, amir, make_worker
):
    url = reverse("welfare:worker", args=[amir.pk])
    assert client_for(wing_officer).get(url).status_code == 403
    assert client_for(outsider).get(url).status_code in (403, 404)
    assert client_for(manager).get(url).status_code == 200
    assert client_for(coordinator).get(url).status_code == 200
    # The coordinator does not lead the Buddies: a Buddy's welfare is not theirs to see.
    buddy = make_worker(schemes["buddies"], "Hal", "Poe")
    assert client_for(coordinator).get(reverse("welfare:worker", args=[buddy.pk])).status_code == 404


@pytest.mark.parametrize("checkins", [1, 6])
def test_the_welfare_page_costs_the_same_for_one_check_in_and_call_out_or_six(
    checkins, client_for, coordinator, listeners, rota, amir, call_out, django_assert_num_queries
):
    today = timezone.localdate()
    for n in range(checkins):
        services.checkin_record(
            worker=amir, scheme=listeners, on=today - timedelta(days=n), how=HowItWent.FINE, actor=coordinator
        )
        call_out(amir, last_week(n % 7, time(22, 30)))
    client = client_for(coordinator)
    client.get(reverse("welfare:worker", args=[amir.pk]))
    with django_assert_num_queries(WELFARE_PAGE_QUERIES):
        assert client.get(reverse("welfare:worker", args=[amir.pk])).status_code == 200


WELFARE_PAGE_QUERIES = 14  # 10, and the workload's 4 (welfare.workload.worker_workload)

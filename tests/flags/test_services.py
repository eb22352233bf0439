"""Flags that mean what they say: a condition flag closes by itself and cannot be resolved by hand;
staff acknowledge it with a note and may rest it out of the digest until a day they choose."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from flags.models import Flag
from flags.services import Condition, FlagError, flag_acknowledge, flag_resolve, flags_sync
from schemes.models import OutboxEmail
from schemes.services.digests import digests_write

CONDITION_KINDS = list(Flag.CLOSES_BY_ITSELF)


def raise_condition(scheme, kind=Flag.Kind.NO_LEAD, severity=Flag.Severity.WARNING) -> Flag:
    condition = Condition(
        kind=kind,
        key=f"{kind}:scheme:{scheme.pk}",
        establishment_id=scheme.establishment_id,
        scheme_id=scheme.pk,
        severity=severity,
        summary=f"{scheme.name}: {kind}",
    )
    flags_sync(kind=kind, conditions=[condition], now=timezone.now(), resolve_cleared=False)
    return Flag.objects.get(key=condition.key, resolved_at__isnull=True)


def snapshot(flag: Flag) -> dict:
    flag.refresh_from_db()
    return {f.attname: getattr(flag, f.attname) for f in Flag._meta.concrete_fields}


@pytest.fixture
def lead_with_email(coordinator, listeners):
    coordinator.email, coordinator.receives_digest = "coordinator@justice.example", True
    coordinator.save(update_fields=["email", "receives_digest"])
    return coordinator


# --- Resolving ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", CONDITION_KINDS)
def test_a_condition_flag_cannot_be_resolved_by_hand_and_nothing_changes(listeners, manager, kind):
    flag = raise_condition(listeners, kind)
    before = snapshot(flag)

    with pytest.raises(FlagError) as refused:
        flag_resolve(flag=flag, actor=manager, resolution="Done")

    assert refused.value.messages == [
        f"This flag closes by itself {Flag.CLOSES_BY_ITSELF[kind]}. "
        "Acknowledge it instead, with a note, and choose when to look again."
    ]
    assert snapshot(flag) == before


def test_the_flag_page_refuses_a_hand_resolve_in_plain_words(client_for, manager, listeners):
    flag = raise_condition(listeners, Flag.Kind.NO_LEAD)

    response = client_for(manager).post(
        reverse("flags:flag_resolve", args=[flag.pk]), {"resolution": "Asked the governor"}
    )

    assert response.status_code == 200
    assert "This flag closes by itself when the scheme has a staff lead." in response.content.decode()
    flag.refresh_from_db()
    assert flag.is_open


@pytest.mark.parametrize(
    ("kind", "says"),
    [
        (Flag.Kind.NO_LEAD, "Closes by itself when the scheme has a staff lead."),
        (Flag.Kind.SUPERVISION_OVERDUE, "Closes by itself when a supervision meeting is held."),
        (Flag.Kind.MEETINGS_CANCELLED, "Closes by itself when a supervision meeting is held."),
        (Flag.Kind.CONTRACT_ENDING, "Closes by itself when the contract is renewed or ends."),
        (Flag.Kind.ROTA_GAP, "Closes by itself when the shift is covered, or once it has ended."),
    ],
)
def test_the_flag_page_says_what_closes_it_and_offers_no_resolve(client_for, manager, listeners, kind, says):
    flag = raise_condition(listeners, kind)

    page = client_for(manager).get(reverse("flags:flag_detail", args=[flag.pk])).content.decode()

    assert says in page
    assert 'id="resolve"' not in page
    assert "Acknowledge the flag" in page


def test_a_flag_with_no_machine_condition_is_resolved_by_hand(listeners, manager):
    flag = raise_condition(listeners, Flag.Kind.CONTRACT_EXPIRED)

    flag_resolve(flag=flag, actor=manager, resolution="Left the scheme by choice; no new contract.")

    flag.refresh_from_db()
    assert (flag.is_open, flag.resolved_by) == (False, manager)


# --- Acknowledging and looking again -------------------------------------------------------------


def test_acknowledging_keeps_the_note_and_the_day_to_look_again(listeners, manager):
    flag = raise_condition(listeners)
    today = timezone.localdate()

    flag_acknowledge(
        flag=flag, actor=manager, note="Governor is choosing a lead.", look_again_on=today + timedelta(days=7)
    )

    flag.refresh_from_db()
    assert (flag.acknowledged_by, flag.look_again_on, flag.is_open) == (
        manager,
        today + timedelta(days=7),
        True,
    )
    assert flag.is_resting
    assert flag.comments.get().text.endswith(": Governor is choosing a lead.")


@pytest.mark.parametrize("days", [0, -1, 91])
def test_the_day_to_look_again_must_be_after_today_and_within_three_months(listeners, manager, days):
    flag = raise_condition(listeners)
    before = snapshot(flag)

    with pytest.raises(FlagError) as refused:
        flag_acknowledge(
            flag=flag, actor=manager, note="Seen", look_again_on=timezone.localdate() + timedelta(days=days)
        )

    assert "look_again_on" in refused.value.error_dict
    assert snapshot(flag) == before


def test_a_resting_flag_stays_out_of_the_digest_until_its_day_then_comes_back(
    listeners, manager, lead_with_email, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    flag = raise_condition(listeners)
    today = timezone.localdate()
    flag_acknowledge(
        flag=flag, actor=manager, note="Meeting booked.", look_again_on=today + timedelta(days=3)
    )

    assert digests_write() == 0  # its only flag is resting
    time_machine.move_to(timezone.now() + timedelta(days=2), tick=False)
    assert digests_write() == 0
    time_machine.move_to(timezone.now() + timedelta(days=1), tick=False)
    assert digests_write() == 1
    assert flag.summary in OutboxEmail.objects.get(recipient=lead_with_email).body_text


def test_a_resting_flag_is_still_in_the_inbox_marked_with_its_day(client_for, listeners, manager):
    flag = raise_condition(listeners)
    day = timezone.localdate() + timedelta(days=5)
    flag_acknowledge(flag=flag, actor=manager, note="Meeting booked.", look_again_on=day)

    body = client_for(manager).get(reverse("flags:flag_list")).content.decode()

    assert flag.summary in body
    assert f"Look again on {day.day} {day:%B %Y}" in body


def test_a_resting_flag_that_gets_worse_comes_back_at_once(listeners, manager):
    flag = raise_condition(listeners, severity=Flag.Severity.WARNING)
    flag_acknowledge(
        flag=flag, actor=manager, note="Seen", look_again_on=timezone.localdate() + timedelta(days=7)
    )

    raise_condition(listeners, severity=Flag.Severity.URGENT)

    flag.refresh_from_db()
    assert (flag.severity, flag.look_again_on, flag.is_resting) == (Flag.Severity.URGENT, None, False)


def same_condition(flag: Flag, scheme, severity: int, summary: str) -> Condition:
    """The condition behind `flag`, now at `severity` and saying `summary`."""
    return Condition(
        kind=flag.kind,
        key=flag.key,
        establishment_id=scheme.establishment_id,
        scheme_id=scheme.pk,
        severity=severity,
        summary=summary,
    )


def _statements(captured) -> list[str]:
    return [query["sql"].split()[0].upper() for query in captured.captured_queries]


def test_a_sync_with_nothing_new_reads_once_and_writes_nothing(listeners, django_assert_max_num_queries):
    flag = raise_condition(listeners, severity=Flag.Severity.WARNING)
    before = snapshot(flag)
    condition = same_condition(flag, listeners, Flag.Severity.WARNING, flag.summary)

    with django_assert_max_num_queries(1) as captured:
        result = flags_sync(kind=flag.kind, conditions=[condition], now=timezone.now())

    assert _statements(captured) == ["SELECT"]  # no lock, no transaction, no write
    assert (result.opened, result.escalated, result.resolved) == (0, 0, 0)
    assert snapshot(flag) == before


def test_a_sync_keeps_the_acknowledgement_made_since_it_read_the_flags(listeners, manager):
    flag = raise_condition(listeners, kind=Flag.Kind.ROTA_GAP, severity=Flag.Severity.WARNING)
    day = timezone.localdate() + timedelta(days=7)
    flag_acknowledge(flag=flag, actor=manager, note="Cover is being found", look_again_on=day)
    condition = same_condition(flag, listeners, Flag.Severity.WARNING, "1 of 2 Listeners now")

    flags_sync(kind=flag.kind, conditions=[condition], now=timezone.now(), refresh_summaries=True)

    flag.refresh_from_db()
    assert (flag.summary, flag.look_again_on) == ("1 of 2 Listeners now", day)


def test_a_flag_staff_resolved_stays_resolved_and_a_condition_back_opens_a_new_one(listeners, manager):
    flag = raise_condition(listeners, kind=Flag.Kind.OUT_OF_ROLE, severity=Flag.Severity.WARNING)
    flag_resolve(flag=flag, actor=manager, resolution="Spoke to the wing")
    condition = same_condition(flag, listeners, Flag.Severity.URGENT, "Worse")

    result = flags_sync(kind=flag.kind, conditions=[condition], now=timezone.now(), resolve_cleared=False)

    flag.refresh_from_db()
    assert (flag.resolution, flag.severity) == ("Spoke to the wing", Flag.Severity.WARNING)
    assert result.opened == 1  # the condition holds again: a new flag, the resolved one untouched

"""The flag inbox, a flag's page and what staff do with it, and the home page fragments."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from flags import selectors
from flags.models import Flag, FlagComment
from flags.services import flags_sync
from schemes import oversight, selectors_meetings
from schemes.models import SupervisionMeeting

LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 10, 0, tzinfo=LONDON), tick=False)


def make_flag(establishment, *, severity=Flag.Severity.WARNING, scheme=None, **extra) -> Flag:
    fields = {
        "kind": Flag.Kind.SUPERVISION_OVERDUE,
        "key": f"test:{Flag.objects.count()}",
        "summary": f"Flag number {Flag.objects.count()}",
        "opened_at": timezone.now(),
    } | extra
    return Flag.objects.create(establishment=establishment, scheme=scheme, severity=severity, **fields)


def raise_condition(scheme, *, severity=Flag.Severity.URGENT, **extra) -> Flag:
    """Open a flag the way the oversight sweep does."""
    condition = oversight.Condition(
        kind=Flag.Kind.NO_LEAD,
        key=f"no_lead:scheme:{scheme.pk}",
        establishment_id=scheme.establishment_id,
        scheme_id=scheme.pk,
        severity=severity,
        summary=f"{scheme.name} has peer workers but no staff lead.",
        **extra,
    )
    flags_sync(kind=Flag.Kind.NO_LEAD, conditions=[condition], now=timezone.now(), resolve_cleared=False)
    return Flag.objects.get(key=condition.key, resolved_at__isnull=True)


@pytest.fixture
def buddies_flag(buddies):
    return raise_condition(buddies)


@pytest.fixture
def expired_flag(buddies):
    """A flag staff resolve by hand: no new contract will be issued, and they say why."""
    return make_flag(
        buddies.establishment,
        scheme=buddies,
        kind=Flag.Kind.CONTRACT_EXPIRED,
        summary="Ryan Ellis's Buddies contract expired on 20 November 2026.",
    )


@pytest.fixture
def listeners_flag(listeners):
    return make_flag(listeners.establishment, scheme=listeners, summary="Listener supervision overdue")


def detail_url(flag):
    return reverse("flags:flag_detail", args=[flag.pk])


def action_url(name, flag):
    return reverse(f"flags:flag_{name}", args=[flag.pk])


def unchanged(flag) -> bool:
    before = {f.attname: getattr(flag, f.attname) for f in Flag._meta.concrete_fields}
    flag.refresh_from_db()
    after = {f.attname: getattr(flag, f.attname) for f in Flag._meta.concrete_fields}
    return before == after and not flag.comments.exists()


# --- The inbox -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["manager", "safer_custody_officer", "system_admin"])
def test_safer_custody_and_administrators_see_every_open_flag_of_their_prison(
    request, client_for, establishment, buddies_flag, listeners_flag, role
):
    no_scheme = make_flag(establishment, summary="Not about any scheme")
    make_flag(establishment, summary="Dealt with already", resolved_at=timezone.now())

    response = client_for(request.getfixturevalue(role)).get(reverse("flags:flag_list"))

    assert response.status_code == 200
    assert set(response.context["flags"]) == {buddies_flag, listeners_flag, no_scheme}
    assert "Dealt with already" not in response.content.decode()


def test_the_inbox_tags_urgent_red_warning_orange_and_notice_blue(client_for, manager, establishment):
    for severity in Flag.Severity:
        make_flag(establishment, severity=severity)

    body = client_for(manager).get(reverse("flags:flag_list")).content.decode()

    assert '<strong class="govuk-tag govuk-tag--red">Urgent</strong>' in body
    assert '<strong class="govuk-tag govuk-tag--orange">Warning</strong>' in body
    assert '<strong class="govuk-tag govuk-tag--blue">Notice</strong>' in body


def test_a_coordinator_sees_only_the_flags_of_schemes_they_lead(
    client_for, coordinator, establishment, buddies_flag, listeners_flag
):
    make_flag(establishment, summary="Not about any scheme")

    response = client_for(coordinator).get(reverse("flags:flag_list"))

    assert list(response.context["flags"]) == [listeners_flag]
    assert buddies_flag.summary not in response.content.decode()


def test_the_outsider_sees_none_of_this_prisons_flags(client_for, outsider, buddies_flag):
    response = client_for(outsider).get(reverse("flags:flag_list"))
    assert list(response.context["flags"]) == []
    assert buddies_flag.summary not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"severity": "3"}, {"urgent buddies"}),
        ({"kind": Flag.Kind.CONTRACT_ENDING}, {"contract ending"}),
        ({"scheme": "listeners"}, {"contract ending"}),
        ({"state": "acknowledged"}, {"acknowledged buddies"}),
        ({"state": "resolved"}, {"resolved"}),
        ({"state": ""}, {"urgent buddies", "acknowledged buddies", "contract ending", "resolved"}),
    ],
)
def test_the_filters_narrow_the_inbox(
    client_for, manager, establishment, buddies, listeners, query, expected
):
    make_flag(establishment, scheme=buddies, severity=Flag.Severity.URGENT, summary="urgent buddies")
    make_flag(
        establishment,
        scheme=buddies,
        summary="acknowledged buddies",
        acknowledged_by=manager,
        acknowledged_at=timezone.now(),
    )
    make_flag(establishment, scheme=listeners, kind=Flag.Kind.CONTRACT_ENDING, summary="contract ending")
    make_flag(establishment, scheme=buddies, summary="resolved", resolved_at=timezone.now())
    if query.get("scheme") == "listeners":
        query = {"scheme": str(listeners.pk)}

    response = client_for(manager).get(reverse("flags:flag_list"), query)

    assert {flag.summary for flag in response.context["flags"]} == expected
    for value in query.values():
        if value:
            assert f'<option value="{value}" selected>' in response.content.decode()


def test_a_filter_that_cannot_be_used_is_shown_next_to_its_field(client_for, manager, buddies):
    response = client_for(manager).get(reverse("flags:flag_list"), {"severity": "9"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-form-group--error" in body
    assert "Select a valid choice" in body


def test_pages_keep_the_filters(client_for, manager, establishment, monkeypatch):
    monkeypatch.setattr("flags.views.FLAGS_PER_PAGE", 2)
    for _ in range(3):
        make_flag(establishment, severity=Flag.Severity.URGENT)
    make_flag(establishment, severity=Flag.Severity.NOTICE)
    client = client_for(manager)

    first = client.get(reverse("flags:flag_list"), {"severity": "3"})
    second = client.get(reverse("flags:flag_list"), {"severity": "3", "page": "2"})

    assert "?severity=3&amp;page=2" in first.content.decode()
    assert len(first.context["flags"]) == 2
    assert len(second.context["flags"]) == 1


@pytest.mark.parametrize(("role", "queries"), [("manager", 6), ("coordinator", 8)])
def test_the_inbox_query_count_does_not_grow_with_flags(
    request, client_for, establishment, listeners, active_contract, django_assert_num_queries, role, queries
):
    def add_flags(count):
        for _ in range(count):
            make_flag(establishment, scheme=listeners, contract=active_contract)

    client = client_for(request.getfixturevalue(role))
    add_flags(2)
    with django_assert_num_queries(queries):
        client.get(reverse("flags:flag_list"))
    add_flags(20)
    with django_assert_num_queries(queries):
        response = client.get(reverse("flags:flag_list"))
    assert len(response.context["flags"]) == 22


# --- Who may see and act -----------------------------------------------------------------------


def test_a_wing_officer_has_no_inbox_and_may_not_act_on_a_flag(client_for, wing_officer, buddies_flag):
    client = client_for(wing_officer)
    assert client.get(reverse("flags:flag_list")).status_code == 403
    assert client.get(detail_url(buddies_flag)).status_code == 403
    assert client.post(action_url("acknowledge", buddies_flag)).status_code == 403
    assert client.post(action_url("comment", buddies_flag), {"text": "Seen"}).status_code == 403
    assert client.post(action_url("resolve", buddies_flag), {"resolution": "Done"}).status_code == 403
    assert unchanged(buddies_flag)


def test_a_coordinator_may_not_see_or_act_on_a_flag_of_a_scheme_they_do_not_lead(
    client_for, coordinator, establishment, listeners, buddies_flag
):
    no_scheme = make_flag(establishment)
    client = client_for(coordinator)
    for flag in (buddies_flag, no_scheme):
        assert client.get(detail_url(flag)).status_code == 403
        assert client.post(action_url("acknowledge", flag)).status_code == 403
        assert client.post(action_url("comment", flag), {"text": "Seen"}).status_code == 403
        assert client.post(action_url("resolve", flag), {"resolution": "Done"}).status_code == 403
        assert unchanged(flag)


def test_a_coordinator_acts_on_a_flag_of_the_scheme_they_lead(client_for, coordinator, listeners_flag):
    client = client_for(coordinator)
    assert client.get(detail_url(listeners_flag)).status_code == 200
    client.post(action_url("acknowledge", listeners_flag), {"note": "Meeting booked for Friday."})
    client.post(action_url("comment", listeners_flag), {"text": "Room confirmed."})
    listeners_flag.refresh_from_db()
    assert listeners_flag.acknowledged_by == coordinator
    assert listeners_flag.comments.count() == 2


def test_another_prisons_flag_is_not_found(client_for, outsider, buddies_flag):
    client = client_for(outsider)
    assert client.get(detail_url(buddies_flag)).status_code == 404
    assert client.post(action_url("acknowledge", buddies_flag)).status_code == 404
    assert client.post(action_url("comment", buddies_flag), {"text": "Seen"}).status_code == 404
    assert client.post(action_url("resolve", buddies_flag), {"resolution": "Done"}).status_code == 404
    assert unchanged(buddies_flag)


# --- A flag's page ----------------------------------------------------------------------------


def test_the_page_links_to_what_the_flag_is_about(client_for, manager, establishment, active_contract):
    meeting = SupervisionMeeting.objects.create(
        scheme=active_contract.scheme,
        starts_at=datetime(2026, 11, 2, 14, 0, tzinfo=LONDON),
        status=SupervisionMeeting.Status.CANCELLED,
        cancelled_reason="Lead redeployed",
        cancelled_by=manager,
        cancelled_at=timezone.now(),
        created_by=manager,
    )
    flag = make_flag(
        establishment,
        scheme=active_contract.scheme,
        contract=active_contract,
        meeting=meeting,
        escalated_at=timezone.now(),
    )

    body = client_for(manager).get(detail_url(flag)).content.decode()

    assert reverse("schemes:scheme_detail", args=[active_contract.scheme.pk]) in body
    assert reverse("schemes:contract_detail", args=[active_contract.pk]) in body
    assert "Ryan Ellis's Listeners contract" in body
    assert reverse("schemes:meeting_detail", args=[meeting.pk]) in body
    assert "2 November 2026, 14:00" in body
    assert "23 November 2026, 10:00 by the system" in body
    assert "Escalated" in body


def test_acknowledging_records_who_when_and_the_note(client_for, manager, buddies_flag):
    response = client_for(manager).post(action_url("acknowledge", buddies_flag), {"note": "Asking the OMU."})

    buddies_flag.refresh_from_db()
    assert response.status_code == 302
    assert response.url == detail_url(buddies_flag)
    assert buddies_flag.acknowledged_by == manager
    assert buddies_flag.acknowledged_at == timezone.now()
    page = client_for(manager).get(detail_url(buddies_flag)).content.decode()
    assert f"23 November 2026, 10:00 by {manager}" in page
    assert "Acknowledged: Asking the OMU." in page
    assert "Acknowledge again" in page


def test_acknowledging_again_records_the_latest_and_keeps_both_notes(
    client_for, manager, safer_custody_officer, buddies_flag, time_machine
):
    client_for(manager).post(
        action_url("acknowledge", buddies_flag), {"note": "Asking the OMU.", "look_again_on": "2026-11-30"}
    )
    time_machine.move_to(datetime(2026, 11, 23, 15, 0, tzinfo=LONDON), tick=False)

    response = client_for(safer_custody_officer).post(
        action_url("acknowledge", buddies_flag), {"note": "OMU has no one until January."}
    )

    assert response.status_code == 302
    buddies_flag.refresh_from_db()
    assert (buddies_flag.acknowledged_by, buddies_flag.look_again_on) == (safer_custody_officer, None)
    assert buddies_flag.comments.count() == 2


def test_acknowledging_without_a_note_is_refused_next_to_the_box(client_for, manager, buddies_flag):
    response = client_for(manager).post(action_url("acknowledge", buddies_flag), {"note": "  "})

    assert response.status_code == 200
    assert response.context["acknowledge_form"].errors["note"] == ["Say what you are doing about it."]
    assert unchanged(buddies_flag)


def test_acknowledging_a_resolved_flag_is_refused_with_a_banner(client_for, manager, buddies_flag):
    buddies_flag.resolved_at = timezone.now()
    buddies_flag.resolution = "Lead appointed"
    buddies_flag.save()

    response = client_for(manager).post(action_url("acknowledge", buddies_flag), {"note": "Seen"})

    assert "This flag is already resolved." in response.content.decode()
    assert unchanged(buddies_flag)


def test_a_comment_is_added_with_its_author(client_for, manager, buddies_flag):
    response = client_for(manager).post(action_url("comment", buddies_flag), {"text": "Spoke to the OMU."})

    assert response.status_code == 302
    comment = FlagComment.objects.get()
    assert (comment.flag, comment.author, comment.text) == (buddies_flag, manager, "Spoke to the OMU.")
    page = client_for(manager).get(detail_url(buddies_flag)).content.decode()
    assert "Spoke to the OMU." in page
    assert f"by {manager}" in page


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_comment_is_refused_next_to_the_field(client_for, manager, buddies_flag, text):
    response = client_for(manager).post(action_url("comment", buddies_flag), {"text": text})

    assert response.status_code == 200
    assert response.context["comment_form"].errors["text"] == ["Write a comment."]
    assert "govuk-error-summary" in response.content.decode()
    assert unchanged(buddies_flag)


def test_resolving_without_saying_what_was_done_is_refused_and_nothing_changes(
    client_for, manager, expired_flag
):
    buddies_flag = expired_flag
    response = client_for(manager).post(action_url("resolve", buddies_flag), {"resolution": "  "})

    assert response.status_code == 200
    assert response.context["resolve_form"].errors["resolution"] == ["Say what was done."]
    assert "govuk-error-summary" in response.content.decode()
    assert unchanged(buddies_flag)
    assert buddies_flag.is_open


def test_resolving_records_who_when_and_what_was_done(client_for, manager, expired_flag):
    buddies_flag = expired_flag
    response = client_for(manager).post(
        action_url("resolve", buddies_flag), {"resolution": "New lead appointed."}
    )

    buddies_flag.refresh_from_db()
    assert response.status_code == 302
    assert (buddies_flag.resolved_by, buddies_flag.resolution) == (manager, "New lead appointed.")
    assert buddies_flag.resolved_at == timezone.now()
    page = client_for(manager).get(detail_url(buddies_flag)).content.decode()
    assert "New lead appointed." in page
    assert 'id="resolve"' not in page


def test_resolving_a_resolved_flag_again_is_refused(client_for, manager, system_admin, expired_flag):
    buddies_flag = expired_flag
    client_for(system_admin).post(action_url("resolve", buddies_flag), {"resolution": "First"})
    buddies_flag.refresh_from_db()

    response = client_for(manager).post(action_url("resolve", buddies_flag), {"resolution": "Second"})

    assert response.status_code == 200
    assert "This flag is already resolved." in response.content.decode()
    assert unchanged(buddies_flag)
    assert buddies_flag.resolution == "First"


def test_the_forms_warn_never_to_record_what_a_caller_said(client_for, manager, expired_flag):
    body = client_for(manager).get(detail_url(expired_flag)).content.decode()
    boxes = re.findall(r'<textarea name="(\w+)"', body)
    hints = re.findall(r'class="govuk-hint">([^<]*)</div>', body)
    assert sorted(boxes) == ["note", "resolution", "text"]
    assert sum(hint.endswith("Never record what a Listener's caller said.") for hint in hints) == 3


# --- Home page fragments -------------------------------------------------------------------------


def test_the_home_flags_fragment_links_into_the_filtered_inbox(establishment, buddies, listeners, manager):
    raise_condition(buddies, severity=Flag.Severity.URGENT)
    make_flag(establishment, scheme=listeners, severity=Flag.Severity.NOTICE)

    body = render_to_string(
        "home/_flags.html",
        {"flag_summary": selectors.open_flags_summary(user=manager, establishment=establishment)},
    )

    assert "2 open flags need attention" in body
    assert f"{reverse('flags:flag_list')}?severity=3" in body
    assert f"{reverse('flags:flag_list')}?scheme={buddies.pk}" in body
    assert f"{reverse('flags:flag_list')}?scheme={listeners.pk}" in body
    assert "?severity=2" not in body


def test_the_home_flags_fragment_says_when_nothing_is_open(establishment, manager):
    body = render_to_string(
        "home/_flags.html",
        {"flag_summary": selectors.open_flags_summary(user=manager, establishment=establishment)},
    )
    assert "No open flags." in body


def test_the_home_supervision_fragment_shows_each_schemes_held_rate(establishment, buddies, manager):
    status = SupervisionMeeting.Status
    for day, state in [(1, status.HELD), (2, status.HELD), (3, status.SCHEDULED), (4, status.CANCELLED)]:
        extra = (
            {"cancelled_reason": "No officer", "cancelled_by": manager, "cancelled_at": timezone.now()}
            if state == status.CANCELLED
            else {}
        )
        SupervisionMeeting.objects.create(
            scheme=buddies,
            starts_at=datetime(2026, 10, day, 10, 0, tzinfo=LONDON),
            status=state,
            created_by=manager,
            **extra,
        )

    body = render_to_string(
        "home/_supervision.html",
        {
            "held_rates": selectors_meetings.supervision_held_rate(
                establishment=establishment, today=date(2026, 11, 23)
            )
        },
    )

    assert "50%" in body
    assert "No meetings due" in body
    assert reverse("schemes:scheme_detail", args=[buddies.pk]) in body

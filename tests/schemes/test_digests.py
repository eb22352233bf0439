"""The daily digest: who gets one and what it says, the outbox sent once, and opting out."""

from datetime import datetime, timedelta
from smtplib import SMTPRecipientsRefused
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from flags.models import Flag
from schemes.models import OutboxEmail, SchemeLead
from schemes.services.digests import MAX_SEND_ATTEMPTS, digests_write, outbox_send
from schemes.services.schemes import scheme_lead_end
from tests.factories import UserFactory

LONDON = ZoneInfo("Europe/London")
MORNING = datetime(2026, 11, 23, 7, 15, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _morning(time_machine):
    """Every test starts at 07:15 on 23 November 2026, when the digest is written."""
    time_machine.move_to(MORNING, tick=False)


def _flag(scheme, severity, summary, *, opened=MORNING - timedelta(days=3), key=None):
    return Flag.objects.create(
        kind=Flag.Kind.SUPERVISION_OVERDUE,
        key=key or f"test:{scheme.pk}:{summary}",
        establishment=scheme.establishment,
        scheme=scheme,
        severity=severity,
        summary=summary,
        opened_at=opened,
    )


def _with_email(user, address=None):
    user.email = address or f"{user.username}@justice.example"
    user.save(update_fields=["email"])
    return user


@pytest.fixture
def lead(listeners, coordinator):
    return _with_email(coordinator)


@pytest.fixture
def safer_custody_manager(manager):
    return _with_email(manager)


def _digest_for(user):
    return OutboxEmail.objects.get(recipient=user)


# --- Who gets a digest ------------------------------------------------------------------


def test_a_lead_hears_only_about_the_schemes_they_lead(lead, listeners, buddies):
    _flag(listeners, Flag.Severity.WARNING, "Listeners: supervision overdue.")
    _flag(buddies, Flag.Severity.URGENT, "Buddies has peer workers but no staff lead.")

    assert digests_write(now=MORNING) == 1

    digest = _digest_for(lead)
    assert digest.to_address == "coordinator@justice.example"
    assert "Listeners: supervision overdue." in digest.body_text
    assert "Buddies" not in digest.body_text


def test_a_manager_hears_about_every_open_flag_in_their_prison(safer_custody_manager, listeners, buddies):
    _flag(listeners, Flag.Severity.WARNING, "Listeners: supervision overdue.")
    _flag(buddies, Flag.Severity.URGENT, "Buddies has peer workers but no staff lead.")
    resolved = _flag(buddies, Flag.Severity.URGENT, "An old flag that was dealt with.")
    resolved.resolved_at = MORNING - timedelta(days=1)
    resolved.save()

    digests_write(now=MORNING)

    body = _digest_for(safer_custody_manager).body_text
    assert "Listeners: supervision overdue." in body
    assert "Buddies has peer workers but no staff lead." in body
    assert "An old flag" not in body


def test_a_manager_of_another_prison_hears_nothing_of_this_one(listeners, outsider):
    _with_email(outsider)
    _flag(listeners, Flag.Severity.URGENT, "Listeners has peer workers but no staff lead.")

    digests_write(now=MORNING)

    assert not OutboxEmail.objects.filter(recipient=outsider).exists()


def test_someone_who_both_leads_and_manages_gets_one_email(safer_custody_manager, listeners):
    SchemeLead.objects.create(scheme=listeners, user=safer_custody_manager, started_on=MORNING.date())
    _flag(listeners, Flag.Severity.WARNING, "Listeners: supervision overdue.")

    assert digests_write(now=MORNING) == 1
    assert _digest_for(safer_custody_manager).body_text.count("Listeners: supervision overdue.") == 1


def test_no_open_flags_means_no_email(lead, safer_custody_manager):
    assert digests_write(now=MORNING) == 0
    assert not OutboxEmail.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"receives_digest": False},
        {"email": ""},
        {"is_active": False},
    ],
    ids=["opted-out", "no-email-address", "account-disabled"],
)
def test_some_leads_get_no_digest(lead, listeners, change):
    for name, value in change.items():
        setattr(lead, name, value)
    lead.save()
    _flag(listeners, Flag.Severity.WARNING, "Listeners: supervision overdue.")

    assert digests_write(now=MORNING) == 0


def test_a_lead_who_has_stepped_down_gets_no_digest(lead, listeners, system_admin):
    scheme_lead_end(lead=SchemeLead.objects.get(user=lead), actor=system_admin)
    _flag(listeners, Flag.Severity.WARNING, "Listeners: supervision overdue.")

    assert digests_write(now=MORNING) == 0


def test_wing_officers_get_no_digest(listeners, wing_officer):
    _with_email(wing_officer)
    _flag(listeners, Flag.Severity.WARNING, "Listeners: supervision overdue.")

    digests_write(now=MORNING)

    assert not OutboxEmail.objects.filter(recipient=wing_officer).exists()


# --- Once a day ------------------------------------------------------------------------


def test_writing_twice_on_the_same_day_writes_nothing_new(lead, listeners):
    _flag(listeners, Flag.Severity.WARNING, "Listeners: supervision overdue.")

    assert digests_write(now=MORNING) == 1
    assert digests_write(now=MORNING + timedelta(hours=10)) == 0
    assert OutboxEmail.objects.get().key == f"digest:{lead.pk}:2026-11-23"


def test_a_second_run_on_the_same_day_reads_no_flag(lead, listeners):
    _flag(listeners, Flag.Severity.WARNING, "Listeners: supervision overdue.")
    digests_write(now=MORNING)

    with CaptureQueriesContext(connection) as captured:
        assert digests_write(now=MORNING + timedelta(hours=1)) == 0

    assert not [query for query in captured.captured_queries if '"schemes_flag"' in query["sql"]]


def test_someone_who_opts_in_after_the_days_run_gets_theirs_on_the_next_run(
    lead, listeners, safer_custody_manager
):
    _flag(listeners, Flag.Severity.WARNING, "Listeners: supervision overdue.")
    safer_custody_manager.receives_digest = False
    safer_custody_manager.save()
    assert digests_write(now=MORNING) == 1

    safer_custody_manager.receives_digest = True
    safer_custody_manager.save()

    assert digests_write(now=MORNING + timedelta(hours=1)) == 1
    assert (
        OutboxEmail.objects.get(recipient=safer_custody_manager).subject
        == "Peer work: 1 flag needs attention"
    )


def test_the_next_local_day_gets_a_new_digest(lead, listeners):
    """At 00:30 on 24 November in London it is a new day, whatever UTC says."""
    _flag(listeners, Flag.Severity.WARNING, "Listeners: supervision overdue.")
    digests_write(now=MORNING)

    assert digests_write(now=datetime(2026, 11, 24, 0, 30, tzinfo=LONDON)) == 1
    assert sorted(OutboxEmail.objects.values_list("key", flat=True)) == [
        f"digest:{lead.pk}:2026-11-23",
        f"digest:{lead.pk}:2026-11-24",
    ]


def test_the_local_date_names_the_digest_in_summer_time(lead, listeners):
    """23:30 UTC on 30 April 2027 is already 1 May in London."""
    _flag(listeners, Flag.Severity.WARNING, "Listeners: supervision overdue.")

    digests_write(now=datetime(2027, 4, 30, 23, 30, tzinfo=ZoneInfo("UTC")))

    assert OutboxEmail.objects.get().key == f"digest:{lead.pk}:2027-05-01"


# --- What it says ----------------------------------------------------------------------


def test_the_subject_counts_the_flags_and_the_urgent_ones(lead, listeners):
    _flag(listeners, Flag.Severity.URGENT, "Listeners: 2 supervision meetings cancelled in a row.")
    _flag(listeners, Flag.Severity.WARNING, "Listeners: supervision overdue.")
    _flag(listeners, Flag.Severity.NOTICE, "Ryan Ellis's Listeners contract ends soon.")

    digests_write(now=MORNING)

    assert _digest_for(lead).subject == "Peer work: 3 flags need attention (1 urgent)"


def test_the_subject_of_a_single_flag_reads_well(lead, listeners):
    _flag(listeners, Flag.Severity.WARNING, "Listeners: supervision overdue.")

    digests_write(now=MORNING)

    assert _digest_for(lead).subject == "Peer work: 1 flag needs attention"


def test_the_digest_lists_flags_most_severe_first_with_scheme_date_and_link(lead, listeners, settings):
    settings.SITE_URL = "https://peerwork.example/"
    notice = _flag(listeners, Flag.Severity.NOTICE, "Ryan Ellis's Listeners contract ends soon.")
    urgent = _flag(
        listeners,
        Flag.Severity.URGENT,
        "Listeners: 2 supervision meetings cancelled in a row.",
        opened=datetime(2026, 11, 20, 9, tzinfo=LONDON),
    )

    digests_write(now=MORNING)

    digest = _digest_for(lead)
    text = digest.body_text
    assert text.index("URGENT (1)") < text.index("cancelled in a row") < text.index("NOTICE (1)")
    assert text.index("NOTICE (1)") < text.index("contract ends soon")
    assert "Listeners, HMP Alpha. Opened 20 November 2026." in text
    assert f"https://peerwork.example/flags/{urgent.pk}/" in text
    assert f"https://peerwork.example/flags/{notice.pk}/" in text
    assert "https://peerwork.example" + reverse("accounts:settings") in text
    assert "&#x27;" not in text  # plain text is not HTML-escaped
    assert f'href="https://peerwork.example/flags/{urgent.pk}/"' in digest.body_html
    assert "Ryan Ellis&#x27;s Listeners contract ends soon." in digest.body_html


def _add_leads_and_managers_with_flags(schemes, establishment, indexes):
    """For each scheme chosen: a lead with an email, a manager with an email, and two open flags."""
    for index in indexes:
        scheme = list(schemes.values())[index]
        coordinator = UserFactory(
            role=Role.SCHEME_COORDINATOR, establishments=[establishment], email=f"lead{scheme.pk}@x.example"
        )
        SchemeLead.objects.create(scheme=scheme, user=coordinator, started_on=MORNING.date())
        UserFactory(
            role=Role.SAFER_CUSTODY_MANAGER,
            establishments=[establishment],
            email=f"manager{scheme.pk}@x.example",
        )
        _flag(scheme, Flag.Severity.WARNING, f"{scheme.name}: supervision overdue.")
        _flag(scheme, Flag.Severity.URGENT, f"{scheme.name}: meetings cancelled.")


def test_writing_digests_costs_the_same_queries_for_few_or_many_users(
    schemes, establishment, django_assert_num_queries
):
    # The open flags, three for flags.audience (its third: who answers for a concerns department),
    # the concerns waiting for an answer (concerns.digest; none here, so it asks nothing more), the
    # keys already written and the insert.
    _add_leads_and_managers_with_flags(schemes, establishment, range(1))
    with django_assert_num_queries(7):
        assert digests_write(now=MORNING) == 2

    _add_leads_and_managers_with_flags(schemes, establishment, range(1, 7))
    with django_assert_num_queries(7):
        assert digests_write(now=MORNING + timedelta(days=1)) == 14


# --- Sending the outbox ----------------------------------------------------------------


def _outbox_row(user, key, **extra):
    return OutboxEmail.objects.create(
        key=key,
        recipient=user,
        to_address=extra.pop("to_address", f"{user.username}@justice.example"),
        subject="Peer work: 1 flag needs attention",
        body_text="Listeners: supervision overdue.",
        body_html="<p>Listeners: supervision overdue.</p>",
        created_at=MORNING,
        **extra,
    )


def test_the_outbox_is_sent_once_with_text_and_html(lead, listeners):
    _flag(listeners, Flag.Severity.WARNING, "Listeners: supervision overdue.")
    digests_write()

    assert outbox_send() == 1
    assert outbox_send() == 0

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["coordinator@justice.example"]
    assert message.subject == "Peer work: 1 flag needs attention"
    assert "Listeners: supervision overdue." in message.body
    assert message.alternatives[0].mimetype == "text/html"
    assert "Listeners: supervision overdue." in message.alternatives[0].content
    assert OutboxEmail.objects.get().sent_at == MORNING


def test_the_outbox_sends_at_most_the_limit_each_time(coordinator):
    for index in range(3):
        _outbox_row(coordinator, f"test:{index}")

    assert outbox_send(limit=2) == 2
    assert outbox_send(limit=2) == 1
    assert len(mail.outbox) == 3


class RefusingBackend(locmem.EmailBackend):
    """Refuses any address at bounce.example, as a mail server would."""

    def send_messages(self, messages):
        for message in messages:
            refused = [address for address in message.to if address.endswith("@bounce.example")]
            if refused:
                raise SMTPRecipientsRefused({address: (550, b"No such user") for address in refused})
        return super().send_messages(messages)


class UnreachableBackend(locmem.EmailBackend):
    def open(self):
        raise ConnectionRefusedError("Connection refused")


def test_a_refused_email_is_retried_without_holding_up_the_others(coordinator, manager, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    good = _outbox_row(coordinator, "test:good")
    bad = _outbox_row(manager, "test:bad", to_address="manager@bounce.example")

    assert outbox_send() == 1

    good.refresh_from_db()
    bad.refresh_from_db()
    assert [m.to for m in mail.outbox] == [["coordinator@justice.example"]]
    assert good.sent_at is not None
    assert bad.sent_at is None
    assert bad.failed_attempts == 1
    assert "No such user" in bad.last_error

    bad.to_address = "manager@justice.example"
    bad.save()
    assert outbox_send() == 1
    assert [m.to for m in mail.outbox][-1] == ["manager@justice.example"]


def test_an_email_refused_five_times_is_left_alone(coordinator, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    bad = _outbox_row(coordinator, "test:bad", to_address="coordinator@bounce.example")

    for _ in range(MAX_SEND_ATTEMPTS + 2):
        outbox_send()

    bad.refresh_from_db()
    assert bad.failed_attempts == MAX_SEND_ATTEMPTS
    assert bad.sent_at is None


def test_when_the_mail_server_is_unreachable_nothing_is_marked(coordinator, settings):
    settings.EMAIL_BACKEND = f"{__name__}.UnreachableBackend"
    row = _outbox_row(coordinator, "test:one")

    with pytest.raises(ConnectionRefusedError):
        outbox_send()

    row.refresh_from_db()
    assert (row.sent_at, row.failed_attempts) == (None, 0)


def test_sending_costs_the_same_queries_for_few_or_many_emails(coordinator, django_assert_num_queries):
    _outbox_row(coordinator, "test:first")
    with django_assert_num_queries(4):
        assert outbox_send() == 1

    for index in range(8):
        _outbox_row(coordinator, f"test:{index}")
    with django_assert_num_queries(4):
        assert outbox_send() == 8


def test_a_failed_send_costs_one_more_query_whatever_the_number(
    coordinator, settings, django_assert_num_queries
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    _outbox_row(coordinator, "test:bad1", to_address="a@bounce.example")
    with django_assert_num_queries(4):
        outbox_send()

    for index in range(5):
        _outbox_row(coordinator, f"test:bad-more{index}", to_address=f"b{index}@bounce.example")
    with django_assert_num_queries(4):
        outbox_send()


# --- Opting out (accounts:settings) ------------------------------------------------------


def test_a_lead_can_opt_out_of_the_digest(client_for, lead, listeners):
    client = client_for(lead)
    page = client.get(reverse("accounts:settings")).content.decode()
    assert "coordinator@justice.example" in page
    assert 'id="id_receives_digest" checked' in page

    response = client.post(reverse("accounts:settings"), {}, follow=True)

    lead.refresh_from_db()
    assert lead.receives_digest is False
    assert "You will no longer get the daily email digest." in response.content.decode()
    record = lead.history.first()
    assert record.history_user == lead
    assert record.history_change_reason == "Daily digest turned off"

    _flag(listeners, Flag.Severity.WARNING, "Listeners: supervision overdue.")
    assert digests_write(now=MORNING) == 0


def test_opting_back_in_is_recorded(client_for, lead):
    lead.receives_digest = False
    lead.save()
    client = client_for(lead)
    assert 'id="id_receives_digest">' in client.get(reverse("accounts:settings")).content.decode()

    client.post(reverse("accounts:settings"), {"receives_digest": "on"})

    lead.refresh_from_db()
    assert lead.receives_digest is True
    assert lead.history.first().history_change_reason == "Daily digest turned on"


def test_saving_without_a_change_records_nothing(client_for, lead):
    client = client_for(lead)
    before = lead.history.count()

    client.post(reverse("accounts:settings"), {"receives_digest": "on"})

    assert lead.history.count() == before


def test_the_settings_page_says_when_there_is_no_email_address(client_for, wing_officer):
    page = client_for(wing_officer).get(reverse("accounts:settings")).content.decode()
    assert "We have no email address for you" in page


def test_settings_need_a_signed_in_user(client):
    response = client.post(reverse("accounts:settings"), {})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))

"""The daily email digest: written to the outbox first, then sent once.

Writing and sending are separate jobs. `digests_write` decides who hears about what and stores
each email as an `OutboxEmail` row with a key per recipient per day, so running it twice writes
nothing new. `outbox_send` sends whatever is unsent and marks it, so running it twice sends nothing
twice. Both read everything they need in a fixed number of queries, however many users or flags.

Apps above schemes add sections of their own (concerns: a department's waiting concerns) by
registering a `DigestSource` from their `AppConfig.ready`, so that schemes imports none of them.
A source answers in a fixed number of queries too; it may also write to shared inboxes that are
nobody's account (a department's digest email), one email per inbox per day.
"""

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from flags.audience import audiences, recipients_among
from flags.models import Flag
from schemes.models import OutboxEmail

logger = logging.getLogger(__name__)

# What a digest reads of each flag: what it shows, and what flags.audience asks of it.
DIGEST_FLAG_FIELDS = (
    "kind",
    "severity",
    "summary",
    "opened_at",
    "establishment_id",
    "scheme_id",
    "concern_id",
    "establishment__name",
    "scheme__name",
    "concern__department_id",
)
# After this many failed attempts an email is left alone: `last_error` says why.
MAX_SEND_ATTEMPTS = 5


@dataclass(frozen=True)
class DigestItem:
    summary: str
    scheme: str
    establishment: str
    opened_at: datetime
    url: str


@dataclass(frozen=True)
class DigestGroup:
    label: str
    items: list[DigestItem]


@dataclass(frozen=True)
class DigestLine:
    text: str
    detail: str
    url: str


@dataclass(frozen=True)
class DigestSection:
    """A block of the digest from another app: a heading, its lines, a link to see them all, and
    how the subject line names it ("3 concerns for Healthcare (1 overdue)")."""

    heading: str
    lines: list[DigestLine]
    more_url: str
    more_label: str
    subject: str


@dataclass(frozen=True)
class SharedInbox:
    """A digest to an address that is nobody's account. `key` names the inbox, unique among them."""

    key: str
    address: str
    name: str
    why: str
    sections: list[DigestSection]


@dataclass
class DigestExtras:
    by_user: dict[int, tuple[User, list[DigestSection]]] = field(default_factory=dict)
    inboxes: list[SharedInbox] = field(default_factory=list)


# Called as source(users=..., today=..., site_url=...): the sections for each of `users` (those
# who want a digest) who has any, and the shared inboxes to write to.
DigestSource = Callable[..., DigestExtras]
_SOURCES: list[DigestSource] = []


def digest_source_register(source: DigestSource) -> None:
    """Add a source of digest sections (once, however often an app's `ready` runs)."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def _site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def _wants_digest() -> QuerySet[User]:
    """Active users with an email address who opted in; flags.audience decides what each hears about."""
    return User.objects.filter(is_active=True, receives_digest=True).exclude(email="")


def _item(flag: Flag, site_url: str) -> DigestItem:
    return DigestItem(
        summary=flag.summary,
        scheme=flag.scheme.name if flag.scheme else "",
        establishment=flag.establishment.name,
        opened_at=flag.opened_at,
        url=site_url + reverse("flags:flag_detail", kwargs={"pk": flag.pk}),
    )


def _groups(flags: list[Flag], site_url: str) -> list[DigestGroup]:
    """Most severe first; within a severity, the oldest first."""
    groups = []
    for severity in sorted(Flag.Severity, reverse=True):
        items = [_item(flag, site_url) for flag in flags if flag.severity == severity]
        if items:
            groups.append(DigestGroup(label=severity.label, items=items))
    return groups


def digest_subject(flags: list[Flag], sections: Sequence[DigestSection] = ()) -> str:
    parts = []
    if count := len(flags):
        urgent = sum(1 for flag in flags if flag.severity == Flag.Severity.URGENT)
        part = f"{count} flag{'s need' if count != 1 else ' needs'} attention"
        parts.append(f"{part} ({urgent} urgent)" if urgent else part)
    parts += [section.subject for section in sections]
    return f"Peer work: {'; '.join(parts)}"[: OutboxEmail.subject.field.max_length]


def _digest_key(user_pk: int, today: date) -> str:
    return f"digest:{user_pk}:{today.isoformat()}"


def _digest_key_of(user_pk: OuterRef, today: date) -> Concat:
    """`_digest_key` as an expression of the outer row's user."""
    return Concat(
        Value("digest:"), Cast(user_pk, CharField()), Value(f":{today.isoformat()}"), output_field=CharField()
    )


def _inbox_key(inbox: SharedInbox, today: date) -> str:
    return f"digest:{inbox.key}:{today.isoformat()}"


def _email(
    *,
    key: str,
    recipient: User | None,
    to_address: str,
    context: dict,
    flags: list[Flag],
    sections: list[DigestSection],
    now: datetime,
    site_url: str,
) -> OutboxEmail:
    context |= {
        "today": timezone.localdate(now),
        "count": len(flags),
        "groups": _groups(flags, site_url),
        "sections": sections,
        "flags_url": site_url + reverse("flags:flag_list"),
        "settings_url": site_url + reverse("accounts:settings"),
    }
    return OutboxEmail(
        key=key,
        recipient=recipient,
        to_address=to_address,
        subject=digest_subject(flags, sections),
        body_text=render_to_string("emails/digest.txt", context),
        body_html=render_to_string("emails/digest.html", context),
        created_at=now,
    )


def _digest(
    user: User, flags: list[Flag], sections: list[DigestSection], *, now: datetime, today: date, site_url: str
) -> OutboxEmail:
    return _email(
        key=_digest_key(user.pk, today),
        recipient=user,
        to_address=user.email,
        context={"name": user.get_full_name() or user.username},
        flags=flags,
        sections=sections,
        now=now,
        site_url=site_url,
    )


def _inbox_digest(inbox: SharedInbox, *, now: datetime, today: date, site_url: str) -> OutboxEmail:
    return _email(
        key=_inbox_key(inbox, today),
        recipient=None,
        to_address=inbox.address,
        context={"name": inbox.name, "shared_inbox_why": inbox.why},
        flags=[],
        sections=inbox.sections,
        now=now,
        site_url=site_url,
    )


def _extras(*, users: QuerySet[User], today: date, site_url: str) -> DigestExtras:
    """What the registered sources add, merged: each user's sections, and the shared inboxes."""
    merged = DigestExtras()
    for source in _SOURCES:
        extras = source(users=users, today=today, site_url=site_url)
        for user_pk, (user, sections) in extras.by_user.items():
            merged.by_user.setdefault(user_pk, (user, []))[1].extend(sections)
        merged.inboxes.extend(extras.inboxes)
    return merged


def digests_write(*, now: datetime | None = None) -> int:
    """Write today's digest for each person who hears about open flags (flags.audience) or has a
    section from another app (a department's waiting concerns), and opted in; and one for each
    shared inbox a source names.

    It lists the open flags they hear about, less those acknowledged to look at again on a later
    day, then the sections. Someone who hears about flags in two ways gets one email. Returns how
    many digests were written (none the second time on the same local day).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    site_url = _site_url()

    # Those already written to today are left out from the start, so a second run reads no flag.
    users = _wants_digest().exclude(
        Exists(OutboxEmail.objects.filter(key=_digest_key_of(OuterRef("pk"), today)))
    )
    listening = audiences(users=users)
    open_flags = (
        Flag.objects.filter(resolved_at__isnull=True)
        .exclude(look_again_on__gt=today)
        .select_related("scheme", "establishment", "concern")
        .only(*DIGEST_FLAG_FIELDS)
        .order_by("-severity", "opened_at", "pk")
    )
    hearing = recipients_among(flags=open_flags, audiences=listening) if listening else {}
    extras = _extras(users=users, today=today, site_url=site_url)
    wanted: dict[str, tuple[User, list[Flag], list[DigestSection]]] = {}
    for user_pk, (user, flags) in hearing.items():
        wanted[_digest_key(user_pk, today)] = (user, flags, [])
    for user_pk, (user, sections) in extras.by_user.items():
        _, flags, _ = wanted.get(_digest_key(user_pk, today), (user, [], []))
        wanted[_digest_key(user_pk, today)] = (user, flags, sections)
    inboxes = {_inbox_key(inbox, today): inbox for inbox in extras.inboxes}
    if not wanted and not inboxes:
        return 0

    already = set(OutboxEmail.objects.filter(key__in=[*wanted, *inboxes]).values_list("key", flat=True))
    digests = [
        _digest(user, flags, sections, now=now, today=today, site_url=site_url)
        for key, (user, flags, sections) in wanted.items()
        if key not in already
    ] + [
        _inbox_digest(inbox, now=now, today=today, site_url=site_url)
        for key, inbox in inboxes.items()
        if key not in already
    ]
    # The unique key keeps a racing run from writing a second copy.
    OutboxEmail.objects.bulk_create(digests, ignore_conflicts=True)
    return len(digests)


def _message(email: OutboxEmail, connection: BaseEmailBackend) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to_address],
        connection=connection,
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(email.body_html, "text/html")
    return message


def _send_one(email: OutboxEmail, connection: BaseEmailBackend) -> str:
    """Send one email; return why it was not sent, or "" if it was."""
    try:
        delivered = connection.send_messages([_message(email, connection)])
    except Exception as error:  # one refused address must not stop the others
        return f"{type(error).__name__}: {error}"[:1000]
    return "" if delivered else "The mail server accepted no recipient."


@transaction.atomic
def outbox_send(*, limit: int = 200) -> int:
    """Send unsent emails, oldest first, over one connection. Returns how many were sent.

    The rows stay locked until they are marked, so two senders never send the same email
    (`skip_locked` lets a second sender take other rows; on SQLite the immediate transaction
    makes it wait instead). An email the server refuses is retried on the next run, up to
    MAX_SEND_ATTEMPTS times. If the server cannot be reached at all, nothing is marked and the
    whole batch waits for the next run.
    """
    batch = list(
        OutboxEmail.objects.select_for_update(skip_locked=True)
        .filter(sent_at__isnull=True, failed_attempts__lt=MAX_SEND_ATTEMPTS)
        .order_by("created_at", "pk")[:limit]
    )
    if not batch:
        return 0

    sent, failed = [], []
    with get_connection() as connection:
        for email in batch:
            problem = _send_one(email, connection)
            if problem:
                logger.warning("Email %s to %s not sent: %s", email.pk, email.to_address, problem)
                email.failed_attempts += 1
                email.last_error = problem
                failed.append(email)
            else:
                sent.append(email.pk)

    if sent:
        OutboxEmail.objects.filter(pk__in=sent).update(sent_at=timezone.now())
    if failed:
        OutboxEmail.objects.bulk_update(failed, ["failed_attempts", "last_error"])
    return len(sent)

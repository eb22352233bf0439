"""The conditions that need a member of staff's attention, computed set-based.

Each `*_conditions` function reads every establishment at once, in a fixed number of queries,
and returns the conditions that hold now. `flags.api.flags_sync` turns them into flags: opens the
new ones, escalates the worse ones and resolves those whose condition cleared.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery
from django.utils import timezone

from flags.api import Condition, Kind, Severity
from peerwork.formats import long_date
from schemes.models import Contract, SchemeLead, SupervisionMeeting
from schemes.models.schemes import Scheme
from schemes.selectors import expiry_warning_days

# The condition kinds a change can clear (or raise), re-checked straight after it commits.
AFTER_CONTRACT_CHANGE = [
    Kind.CONTRACT_ENDING,
    Kind.CONTRACT_EXPIRED,
    Kind.RENEWAL_UNSIGNED,
    Kind.NO_LEAD,
    Kind.SUPERVISION_OVERDUE,
]
# A renewal continues the role at once; its new compact should be signed within this many days.
RENEWAL_SIGNATURE_DAYS = 14
AFTER_LEAD_CHANGE = [Kind.NO_LEAD]
AFTER_MEETING_CHANGE = [Kind.MEETINGS_CANCELLED, Kind.SUPERVISION_OVERDUE]


def _schemes_with_workers():
    in_role = Contract.objects.in_role().filter(scheme=OuterRef("pk"))
    return Scheme.objects.filter(is_active=True).filter(Exists(in_role))


def _last_held_meeting():
    return Subquery(
        SupervisionMeeting.objects.filter(scheme=OuterRef("pk"), status=SupervisionMeeting.Status.HELD)
        .order_by("-starts_at")
        .values("starts_at")[:1]
    )


def no_lead_conditions() -> list[Condition]:
    """A scheme with peer workers in role and no active staff lead."""
    active_lead = SchemeLead.objects.filter(scheme=OuterRef("pk"), ended_on__isnull=True)
    schemes = _schemes_with_workers().filter(~Exists(active_lead)).values("pk", "name", "establishment_id")
    return [
        Condition(
            kind=Kind.NO_LEAD,
            key=f"no_lead:scheme:{s['pk']}",
            establishment_id=s["establishment_id"],
            scheme_id=s["pk"],
            severity=Severity.URGENT,
            summary=f"{s['name']} has peer workers but no staff lead.",
        )
        for s in schemes
    ]


def supervision_overdue_conditions(*, today: date) -> list[Condition]:
    """No meeting held within the cadence plus the grace period; urgent past twice the cadence.

    A scheme that has never met counts from the start of its longest-serving current contract.
    """
    grace = settings.SUPERVISION_GRACE_DAYS
    first_start = Subquery(
        Contract.objects.in_role()
        .filter(scheme=OuterRef("pk"))
        .order_by("start_date")
        .values("start_date")[:1]
    )
    schemes = _schemes_with_workers().annotate(last_held=_last_held_meeting(), first_start=first_start)
    conditions = []
    for scheme in schemes.values(
        "pk", "name", "establishment_id", "supervision_every_days", "last_held", "first_start"
    ):
        since = (
            timezone.localtime(scheme["last_held"]).date() if scheme["last_held"] else scheme["first_start"]
        )
        gap = (today - since).days
        cadence = scheme["supervision_every_days"]
        if gap <= cadence + grace:
            continue
        what = f"last meeting held {long_date(since)}" if scheme["last_held"] else "no meeting held yet"
        conditions.append(
            Condition(
                kind=Kind.SUPERVISION_OVERDUE,
                key=f"supervision_overdue:scheme:{scheme['pk']}",
                establishment_id=scheme["establishment_id"],
                scheme_id=scheme["pk"],
                severity=Severity.URGENT if gap > 2 * cadence else Severity.WARNING,
                summary=f"{scheme['name']}: supervision overdue ({what}; due every {cadence} days).",
            )
        )
    return conditions


def meetings_cancelled_conditions() -> list[Condition]:
    """Cancelled meetings since the scheme last held one; two or more in a row escalate."""
    last_held = Subquery(
        SupervisionMeeting.objects.filter(scheme=OuterRef("scheme"), status=SupervisionMeeting.Status.HELD)
        .order_by("-starts_at")
        .values("starts_at")[:1]
    )
    rows = (
        SupervisionMeeting.objects.filter(status=SupervisionMeeting.Status.CANCELLED)
        .annotate(last_held=last_held)
        .filter(Q(last_held__isnull=True) | Q(starts_at__gt=F("last_held")))
        .values("scheme", "scheme__name", "scheme__establishment_id")
        .annotate(cancelled=Count("pk"), latest=Max("pk"))
    )
    conditions = []
    for row in rows:
        in_a_row = row["cancelled"]
        summary = (
            f"{row['scheme__name']}: {in_a_row} supervision meetings cancelled in a row."
            if in_a_row > 1
            else f"{row['scheme__name']}: a supervision meeting was cancelled."
        )
        conditions.append(
            Condition(
                kind=Kind.MEETINGS_CANCELLED,
                key=f"meetings_cancelled:scheme:{row['scheme']}",
                establishment_id=row["scheme__establishment_id"],
                scheme_id=row["scheme"],
                meeting_id=row["latest"],
                severity=Severity.URGENT if in_a_row > 1 else Severity.WARNING,
                summary=summary,
            )
        )
    return conditions


def _severity_for_days_left(days_left: int) -> int:
    """The nearest lead time reached sets the severity: 28 days notice, 14 warning, 7 urgent."""
    lead_times = sorted(settings.CONTRACT_WARNING_DAYS, reverse=True)
    levels = [Severity.NOTICE, Severity.WARNING, Severity.URGENT]
    severity = None
    for index, lead_time in enumerate(lead_times):
        if days_left <= lead_time:
            severity = levels[min(index, len(levels) - 1)]
    return severity


def contract_ending_conditions(*, today: date) -> list[Condition]:
    contracts = (
        Contract.objects.ending_within(expiry_warning_days(), today=today)
        .filter(end_date__gt=today)
        .values(
            "pk",
            "end_date",
            "scheme_id",
            "scheme__name",
            "scheme__establishment_id",
            "worker__first_name",
            "worker__last_name",
        )
    )
    conditions = []
    for c in contracts:
        days_left = (c["end_date"] - today).days
        conditions.append(
            Condition(
                kind=Kind.CONTRACT_ENDING,
                key=f"contract_ending:contract:{c['pk']}",
                establishment_id=c["scheme__establishment_id"],
                scheme_id=c["scheme_id"],
                contract_id=c["pk"],
                severity=_severity_for_days_left(days_left),
                summary=(
                    f"{c['worker__first_name']} {c['worker__last_name']}'s {c['scheme__name']} contract ends "
                    f"{long_date(c['end_date'])} ({days_left} day{'s' if days_left != 1 else ''})."
                ),
            )
        )
    return conditions


def renewal_unsigned_conditions(*, today: date) -> list[Condition]:
    """A renewal still in the role whose new compact is unsigned 14 days after it started."""
    contracts = (
        Contract.objects.renewals_awaiting_signature()
        .filter(start_date__lte=today - timedelta(days=RENEWAL_SIGNATURE_DAYS))
        .values(
            "pk",
            "start_date",
            "scheme_id",
            "scheme__name",
            "scheme__establishment_id",
            "worker__first_name",
            "worker__last_name",
        )
    )
    return [
        Condition(
            kind=Kind.RENEWAL_UNSIGNED,
            key=f"renewal_unsigned:contract:{c['pk']}",
            establishment_id=c["scheme__establishment_id"],
            scheme_id=c["scheme_id"],
            contract_id=c["pk"],
            severity=Severity.WARNING,
            summary=(
                f"{c['worker__first_name']} {c['worker__last_name']}'s {c['scheme__name']} contract was "
                f"renewed on {long_date(c['start_date'])} and the new compact is not signed yet."
            ),
        )
        for c in contracts
    ]


def contract_expired_key(contract_pk: int) -> str:
    return f"contract_expired:contract:{contract_pk}"


def expired_contracts_replaced() -> list[str]:
    """The keys of open 'contract expired' flags whose worker has since been given a new contract
    for the scheme."""
    newer = Contract.objects.open().filter(worker=OuterRef("worker"), scheme=OuterRef("scheme"))
    flagged = Contract.objects.filter(flags__kind=Kind.CONTRACT_EXPIRED, flags__resolved_at__isnull=True)
    return [contract_expired_key(pk) for pk in flagged.filter(Exists(newer)).values_list("pk", flat=True)]


__all__ = [
    "AFTER_CONTRACT_CHANGE",
    "AFTER_LEAD_CHANGE",
    "AFTER_MEETING_CHANGE",
    "RENEWAL_SIGNATURE_DAYS",
    "Condition",
    "contract_expired_key",
    "contract_ending_conditions",
    "expired_contracts_replaced",
    "meetings_cancelled_conditions",
    "no_lead_conditions",
    "renewal_unsigned_conditions",
    "supervision_overdue_conditions",
]

"""Reads for the flag inbox, a flag's page and the home pages: scoped to one establishment and
to the flags the person hears about (flags.audience). A flag of another establishment is simply
not found (404).
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from establishments.models import Establishment
from flags.audience import flags_for, hears_every_flag
from flags.filters import FlagFilter
from flags.models import Flag, FlagComment

OUT_OF_ROLE_REPORTS = "Out-of-role reports"


def flag_schemes(*, user: User, establishment: Establishment) -> QuerySet:
    """The schemes the inbox can be filtered by: all of this establishment's, or those `user` leads."""
    schemes = establishment.schemes.all()
    if not hears_every_flag(user):
        schemes = schemes.filter(pk__in=user.scheme_leads.filter(ended_on__isnull=True).values("scheme"))
    return schemes.order_by("name")


def flag_list(*, user: User, establishment: Establishment, filters: Mapping[str, str] | None) -> FlagFilter:
    """The inbox: most severe first, then newest. Open flags unless `filters` asks for another state.

    Returns the bound filter: `.qs` holds the flags and `.form` the filter form with any errors.
    """
    flags = (
        flags_for(user=user, establishment=establishment)
        .select_related("scheme", "contract__worker", "contract__scheme", "meeting")
        .order_by("-severity", "-opened_at", "-pk")
    )
    return FlagFilter(filters, queryset=flags, schemes=flag_schemes(user=user, establishment=establishment))


def flags_explained(flags: Iterable[Flag]) -> list[Flag]:
    """Set `about` on each out-of-role report: "peer worker in Listeners, Insiders", the schemes of
    the report's prison its reporter is in role in now (never another prison's, should they have
    moved). One query for the lot, none if there is no report among them.

    The flags must come with `contract__worker` and `contract__scheme` selected.
    """
    flags = list(flags)
    # Each report with its contract (selected with it, so no query).
    reports = [
        (flag, flag.contract)
        for flag in flags
        if flag.kind == Flag.Kind.OUT_OF_ROLE and flag.contract_id and flag.contract is not None
    ]
    if not reports:
        return flags
    in_role: dict[int, list[str]] = defaultdict(list)
    # flags names schemes' models rather than importing them (README, "Layout"): contracts are
    # asked through the class of the reports' own contracts.
    contracts = type(reports[0][1]).objects
    rows = (
        contracts.in_role()
        .filter(
            worker__in={contract.worker_id for _, contract in reports},
            scheme__establishment__in={flag.establishment_id for flag, _ in reports},
        )
        .order_by("scheme__name")
        .values_list("worker_id", "scheme__name")
    )
    for worker_id, scheme_name in rows:
        in_role[worker_id].append(scheme_name)
    for flag, contract in reports:
        schemes = in_role.get(contract.worker_id)
        flag.about = (
            f"Peer worker in {', '.join(schemes)}"
            if schemes
            else f"Peer worker, formerly in {contract.scheme.name}"
        )
    return flags


def flag_get(*, establishment: Establishment, pk: int) -> Flag:
    flag = get_object_or_404(
        Flag.objects.select_related(
            "scheme",
            "contract__worker",
            "contract__scheme",
            "meeting",
            "concern__department",
            "pair__scheme",
            "pair__mentor",
            "pair__supported",
            "worker__location",
            "acknowledged_by",
            "resolved_by",
        ).prefetch_related(
            Prefetch("comments", queryset=FlagComment.objects.select_related("author").order_by("created_at"))
        ),
        establishment=establishment,
        pk=pk,
    )
    return flags_explained([flag])[0]


def flags_most_severe(*, user: User, establishment: Establishment, limit: int = 5) -> list[Flag]:
    """The open flags to act on first: most severe, then longest open. One query."""
    return list(
        flags_for(user=user, establishment=establishment)
        .filter(resolved_at__isnull=True)
        .select_related("scheme")
        .order_by("-severity", "opened_at")[:limit]
    )


# --- The home pages ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SeverityCount:
    severity: int
    label: str
    count: int


@dataclass(frozen=True)
class SchemeFlagCount:
    name: str
    count: int
    urgent: int
    query: str  # the inbox filter that lists these flags, "" if none does


@dataclass(frozen=True)
class FlagSummary:
    total: int
    by_severity: list[SeverityCount]
    by_scheme: list[SchemeFlagCount]


def _group(row: dict) -> tuple[str, str]:
    if row["scheme"] is not None:
        return row["scheme__name"], f"scheme={row['scheme']}"
    if row["kind"] == Flag.Kind.OUT_OF_ROLE:
        return OUT_OF_ROLE_REPORTS, f"kind={Flag.Kind.OUT_OF_ROLE}"
    return "Not about a scheme", ""


def open_flags_summary(*, user: User, establishment: Establishment) -> FlagSummary:
    """The open flags `user` hears about, counted by severity (every severity, most severe first)
    and by scheme (out-of-role reports on a line of their own). One query."""
    rows = list(
        flags_for(user=user, establishment=establishment)
        .filter(resolved_at__isnull=True)
        .values("scheme", "scheme__name", "kind", "severity")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_severity = [
        SeverityCount(severity=value, label=label, count=sum(r["n"] for r in rows if r["severity"] == value))
        for value, label in sorted(Flag.Severity.choices, reverse=True)
    ]
    groups: dict[tuple[str, str], dict] = {}
    for row in rows:
        entry = groups.setdefault(_group(row), {"count": 0, "urgent": 0})
        entry["count"] += row["n"]
        if row["severity"] == Flag.Severity.URGENT:
            entry["urgent"] += row["n"]
    by_scheme = sorted(
        (SchemeFlagCount(name=name, query=query, **entry) for (name, query), entry in groups.items()),
        key=lambda s: (-s.urgent, -s.count, s.name),
    )
    return FlagSummary(total=sum(r["n"] for r in rows), by_severity=by_severity, by_scheme=by_scheme)

"""Every read one-to-one support's pages need, already scoped: staff to their establishment and
the schemes their role keeps (support.permissions); the kiosk to the signed-in mentor alone."""

from datetime import date, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import Role, User
from establishments.models import Establishment
from peerwork.dates import monday_of
from schemes.models import PeerWorker, Scheme
from support.models import Pair, ReadingProgress, Session

SEES_EVERY_PAIR = (Role.SAFER_CUSTODY_MANAGER, Role.SAFER_CUSTODY_OFFICER, Role.SYSTEM_ADMIN)


def schemes_kept_by(*, user: User, establishment: Establishment) -> QuerySet[Scheme]:
    """The one-to-one schemes of `establishment` whose pairs `user` keeps: every one for safer
    custody and administrators, the ones they lead for a scheme coordinator."""
    schemes = Scheme.objects.filter(establishment=establishment, works_one_to_one=True)
    if not user.is_active or not user.establishments.filter(pk=establishment.pk).exists():
        return schemes.none()
    if user.role in SEES_EVERY_PAIR:
        return schemes
    if user.role == Role.SCHEME_COORDINATOR:
        return schemes.filter(leads__user=user, leads__ended_on__isnull=True).distinct()
    return schemes.none()


def pairs_for(*, user: User, establishment: Establishment) -> QuerySet[Pair]:
    return Pair.objects.filter(
        establishment=establishment, scheme__in=schemes_kept_by(user=user, establishment=establishment)
    )


def pair_for_staff(*, user: User, establishment: Establishment, pk: int) -> Pair:
    return get_object_or_404(
        pairs_for(user=user, establishment=establishment).select_related(
            "scheme",
            "mentor",
            "mentor__location",
            "supported",
            "supported__location",
            "created_by",
            "ended_by",
        ),
        pk=pk,
    )


def residents_to_support(*, establishment: Establishment, query: str) -> QuerySet[PeerWorker]:
    """Prisoners held here, found by prison number or name (the roll import fills this in)."""
    query = query.strip()
    people = PeerWorker.objects.filter(
        establishment=establishment, custody_status=PeerWorker.CustodyStatus.IN_CUSTODY
    ).select_related("location")
    if not query:
        return people.none()
    return people.filter(
        Q(prison_number__iexact=query) | Q(last_name__istartswith=query) | Q(first_name__istartswith=query)
    )[:20]


def pair_sessions(*, pair: Pair) -> list[Session]:
    return list(
        pair.sessions.filter(archived_at__isnull=True).select_related("recorded_by", "recorded_by_worker")
    )


def pair_progress(*, pair: Pair) -> list[ReadingProgress]:
    return list(pair.progress.select_related("stage", "recorded_by"))


# --- The kiosk: the signed-in mentor's own pairs only ---------------------------------------------


def mentor_pairs(*, mentor: PeerWorker, today: date) -> list[Pair]:
    """Their open pairs, each with the sessions recorded this week (Monday to today)."""
    monday = monday_of(today)
    this_week = Session.objects.filter(archived_at__isnull=True, on__gte=monday, on__lte=today)
    return list(
        Pair.objects.open()
        .of_mentor(mentor)
        .select_related("scheme", "supported__location")
        .annotate(held_this_week=Count("sessions", filter=Q(sessions__in=this_week, sessions__held=True)))
        .prefetch_related(Prefetch("sessions", queryset=this_week.order_by("on"), to_attr="this_week"))
        .order_by("started_on", "pk")
    )


def mentor_pair(*, mentor: PeerWorker, pk: int) -> Pair:
    """One of their own open pairs; anyone else's is 404, as if it did not exist."""
    return get_object_or_404(
        Pair.objects.open().of_mentor(mentor).select_related("scheme", "supported__location"), pk=pk
    )


def pair_session_on(*, pair: Pair, on: date) -> Session | None:
    """The pair's session recorded for a day, if any (one a day)."""
    return pair.sessions.filter(archived_at__isnull=True, on=on).first()


def week_days(today: date) -> list[date]:
    monday = monday_of(today)
    return [monday + timedelta(days=n) for n in range((today - monday).days + 1)]

"""The reads of one-to-one support's office pages that support.selectors does not have: the pairs
list with its recent sessions, the mentors a scheme may pair, a session or a reading stage of a
scheme the user keeps. Each is scoped through `schemes_kept_by` (404 for anything else)."""

from datetime import date, timedelta

from django.db.models import Count, IntegerField, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from accounts.models import User
from establishments.models import Establishment
from flags.api import Flag
from schemes.models import Contract, PeerWorker, Scheme
from support.models import Pair, ReadingStage, Session
from support.selectors import pairs_for, schemes_kept_by

# "Recent" on the pairs list: the same four weeks the blocked flag looks over.
RECENT = timedelta(days=28)


def pair_list(*, user: User, establishment: Establishment, today: date, ended: bool) -> QuerySet[Pair]:
    """The open pairs (or, with `ended`, the ended ones) of the schemes the user keeps, each with
    its sessions held and not held in the last four weeks, its last session and its open flags."""
    recent = Q(sessions__archived_at__isnull=True, sessions__on__gt=today - RECENT, sessions__on__lte=today)
    open_flags = (
        Flag.objects.filter(pair=OuterRef("pk"), resolved_at__isnull=True)
        .order_by()
        .values("pair")
        .annotate(count=Count("pk"))
        .values("count")
    )
    pairs = pairs_for(user=user, establishment=establishment)
    pairs = pairs.filter(ended_on__isnull=not ended)
    return (
        pairs.select_related("scheme", "mentor", "supported__location")
        .annotate(
            held_recently=Count("sessions", filter=recent & Q(sessions__held=True)),
            not_held_recently=Count("sessions", filter=recent & Q(sessions__held=False)),
            last_session=Max("sessions__on", filter=Q(sessions__archived_at__isnull=True)),
            open_flags=Coalesce(Subquery(open_flags, output_field=IntegerField()), 0),
        )
        .order_by("-ended_on" if ended else "scheme__name", "mentor__last_name", "pk")
    )


def mentors_for(*, scheme: Scheme) -> QuerySet[PeerWorker]:
    """The peer workers held here with an open contract in `scheme`, each with how many residents
    they support in it now."""
    return (
        PeerWorker.objects.filter(
            establishment=scheme.establishment_id,
            custody_status=PeerWorker.CustodyStatus.IN_CUSTODY,
            pk__in=Contract.objects.open().filter(scheme=scheme).values("worker"),
        )
        .annotate(
            supporting=Count(
                "pairs_as_mentor",
                filter=Q(pairs_as_mentor__scheme=scheme, pairs_as_mentor__ended_on__isnull=True),
            )
        )
        .order_by("last_name", "first_name", "pk")
    )


def scheme_kept(*, user: User, establishment: Establishment, pk: int) -> Scheme:
    return get_object_or_404(schemes_kept_by(user=user, establishment=establishment), pk=pk)


def session_for_staff(*, user: User, establishment: Establishment, pk: int) -> Session:
    """A session (not archived) of a pair the user keeps."""
    return get_object_or_404(
        Session.objects.filter(
            archived_at__isnull=True, pair__in=pairs_for(user=user, establishment=establishment)
        ).select_related("pair__scheme", "pair__mentor", "pair__supported__location"),
        pk=pk,
    )


def reading_stages(*, scheme: Scheme) -> QuerySet[ReadingStage]:
    return ReadingStage.objects.filter(scheme=scheme, archived_at__isnull=True).order_by("number")


def stage_for_staff(*, user: User, establishment: Establishment, pk: int) -> ReadingStage:
    return get_object_or_404(
        ReadingStage.objects.filter(
            archived_at__isnull=True, scheme__in=schemes_kept_by(user=user, establishment=establishment)
        ).select_related("scheme"),
        pk=pk,
    )

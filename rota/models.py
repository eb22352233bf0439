"""The Listener rota: the establishment's shift pattern, where cover is needed, weeks of
assignments, and the call-out log.

`rota` imports `schemes`, never the reverse. Nothing here holds what a caller said or who the
caller was: a call-out records only when, where, who attended and who asked (by kind).
"""

from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from simple_history.models import HistoricalRecords

from establishments.models import Establishment, Location
from peerwork.formats import long_date, short_date
from peerwork.records import Archivable, archive_is_attributed
from schemes.models import Contract, PeerWorker, Scheme, Suspension


class Rota(models.Model):
    """One establishment's Listener rota and its rules."""

    establishment = models.OneToOneField(Establishment, on_delete=models.PROTECT, related_name="rota")
    scheme = models.ForeignKey(
        Scheme,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The Listener scheme whose peer workers are rostered.",
    )
    max_shifts_per_week = models.PositiveSmallIntegerField(
        "Most shifts a Listener works in a week", default=4
    )
    max_nights_in_a_row = models.PositiveSmallIntegerField("Most nights in a row", default=2)
    requires_training = models.BooleanField(
        "Only Listeners with recorded Samaritans training can be rostered", default=True
    )
    max_callout_hours_per_week = models.PositiveSmallIntegerField(
        "Flag a Listener called out for more than this many hours in a week",
        default=6,
        help_text="Counted Monday to Sunday, from when each call-out started to when it ended.",
    )
    max_night_callouts_per_week = models.PositiveSmallIntegerField(
        "Flag a Listener with more than this many night call-outs in a week",
        default=3,
        help_text="A night call-out is one asked for during the rota's night shifts (21:00 to 07:00 without one).",
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_shifts_per_week__gte=1, max_nights_in_a_row__gte=1),
                name="rota_caps_at_least_one",
                violation_error_message="Caps must allow at least one shift.",
            ),
            models.CheckConstraint(
                condition=models.Q(max_callout_hours_per_week__gte=1, max_night_callouts_per_week__gte=1),
                name="rota_workload_limits_at_least_one",
                violation_error_message="Workload limits must be at least one.",
            ),
        ]

    def __str__(self) -> str:
        return f"Listener rota, {self.establishment}"


class ShiftType(models.Model):
    """A shift in the pattern, for example Night 21:00-07:00. Ends the next day when it ends at or
    before its start time."""

    rota = models.ForeignKey(Rota, on_delete=models.PROTECT, related_name="shift_types")
    name = models.CharField(max_length=30)
    starts = models.TimeField()
    ends = models.TimeField()
    is_night = models.BooleanField(default=False, help_text="Nights count double when sharing out shifts.")
    order = models.PositiveSmallIntegerField(default=0)
    archived_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "starts"]
        constraints = [
            models.UniqueConstraint(
                fields=["rota", "name"],
                condition=models.Q(archived_at__isnull=True),
                name="shift_type_name_unique_in_rota",
                violation_error_message="This rota already has a shift with this name.",
            ),
            models.CheckConstraint(
                condition=~models.Q(starts=models.F("ends")),
                name="shift_type_has_length",
                violation_error_message="A shift must end at a different time from when it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.starts:%H:%M}-{self.ends:%H:%M}"

    def span(self, day: date) -> tuple[datetime, datetime]:
        """When this shift starts and ends on `day`, as aware Europe/London datetimes.

        The right instants on the nights the clocks change: a night from 21:00 to 07:00 lasts 9 hours
        in March and 11 in October. Measure it in UTC (`rota.rules.Slot.length`): Python subtracts
        two datetimes of the same zone by their wall clocks, which would make both nights 10 hours.
        """
        end_day = day + timedelta(days=1) if self.ends <= self.starts else day
        return wall_clock_time(day, self.starts), wall_clock_time(end_day, self.ends)


def wall_clock_time(day: date, at: time) -> datetime:
    """The instant a London clock shows `at` on `day`, as a London datetime.

    A time the clocks skip when they go forward (01:30 on the last Sunday in March) is read on the
    clock from before the change, so it comes out as 02:30 BST, as PostgreSQL and iCalendar read
    it; a time that happens twice when they go back is the first one, in BST. A shift that starts
    where another ends therefore starts at the very instant the other ends, whichever night it is.
    """
    tz = timezone.get_current_timezone()
    first_reading = datetime.combine(day, at, tzinfo=tz).replace(fold=0)
    # Through UTC, so that a skipped time comes back as the real time the clock shows then.
    return first_reading.astimezone(UTC).astimezone(tz)


class CoverPoint(models.Model):
    """A location or group of locations that needs Listener cover, for example "A and C wings"."""

    rota = models.ForeignKey(Rota, on_delete=models.PROTECT, related_name="cover_points")
    name = models.CharField(max_length=60)
    locations = models.ManyToManyField(Location, related_name="cover_points")
    order = models.PositiveSmallIntegerField(default=0)
    archived_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["rota", "name"],
                condition=models.Q(archived_at__isnull=True),
                name="cover_point_name_unique_in_rota",
                violation_error_message="This rota already covers a place with this name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CoverNeed(models.Model):
    """How many Listeners a cover point needs on a shift."""

    cover_point = models.ForeignKey(CoverPoint, on_delete=models.PROTECT, related_name="needs")
    shift_type = models.ForeignKey(ShiftType, on_delete=models.PROTECT, related_name="needs")
    listeners = models.PositiveSmallIntegerField("Listeners needed", default=1)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cover_point", "shift_type"],
                name="cover_need_once_per_shift",
                violation_error_message="This place already has a number for this shift.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cover_point}, {self.shift_type.name}: {self.listeners}"


class ListenerTraining(models.Model):
    """Samaritans Listener training a peer worker has completed (initial or refresher)."""

    worker = models.ForeignKey(PeerWorker, on_delete=models.PROTECT, related_name="listener_training")
    completed_on = models.DateField()
    valid_until = models.DateField(null=True, blank=True, help_text="Blank if it does not lapse.")
    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The prison that recorded it. The training counts at every prison until it lapses.",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-completed_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gt=models.F("completed_on")),
                name="training_valid_after_completion",
                violation_error_message="Training must stay valid until after the day it was completed.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} trained {self.completed_on}"


class UnavailabilityQuerySet(models.QuerySet):
    def in_force_on(self, day):
        """Breaks that hold on `day` and were not withdrawn. `day` may be an expression."""
        return self.filter(archived_at__isnull=True, starts_on__lte=day, ends_on__gte=day)


class Unavailability(Archivable):
    """A period a Listener is off the rota, for example a break agreed at a welfare check-in.

    While it holds the rota rules refuse them, with `reason`, "Fill the gaps" passes them over, and
    any shift they already had in it needs cover (`AssignmentQuerySet.with_standing`). Withdrawn by
    archiving, with who and when; never deleted.
    """

    worker = models.ForeignKey(PeerWorker, on_delete=models.PROTECT, related_name="unavailability")
    establishment = models.ForeignKey(Establishment, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField()
    ends_on = models.DateField(help_text="The last day they are off the rota.")
    reason = models.CharField(max_length=200, help_text="Staff see this; for example “Needs a break”.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    history = HistoricalRecords()

    objects = UnavailabilityQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name_plural = "unavailability"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="unavailability_ends_after_it_starts",
                violation_error_message="The break must end on or after the day it starts.",
            ),
            archive_is_attributed("unavailability_archive_is_attributed"),
        ]

    def __str__(self) -> str:
        return f"{self.worker} off the rota {short_date(self.starts_on)} to {short_date(self.ends_on)}"


class RotaWeek(models.Model):
    """A week (Monday to Sunday) of the rota. Officers see a week once it is published."""

    rota = models.ForeignKey(Rota, on_delete=models.PROTECT, related_name="weeks")
    starts_on = models.DateField(help_text="The Monday.")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["rota", "starts_on"],
                name="rota_week_once",
                violation_error_message="This week already exists.",
            ),
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True) | models.Q(published_by__isnull=False),
                name="rota_week_publication_is_attributed",
            ),
        ]

    def __str__(self) -> str:
        return f"Week of {long_date(self.starts_on)}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class AssignmentQuerySet(models.QuerySet):
    def with_standing(self):
        """Annotate each shift with its holder's standing on the shift's own day: `in_role` (a
        Listener contract of this rota's scheme in effect that day), `suspended` (a suspension
        of it in force that day) and `unavailable` (a break from the rota that day, such as one
        agreed at a welfare check-in).

        This is the one answer to "can this Listener work this shift?". A shift belongs to the
        worker, not to a contract, so a renewal changes nothing here; a suspension or a break turns
        the shifts inside it into "needs cover" and lifting it turns them back, with no row copied.
        """
        holder = {"worker": OuterRef("worker"), "scheme": OuterRef("week__rota__scheme")}
        return self.annotate(
            in_role=Exists(Contract.objects.in_effect_on(OuterRef("day")).filter(**holder)),
            suspended=Exists(
                Suspension.objects.in_force_on(OuterRef("day")).filter(
                    contract__worker=OuterRef("worker"), contract__scheme=OuterRef("week__rota__scheme")
                )
            ),
            unavailable=Exists(
                # A break belongs to the prison that agreed it: one elsewhere does not follow them here.
                Unavailability.objects.in_force_on(OuterRef("day")).filter(
                    worker=OuterRef("worker"), establishment=OuterRef("week__rota__establishment")
                )
            ),
        )

    def on_duty(self):
        """Shifts that put a Listener on duty: on the rota, not waiting for cover, and held by
        someone in the role, not suspended and not on a break on the day."""
        return self.with_standing().filter(
            status=Assignment.Status.ON, in_role=True, suspended=False, unavailable=False
        )


class Assignment(models.Model):
    """A Listener on a shift, at a cover point, on a day.

    Never deleted: taking someone off sets removed_at/removed_by/removed_reason. `starts_at` and
    `ends_at` are copied from the shift so that clashes can be found with one range query. Whether
    the Listener can work it is not stored: `Assignment.objects.with_standing()` asks, for the
    shift's day, whether a Listener contract is in effect and not suspended.
    """

    class Status(models.TextChoices):
        ON = "on", "On the rota"
        NEEDS_COVER = "needs_cover", "Needs cover"
        REMOVED = "removed", "Taken off"

    week = models.ForeignKey(RotaWeek, on_delete=models.PROTECT, related_name="assignments")
    day = models.DateField()
    shift_type = models.ForeignKey(ShiftType, on_delete=models.PROTECT, related_name="assignments")
    cover_point = models.ForeignKey(CoverPoint, on_delete=models.PROTECT, related_name="assignments")
    worker = models.ForeignKey(PeerWorker, on_delete=models.PROTECT, related_name="rota_assignments")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ON)
    cover_for = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="covered_by",
        help_text="The assignment this one covers.",
    )
    proposed_reason = models.CharField(
        max_length=200, blank=True, help_text="Why 'Fill the gaps' proposed this Listener, when it did."
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_reason = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    LIVE = [Status.ON, Status.NEEDS_COVER]

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "cover_point__order"]
        indexes = [
            models.Index(fields=["worker", "status", "starts_at"]),
            models.Index(fields=["week", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "day", "shift_type"],
                condition=models.Q(status__in=["on", "needs_cover"]),
                name="assignment_worker_once_per_shift",
                violation_error_message="This Listener is already on this shift.",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="assignment_ends_after_start",
                violation_error_message="A shift must end after it starts.",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="removed")
                | models.Q(removed_at__isnull=False, removed_by__isnull=False),
                name="assignment_removal_is_attributed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} on {self.shift_type.name}, {self.cover_point}, {short_date(self.day)}"

    # The properties below need the annotations of `Assignment.objects.with_standing()`.

    @property
    def covers(self) -> bool:
        """Whether this shift puts its Listener on duty."""
        return self.status == self.Status.ON and self.in_role and not self.suspended and not self.unavailable

    @property
    def needs_cover(self) -> bool:
        """Waiting for someone else: asked for, or its Listener is suspended or on a break that day."""
        return self.status == self.Status.NEEDS_COVER or (
            self.status == self.Status.ON and (self.suspended or self.unavailable)
        )

    @property
    def standing_label(self) -> str:
        """Why a live shift does not count, in a few words; blank when it does."""
        if self.status == self.Status.REMOVED or self.covers:
            return ""
        if not self.in_role:
            return "Cannot work: no Listener contract that day"
        if self.suspended:
            return "Needs cover: suspended that day"
        if self.unavailable:
            return "Needs cover: off the rota that day (a break)"
        return "Needs cover"


class CallOut(Archivable):
    """A Listener called out to support someone. By design there is no field for what was said or
    for who the caller was, and no free text that could hold either."""

    class RequestedBy(models.TextChoices):
        OFFICER = "officer", "An officer"
        PRISONER = "prisoner", "A prisoner asked"
        LISTENER = "listener", "The Listener, on their own initiative"

    establishment = models.ForeignKey(Establishment, on_delete=models.PROTECT, related_name="call_outs")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="call_outs")
    listener = models.ForeignKey(PeerWorker, on_delete=models.PROTECT, related_name="call_outs")
    requested_at = models.DateTimeField()
    requested_by = models.CharField(max_length=10, choices=RequestedBy.choices)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField()
    off_rota = models.BooleanField(
        default=False, help_text="Set by the system: the Listener was not rostered at that time."
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    archived_reason = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at"]
        indexes = [
            models.Index(fields=["establishment", "requested_at"]),
            models.Index(fields=["listener", "started_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_at__gt=models.F("started_at")),
                name="call_out_ends_after_start",
                violation_error_message="The call-out must end after it started.",
            ),
            models.CheckConstraint(
                condition=models.Q(started_at__gte=models.F("requested_at")),
                name="call_out_starts_after_request",
                violation_error_message="The Listener cannot start before they were asked for.",
            ),
            archive_is_attributed("call_out_archive_is_attributed"),
        ]

    def __str__(self) -> str:
        return f"Call-out, {self.location}, {short_date(self.requested_at)} {self.requested_at:%H:%M}"

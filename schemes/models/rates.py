"""A paid scheme's weekly rate, which takes effect from a date: changing it keeps the old rate for
the days before, so a week is paid at the rates in force on its days."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Expression, OuterRef, Subquery
from simple_history.models import HistoricalRecords

from schemes.models.schemes import Scheme


class SchemeRateQuerySet(models.QuerySet):
    def in_force_on(self, day: date | Expression):
        """The rates that had taken effect by `day`, the one in force first (the latest to take
        effect). `day` may be an expression."""
        return self.filter(effective_from__lte=day).order_by("-effective_from")


def scheme_rate_on(day: date | Expression, *, scheme: str = "scheme") -> Subquery:
    """The weekly rate in pence of the outer row's scheme (`scheme` names it) in force on `day`, or
    NULL before its first rate: one subquery, so that a list asks it of every row at once."""
    rates = SchemeRate.objects.filter(scheme=OuterRef(scheme)).in_force_on(day)
    return Subquery(rates.values("weekly_rate_pence")[:1], output_field=models.PositiveIntegerField())


class SchemeRate(models.Model):
    """The weekly rate a paid scheme pays from `effective_from` until its next rate takes effect."""

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="rates")
    weekly_rate_pence = models.PositiveIntegerField("Weekly rate (pence)")
    effective_from = models.DateField("Takes effect from")
    # Empty for the rates carried over from before rates had dates (migration schemes.0013).
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    set_at = models.DateTimeField()
    history = HistoricalRecords()

    objects = SchemeRateQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "effective_from"],
                name="scheme_rate_once_per_day",
                violation_error_message="The scheme already has a rate that takes effect that day.",
            ),
            models.CheckConstraint(
                condition=models.Q(weekly_rate_pence__gt=0),
                name="scheme_rate_positive",
                violation_error_message="A weekly rate is more than £0.00.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme}: {self.weekly_rate_pence}p a week from {self.effective_from}"

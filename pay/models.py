"""A week's pay sheet once confirmed: the lines as they were paid, frozen, so that a later change
to a rate, a contract or a suspension never changes what a past week paid."""

from django.conf import settings
from django.db import models

from establishments.models import Establishment
from schemes.models import Contract, Scheme


class PayWeek(models.Model):
    """An establishment's pay week (Monday to Sunday), confirmed once it has ended."""

    establishment = models.ForeignKey(Establishment, on_delete=models.PROTECT, related_name="pay_weeks")
    starts_on = models.DateField(help_text="The Monday.")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "starts_on"],
                name="pay_week_confirmed_once",
                violation_error_message="This week has already been confirmed.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.establishment} pay, week of {self.starts_on}"


class PayLine(models.Model):
    """One contract's pay for a confirmed week, in the words and numbers the sheet showed."""

    week = models.ForeignKey(PayWeek, on_delete=models.PROTECT, related_name="lines")
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="+")
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="+")
    worker_name = models.CharField(max_length=200)
    prison_number = models.CharField(max_length=20)
    scheme_name = models.CharField(max_length=80)
    days_in_role = models.PositiveSmallIntegerField()
    days_in_role_text = models.CharField(max_length=100)
    rates_text = models.TextField()
    suspensions_text = models.TextField(blank=True)
    days_paid = models.PositiveSmallIntegerField()
    amount_pence = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]  # the order the sheet showed them in when the week was confirmed
        constraints = [
            models.UniqueConstraint(fields=["week", "contract"], name="pay_line_once_per_contract"),
            models.CheckConstraint(
                condition=models.Q(days_paid__lte=models.F("days_in_role"), days_in_role__lte=7),
                name="pay_line_days_in_a_week",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker_name}, {self.scheme_name}: {self.amount_pence}p"

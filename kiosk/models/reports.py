from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from flags.models import Flag
from kiosk.models.devices import KioskDevice
from schemes.models import Contract, PeerWorker

DESCRIPTION_MAX_LENGTH = 200


class OutOfRoleReport(models.Model):
    """A peer worker's report, from the kiosk, that they were asked to do something outside their role.

    It opens a flag for safer custody; the peer worker follows it through that flag: received,
    being looked at, then dealt with and what was done (the flag's resolution).
    """

    class Progress(models.TextChoices):
        RECEIVED = "received", _("Received")
        BEING_LOOKED_AT = "being_looked_at", _("Staff are looking into it")
        DEALT_WITH = "dealt_with", _("Dealt with")

    worker = models.ForeignKey(PeerWorker, on_delete=models.PROTECT, related_name="out_of_role_reports")
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="+")
    device = models.ForeignKey(KioskDevice, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(
        "What they were asked to do",
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text="In the peer worker's words. Never what anyone told them in confidence.",
    )
    created_at = models.DateTimeField()
    flag = models.OneToOneField(Flag, on_delete=models.PROTECT, related_name="out_of_role_report")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["worker", "created_at"])]

    def __str__(self) -> str:
        return f"Out-of-role report by {self.worker} on {self.created_at:%d %b %Y}"

    @property
    def progress(self) -> "OutOfRoleReport.Progress":
        if self.flag.resolved_at is not None:
            return self.Progress.DEALT_WITH
        if self.flag.acknowledged_at is not None:
            return self.Progress.BEING_LOOKED_AT
        return self.Progress.RECEIVED

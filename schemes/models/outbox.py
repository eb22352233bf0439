from django.conf import settings
from django.db import models


class OutboxEmail(models.Model):
    """An email written first to this table and sent once by a job. `key` makes writing it idempotent."""

    key = models.CharField(max_length=120, unique=True)
    # Blank for a shared inbox that is nobody's account (a department's digest email).
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="outbox"
    )
    to_address = models.EmailField()
    subject = models.CharField(max_length=200)
    body_text = models.TextField()
    body_html = models.TextField()
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["sent_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.subject} to {self.to_address}"

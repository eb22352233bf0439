from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords

from establishments.models import Establishment


class Role(models.TextChoices):
    SAFER_CUSTODY_MANAGER = "safer_custody_manager", "Safer-custody manager"
    SAFER_CUSTODY_OFFICER = "safer_custody_officer", "Safer-custody officer"
    SCHEME_COORDINATOR = "scheme_coordinator", "Scheme coordinator"
    WING_OFFICER = "wing_officer", "Wing officer"
    SYSTEM_ADMIN = "system_admin", "System administrator"


class User(AbstractUser):
    """A member of staff. Prisoners never sign in here (they use the wing kiosk)."""

    role = models.CharField(max_length=30, choices=Role.choices, default=Role.WING_OFFICER)
    establishments = models.ManyToManyField(
        Establishment,
        related_name="staff",
        blank=True,
        help_text="The prisons this person works in. They work in one at a time.",
    )
    receives_digest = models.BooleanField(
        "Send me the daily email digest",
        default=True,
        help_text="A daily email listing the flags that need your attention, if there are any.",
    )
    history = HistoricalRecords(excluded_fields=["last_login", "password"])

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

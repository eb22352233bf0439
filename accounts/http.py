"""What a staff page's request carries, for the type checker: the views say which one they take.

LoginRequiredMiddleware lets only signed-in staff through to a staff page, and
CurrentEstablishmentMiddleware sets the establishments they work in and the one they work in now.
"""

from django.http import HttpRequest

from accounts.models import User
from establishments.models import Establishment


class SignedInRequest(HttpRequest):
    """A staff page's request: a signed-in member of staff, who may work in no establishment yet."""

    user: User
    establishments: list[Establishment]
    establishment: Establishment | None


class StaffRequest(SignedInRequest):
    """A request to a page behind `establishment_required`: the establishment is there."""

    establishment: Establishment

from django.db.models import QuerySet

from accounts.models import User
from establishments.models import Establishment


def establishments_for_user(*, user: User) -> list[Establishment]:
    return list(user.establishments.order_by("name"))


def staff_list(*, establishment: Establishment) -> QuerySet[User]:
    """Staff who work in this establishment; never anyone else's."""
    return User.objects.filter(establishments=establishment, is_active=True).order_by(
        "role", "last_name", "first_name"
    )

"""Writes to staff accounts. Each one is attributed in the account's history."""

from django.db import transaction

from accounts.models import User
from peerwork.audit import attribute_change


@transaction.atomic
def user_set_digest(*, user: User, receives: bool, actor: User) -> User:
    """Turn the daily email digest on or off for one member of staff."""
    if user.receives_digest == receives:
        return user
    user.receives_digest = receives
    attribute_change(
        user, actor=actor, reason="Daily digest turned on" if receives else "Daily digest turned off"
    )
    user.save(update_fields=["receives_digest"])
    return user

"""The kiosk's answers to the scheme domain's events (schemes.events); each calls one service."""

from django.dispatch import receiver

from kiosk.services.pins import pin_withdraw
from schemes.events import custody_left


@receiver(custody_left, dispatch_uid="kiosk.withdraw_pin_after_custody_left")
def withdraw_pin(sender, *, worker, establishment, actor, **kwargs) -> None:
    pin_withdraw(worker=worker, establishment=establishment, actor=actor)

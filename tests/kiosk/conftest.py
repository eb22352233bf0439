"""The kiosk's tests run on a fixed Monday morning, with the clock under their control."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def clock(time_machine):
    """Monday 23 November 2026, 10:00 in London; `clock.shift(seconds)` moves it on."""
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture
def kiosk_on(establishment, manager, settings):
    """`kiosk_on("B wing")`: another kiosk of the same prison, on that wing, in a browser of its own."""
    from django.test import Client

    from kiosk.services.devices import device_enrol
    from tests.factories import LocationFactory

    def enrol(wing_name: str) -> Client:
        _, token = device_enrol(
            establishment=establishment,
            location=LocationFactory(establishment=establishment, name=wing_name),
            name=f"{wing_name} kiosk",
            actor=manager,
        )
        client = Client()
        client.cookies[settings.KIOSK_DEVICE_COOKIE_NAME] = token
        return client

    return enrol

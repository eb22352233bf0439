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

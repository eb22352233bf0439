"""Dates and times as staff and peer workers read them in messages: "24 November 2026".

Every message writes a date through these helpers, not with strftime's platform-specific "%-d".
"""

from datetime import date, datetime

from django.utils import timezone


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def day_month(day: date) -> str:
    """24 November."""
    return f"{day.day} {day:%B}"


def short_date(day: date) -> str:
    """24 Nov."""
    return f"{day.day} {day:%b}"


def long_datetime(moment: datetime) -> str:
    """In local time: "24 November 2026 at 14:00"."""
    return f"{long_date(timezone.localtime(moment))} at {timezone.localtime(moment):%H:%M}"


def hours_minutes(minutes: int) -> str:
    """A length of time as a table shows it: "1h 30m", "0h 05m", "26h 00m"."""
    return f"{minutes // 60}h {minutes % 60:02d}m"


def money(pence: int) -> str:
    """Integer pence as pounds for a page: 960 -> "£9.60"."""
    return f"£{pence // 100:,}.{pence % 100:02d}"

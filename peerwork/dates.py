"""The days peerwork works with: 1 January 2000 to 31 December 2099.

Every day that comes in from outside (a day in an address, a query string or a form) must fall in
this range. The range holds every day a rota, contract, meeting or call-out could really be on
and catches a mistyped year (0026 or 2206 for 2026). It also keeps the arithmetic the app does on
a day (the week before, the night after, a year of reports) far from Python's first and last
representable dates, 1 January of year 1 and 31 December 9999, where adding a week overflows.

Days the app computes for itself (the week after the last one, a contract's end) may step a
little past the range; they are never refused on the way out, only on the way in.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError

from peerwork.formats import long_date

FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)

OUT_OF_RANGE = f"Enter a date between {long_date(FIRST_DAY)} and {long_date(LAST_DAY)}."


def is_supported(day: date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def monday_of(day: date) -> date:
    """The Monday of the week `day` is in: rota weeks and duty notices start on a Monday."""
    return day - timedelta(days=day.weekday())


def parse_day(value: str) -> date:
    """A supported day written as 2026-11-23. ValueError if it is malformed, impossible
    (2027-02-29) or outside the range."""
    day = date.fromisoformat(value)
    if not is_supported(day):
        raise ValueError(f"{value} is outside {FIRST_DAY} to {LAST_DAY}.")
    return day


def validate_supported_day(day: date) -> None:
    """The form validator: a real day, but outside the range, is refused next to its box."""
    if not is_supported(day):
        raise ValidationError(OUT_OF_RANGE, code="out_of_range")

from datetime import date

import pytest

from peerwork.dates import FIRST_DAY, monday_of
from peerwork.formats import day_month, long_date, short_date


@pytest.mark.parametrize(
    ("day", "monday"),
    [
        (date(2026, 11, 23), date(2026, 11, 23)),  # a Monday is its own week's Monday
        (date(2026, 11, 29), date(2026, 11, 23)),  # a Sunday belongs to the week before it
        (date(2027, 1, 1), date(2026, 12, 28)),  # across the new year
        (date(2028, 3, 1), date(2028, 2, 28)),  # across a leap day
        (FIRST_DAY, date(1999, 12, 27)),  # the first supported day is a Saturday
    ],
)
def test_monday_of_is_the_monday_of_the_days_week(day, monday):
    assert monday_of(day) == monday


def test_dates_are_written_without_a_leading_zero():
    day = date(2026, 11, 3)
    assert (long_date(day), day_month(day), short_date(day)) == ("3 November 2026", "3 November", "3 Nov")

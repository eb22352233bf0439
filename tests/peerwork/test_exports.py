"""peerwork.exports: the one helper every CSV download goes through."""

import csv
import io
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from peerwork.exports import ROWS_PER_CHUNK, csv_cell, csv_filename, csv_response, pounds
from tests.downloads import BOM, csv_rows


def _year() -> int:
    return timezone.localdate().year


# --- Cells ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        '=HYPERLINK("http://example.com","Click")',
        "=1+1",
        "+44 1234",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
        "\n=1+1",
        "-",
        "=",
    ],
)
def test_a_cell_a_spreadsheet_would_run_is_shown_as_text(typed):
    assert csv_cell(typed) == f"'{typed}"


@pytest.mark.parametrize("typed", ["Ellis", "A1234BC", "1 = 1", "Cell 2-14", "", "O'Neill", "a@b", "£9.60"])
def test_ordinary_text_is_left_as_it_is(typed):
    assert csv_cell(typed) == typed


@pytest.mark.parametrize("number", ["-1.50", "-3", "+2", "0.00", "12"])
def test_a_plain_number_written_as_text_stays_a_number(number):
    """A refund of -1.50 is a number to add up, not a formula to defuse."""
    assert csv_cell(number) == number


def test_numbers_are_written_as_numbers():
    assert csv_cell(0) == "0"
    assert csv_cell(-4) == "-4"
    assert csv_cell(2.5) == "2.5"
    assert csv_cell(Decimal("-1.50")) == "-1.50"


def test_yes_and_no_for_true_and_false():
    assert csv_cell(True) == "Yes"
    assert csv_cell(False) == "No"


def test_nothing_is_an_empty_cell():
    assert csv_cell(None) == ""


def test_a_day_is_iso():
    day = timezone.localdate()
    assert csv_cell(day) == day.isoformat()


def test_a_moment_is_london_time_to_the_minute_in_summer_and_in_winter():
    summer = datetime(_year(), 7, 1, 20, 30, 59, tzinfo=UTC)
    winter = datetime(_year(), 1, 15, 20, 30, tzinfo=UTC)
    assert csv_cell(summer) == f"{_year()}-07-01 21:30"
    assert csv_cell(winter) == f"{_year()}-01-15 20:30"


def test_a_moment_that_crosses_midnight_in_london_is_on_the_london_day():
    late = datetime(_year(), 6, 30, 23, 15, tzinfo=UTC)
    assert csv_cell(late) == f"{_year()}-07-01 00:15"


def test_a_time_of_day_is_hours_and_minutes():
    assert csv_cell(time(7, 5, 30)) == "07:05"


def test_a_lazy_or_other_object_is_its_text_and_still_defused():
    class Named:
        def __str__(self) -> str:
            return "=cmd|' /C calc'!A0"

    assert csv_cell(Named()) == "'=cmd|' /C calc'!A0"


# --- Money ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pence", "shown"),
    [(960, "9.60"), (0, "0.00"), (5, "0.05"), (1500, "15.00"), (-150, "-1.50"), (-5, "-0.05"), (None, "")],
)
def test_pence_are_pounds_with_two_decimals(pence, shown):
    assert pounds(pence) == shown


def test_a_negative_amount_reaches_the_file_as_a_number():
    assert csv_cell(pounds(-150)) == "-1.50"


# --- File names --------------------------------------------------------------------------------------


def test_a_filename_is_lower_case_words_and_an_iso_day():
    day = timezone.localdate()
    assert csv_filename("Peer workers", "NGT", day) == f"peer-workers-ngt-{day:%Y-%m-%d}.csv"


def test_a_filename_has_nothing_a_header_or_a_file_system_trips_on():
    name = csv_filename('Call-outs "A" wing/../\r\nSet-Cookie: x', None, "")
    assert name == "call-outs-a-wing-set-cookie-x.csv"


def test_a_moment_in_a_filename_is_its_day():
    moment = timezone.now()
    assert csv_filename("Pay", moment) == f"pay-{moment:%Y-%m-%d}.csv"


# --- The download ----------------------------------------------------------------------------------------


def test_the_download_is_an_attachment_with_the_bom_header_and_rows():
    day = timezone.localdate()
    response = csv_response(
        "people.csv",
        ["Name", "Since", "Paid", "Weekly pay"],
        [["Ellis, Ryan", day, True, pounds(960)], ["=Evil", None, False, pounds(0)]],
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="people.csv"'
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith(BOM + "Name,Since,Paid,Weekly pay\r\n")
    assert list(csv.reader(io.StringIO(body.removeprefix(BOM)))) == [
        ["Name", "Since", "Paid", "Weekly pay"],
        ["Ellis, Ryan", day.isoformat(), "Yes", "9.60"],
        ["'=Evil", "", "No", "0.00"],
    ]


def test_commas_quotes_and_line_breaks_inside_a_cell_survive():
    tricky = 'Said "no", then\nleft'
    response = csv_response("x.csv", ["Note"], [[tricky]])
    assert csv_rows(response) == [["Note"], [tricky]]


def test_a_header_is_defused_too():
    response = csv_response("x.csv", ["=Name"], [])
    assert csv_rows(response) == [["'=Name"]]


def test_an_empty_list_is_the_header_alone():
    assert csv_rows(csv_response("x.csv", ["Name", "Number"], [])) == [["Name", "Number"]]


def test_rows_are_read_only_as_the_file_is_sent():
    """A long list is streamed: the view returns before any row is read, and each chunk of the
    file reads only its own rows."""
    read: list[int] = []

    def rows():
        for n in range(ROWS_PER_CHUNK * 2 + 1):
            read.append(n)
            yield [n, date(_year(), 1, 1) + timedelta(days=n % 300)]

    response = csv_response("long.csv", ["N", "Day"], rows())
    assert response.streaming
    assert read == []
    chunks = iter(response.streaming_content)
    header = next(chunks).decode()
    assert header == BOM + "N,Day\r\n"
    assert read == []
    first = next(chunks).decode()
    assert len(read) == ROWS_PER_CHUNK
    assert first.count("\r\n") == ROWS_PER_CHUNK
    rest = b"".join(chunks).decode()
    assert rest.count("\r\n") == ROWS_PER_CHUNK + 1
    assert len(read) == ROWS_PER_CHUNK * 2 + 1


def test_a_filename_outside_ascii_is_sent_the_way_browsers_read_it():
    response = csv_response("café.csv", ["A"], [])
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''caf%C3%A9.csv"

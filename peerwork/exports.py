"""CSV downloads: every list a member of staff would take into a spreadsheet uses this one helper.

`csv_response(filename, header, rows)` streams the rows, so a national list never sits in memory
whole. Cells are written the way a spreadsheet should show them and never run them: a text cell
starting with =, +, -, @, a tab or a carriage return is prefixed with an apostrophe (CSV
injection). Dates are ISO (2026-12-01), times London time, booleans Yes/No, money in pounds with
two decimals from integer pence (`pounds`). A byte-order mark first, so that Excel reads the file
as UTF-8.
"""

import csv
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """One cell as text: safe to open in a spreadsheet."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def pounds(pence: int | None) -> str:
    """Integer pence as pounds for a spreadsheet: 960 -> 9.60 (negative amounts keep their sign)."""
    if pence is None:
        return ""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    return f"{sign}{whole}.{part:02d}"


def csv_filename(*parts: object) -> str:
    """peer-workers-ngt-2026-12-01.csv from ("Peer workers", "NGT", date)."""
    words = [csv_cell(part) if isinstance(part, date) else slugify(str(part)) for part in parts]
    return "-".join(word for word in words if word) + ".csv"


class _Echo:
    """A file-like object whose write hands the line back, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> StreamingHttpResponse:
    """A CSV download of `header` then `rows`, each cell through `csv_cell`."""
    writer = csv.writer(_Echo())

    def lines() -> Iterable[str]:
        yield "\ufeff" + writer.writerow([csv_cell(name) for name in header])
        for row in rows:
            yield writer.writerow([csv_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

"""CSV downloads: every list a member of staff would take into a spreadsheet uses this one helper.

`csv_response(filename, header, rows)` streams the rows, so a national list never sits in memory
whole as text. Cells are written the way a spreadsheet should show them and never run them: a
text cell starting with =, +, -, @, a tab, a carriage return or a line feed is prefixed with an
apostrophe (CSV injection), unless it is a plain number such as -1.50. Dates are ISO
(2026-12-01), date-times and times London time to the minute, booleans Yes/No, money in pounds
with two decimals from integer pence (`pounds`). A byte-order mark first, so that Excel reads the
file as UTF-8.
"""

import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time
from decimal import Decimal

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# A plain number is shown as a number: "-1.50" is a refund, not a formula.
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")
BOM = "\ufeff"
ROWS_PER_CHUNK = 100  # rows sent together: small enough to start at once, big enough to be cheap


def csv_cell(value: object) -> str:
    """One cell as text: safe to open in a spreadsheet."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{local:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if isinstance(value, int | float | Decimal):
        return str(value)
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(text):
        return f"'{text}"
    return text


def pounds(pence: int | None) -> str:
    """Integer pence as pounds for a spreadsheet: 960 -> 9.60 (negative amounts keep their sign)."""
    if pence is None:
        return ""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    return f"{sign}{whole}.{part:02d}"


def csv_filename(*parts: object) -> str:
    """peer-workers-ngt-2026-12-01.csv from ("Peer workers", "NGT", date): lower-case words and
    ISO days joined by dashes, nothing a file system or a header could trip on."""
    words = [
        f"{part:%Y-%m-%d}" if isinstance(part, date) else slugify(str(part))
        for part in parts
        if part is not None
    ]
    return "-".join(word for word in words if word) + ".csv"


class _Echo:
    """A file-like object whose write hands the line back, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[object], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """The file's text, a chunk of rows at a time: the byte-order mark and header first."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow([csv_cell(name) for name in header])
    chunk: list[str] = []
    for row in rows:
        chunk.append(writer.writerow([csv_cell(value) for value in row]))
        if len(chunk) == ROWS_PER_CHUNK:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


def csv_response(
    filename: str, header: Sequence[object], rows: Iterable[Sequence[object]]
) -> StreamingHttpResponse:
    """A CSV download of `header` then `rows`, each cell through `csv_cell`. `rows` is read only as
    the file is sent: a generator or a queryset is never held whole as text."""
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return response

"""Reading a CSV download as a spreadsheet would: the streamed bytes, the byte-order mark, the rows."""

import csv
import io

from django.http import HttpResponse, StreamingHttpResponse

BOM = "\ufeff"


def csv_text(response: HttpResponse | StreamingHttpResponse) -> str:
    """The whole file as text, read to its end (the rows' queries run here), without its BOM."""
    assert response["Content-Type"] == "text/csv; charset=utf-8", response["Content-Type"]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8")
    assert text.startswith(BOM), "a CSV download starts with a byte-order mark, for Excel"
    return text.removeprefix(BOM)


def csv_rows(response: HttpResponse | StreamingHttpResponse) -> list[list[str]]:
    """The file's rows, header first."""
    return list(csv.reader(io.StringIO(csv_text(response))))


def csv_dicts(response: HttpResponse | StreamingHttpResponse) -> list[dict[str, str]]:
    """The rows after the header, each by its column's name."""
    return list(csv.DictReader(io.StringIO(csv_text(response))))

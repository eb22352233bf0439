"""Where the roll comes from. Today a file a manager uploads (CSV or XLSX, as a NOMIS-style
extract writes it); later an API. Either is a `RollSource`: it gives back rows and refusals, and
the comparison (roll.services) never knows which it was.

The file is parsed by tablib (openpyxl for XLSX); this module only recognises the headers and
reads each cell into a value the comparison can trust, or says why it cannot.
"""

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Protocol

import tablib

from schemes.models import IepLevel
from schemes.models.people import PRISON_NUMBER_PATTERN

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
NAME_LENGTH = 60  # PeerWorker.first_name / last_name
CELL_LENGTH = 20  # PeerWorker.cell
WING_LENGTH = 60  # Location.name


class RollFileError(ValueError):
    """The whole file cannot be read: the message says why, in plain words."""


@dataclass(frozen=True)
class RollRow:
    """One person on the roll, as the source gives them."""

    line: int
    prison_number: str
    last_name: str
    first_name: str
    wing: str
    cell: str
    iep_level: str  # an IepLevel value, or "" if the roll did not say
    earliest_release_date: date | None

    def as_json(self) -> dict:
        data = asdict(self)
        data["earliest_release_date"] = (
            self.earliest_release_date.isoformat() if self.earliest_release_date else None
        )
        return data

    @classmethod
    def from_json(cls, data: dict) -> "RollRow":
        release = data.get("earliest_release_date")
        return cls(**(data | {"earliest_release_date": date.fromisoformat(release) if release else None}))


@dataclass(frozen=True)
class Refusal:
    """A row the roll gave that cannot be used as it stands."""

    line: int
    prison_number: str
    reason: str
    wing: str = ""  # set when the only problem is a wing not on the system: it can be created


class RollSource(Protocol):
    """Anything that can say who is on an establishment's roll today."""

    @property
    def description(self) -> str: ...

    def read(self) -> tuple[list[RollRow], list[Refusal]]: ...


# The headers a NOMIS-style extract uses, and the other ways people write them. A header is
# matched after lower-casing and dropping everything but letters and digits.
HEADERS: dict[str, tuple[str, ...]] = {
    "prison_number": (
        "prisonnumber",
        "prisonerno",
        "prisonernumber",
        "prisonno",
        "nomsnumber",
        "nomsno",
        "nomisnumber",
        "offenderno",
        "offendernumber",
        "noms",
        "nomsid",
    ),
    "last_name": ("surname", "lastname", "familyname"),
    "first_name": ("forename", "forename1", "firstname", "givenname", "firstforename"),
    "wing": (
        "wing",
        "unit",
        "wingorunit",
        "wingunit",
        "livingunit",
        "houseblock",
        "block",
        "residentialunit",
    ),
    "cell": ("cell", "cellno", "cellnumber", "celllocation", "location"),
    "iep_level": ("iep", "ieplevel", "incentivelevel", "incentive", "incentivesandearnedprivileges"),
    "earliest_release_date": (
        "earliestreleasedate",
        "erd",
        "releasedate",
        "earliestpossiblereleasedate",
        "eprd",
    ),
}
REQUIRED = ("prison_number", "last_name", "first_name", "wing")
IEP_WORDS = {
    "bas": IepLevel.BASIC,
    "basic": IepLevel.BASIC,
    "std": IepLevel.STANDARD,
    "standard": IepLevel.STANDARD,
    "ent": IepLevel.STANDARD,  # "Entry": the first weeks on standard terms
    "entry": IepLevel.STANDARD,
    "enh": IepLevel.ENHANCED,
    "enhanced": IepLevel.ENHANCED,
    "enh2": IepLevel.ENHANCED,
    "enh3": IepLevel.ENHANCED,
    "enhanced2": IepLevel.ENHANCED,
    "enhanced3": IepLevel.ENHANCED,
}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y", "%d/%m/%y")
SPACES = re.compile(r"\s+")
BLANK_LINE = re.compile(r"^[ \t]*\r?$", re.MULTILINE)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _key(header: object) -> str:
    return re.sub(r"[^a-z0-9]", "", str(header or "").lower())


def _columns(headers: Iterable[object]) -> dict[str, int]:
    """Which column holds each field. Refuses a file missing a required one, or naming one twice."""
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = _key(header)
        for field, names in HEADERS.items():
            if key in names:
                if field in found:
                    raise RollFileError(f"Two columns could be the {_label(field)}: keep one of them.")
                found[field] = index
    missing = [_label(field) for field in REQUIRED if field not in found]
    if missing:
        raise RollFileError(
            "The file has no column for the "
            + ", ".join(missing)
            + ". The first row must hold the column names: Prison number, Surname, Forename, Wing, Cell, "
            "IEP level, Earliest release date."
        )
    return found


def _label(field: str) -> str:
    return {
        "prison_number": "prison number",
        "last_name": "surname",
        "first_name": "forename",
        "wing": "wing or unit",
        "cell": "cell",
        "iep_level": "IEP level",
        "earliest_release_date": "earliest release date",
    }[field]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return SPACES.sub(" ", CONTROL.sub("", str(value))).strip()


def _date(value: object) -> date | None:
    """A cell as a date: XLSX gives datetimes, CSV gives text in one of the usual formats."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    for form in DATE_FORMATS:
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise ValueError(f"“{text[:20]}” is not a date (use 2027-05-31 or 31/05/2027)")


def parse_row(line: int, cells: dict[str, object]) -> RollRow | Refusal:
    """One row of the roll, or why it cannot be used."""
    prison_number = _text(cells.get("prison_number")).upper().replace(" ", "")
    shown = prison_number[:10]
    if not re.match(PRISON_NUMBER_PATTERN, prison_number):
        return Refusal(
            line, shown, "The prison number must be a letter, four digits, then two letters (A1234BC)."
        )
    last_name, first_name = _text(cells.get("last_name")), _text(cells.get("first_name"))
    if not last_name or not first_name:
        return Refusal(line, shown, "The surname and forename must both be given.")
    if len(last_name) > NAME_LENGTH or len(first_name) > NAME_LENGTH:
        return Refusal(line, shown, f"A name is longer than {NAME_LENGTH} characters.")
    wing, cell = _text(cells.get("wing")), _text(cells.get("cell"))
    if not wing:
        return Refusal(line, shown, "The wing or unit is missing.")
    if len(wing) > WING_LENGTH:
        return Refusal(line, shown, f"The wing or unit is longer than {WING_LENGTH} characters.")
    if len(cell) > CELL_LENGTH:
        return Refusal(line, shown, f"The cell is longer than {CELL_LENGTH} characters.")
    iep_text = _key(cells.get("iep_level"))
    iep_level = IEP_WORDS.get(iep_text, "") if iep_text else ""
    if iep_text and not iep_level:
        return Refusal(
            line,
            shown,
            f"“{_text(cells.get('iep_level'))[:20]}” is not an IEP level (Basic, Standard or Enhanced).",
        )
    try:
        release = _date(cells.get("earliest_release_date"))
    except ValueError as error:
        return Refusal(line, shown, f"The earliest release date {error}.")
    if release is not None and not date(2000, 1, 1) <= release <= date(2200, 12, 31):
        return Refusal(line, shown, "The earliest release date is not a possible date.")
    return RollRow(line, prison_number, last_name, first_name, wing, cell, iep_level, release)


def read_dataset(data: tablib.Dataset) -> tuple[list[RollRow], list[Refusal]]:
    """Rows and refusals; a prison number given twice is refused on its second line."""
    columns = _columns(data.headers or [])
    rows: list[RollRow] = []
    refusals: list[Refusal] = []
    first_line: dict[str, int] = {}
    for offset, values in enumerate(data):
        line = offset + 2  # the header is line 1
        if not any(_text(value) for value in values):
            continue
        cells = {field: values[index] if index < len(values) else None for field, index in columns.items()}
        parsed = parse_row(line, cells)
        if isinstance(parsed, RollRow) and parsed.prison_number in first_line:
            parsed = Refusal(
                line,
                parsed.prison_number,
                f"Duplicate row: {parsed.prison_number} is already on line {first_line[parsed.prison_number]}.",
            )
        if isinstance(parsed, Refusal):
            refusals.append(parsed)
        else:
            first_line[parsed.prison_number] = line
            rows.append(parsed)
    return rows, refusals


@dataclass
class FileRollSource:
    """An uploaded CSV or XLSX file, as NOMIS or a local extract writes it."""

    name: str
    content: bytes

    @property
    def description(self) -> str:
        return self.name

    def dataset(self) -> tablib.Dataset:
        if len(self.content) > MAX_BYTES:
            raise RollFileError(
                f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB. Upload one prison's roll only."
            )
        if not self.content.strip():
            raise RollFileError("The file is empty.")
        try:
            if self.content[:2] == b"PK":  # XLSX is a zip
                data = tablib.Dataset().load(self.content, format="xlsx")
            else:
                data = tablib.Dataset().load(self._text(), format="csv")
        except RollFileError:
            raise
        except tablib.InvalidDimensions as error:
            raise RollFileError(
                "A row has more cells than the first row has column names. Check the file's columns."
            ) from error
        except Exception as error:  # tablib and openpyxl raise many kinds for a damaged file
            raise RollFileError(
                "The file could not be read as CSV or XLSX. Save it from the spreadsheet as CSV or XLSX and try again."
            ) from error
        if data.height > MAX_ROWS:
            raise RollFileError(f"The file has more than {MAX_ROWS:,} rows. Upload one prison's roll only.")
        return data

    def _text(self) -> str:
        if b"\x00" in self.content:
            raise RollFileError("The file is not a CSV or XLSX file (it holds binary data).")
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = self.content.decode(encoding)
            except UnicodeDecodeError:
                continue
            # tablib drops a blank line, which would number every later row one line early: keep
            # it as a row of empty cells, which is counted and then passed over.
            return BLANK_LINE.sub(",", text)
        raise RollFileError("The file's text could not be read. Save it as CSV (UTF-8) and try again.")

    def read(self) -> tuple[list[RollRow], list[Refusal]]:
        return read_dataset(self.dataset())

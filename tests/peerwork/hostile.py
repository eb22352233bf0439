"""The hostile-input walk's tools: the forms on a page, the values thrown at them, and a cheap way
to tell whether anything in the database changed.

Used by tests/peerwork/test_hostile_input.py; no new dependency (the stdlib's html.parser reads
the pages).
"""

import importlib
import re
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

from django import forms as django_forms
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone

# --- The corpus ------------------------------------------------------------------------------

TEN_K_MARKER = "HOSTILE10K"
TEN_K = TEN_K_MARKER + "x" * (10_000 - len(TEN_K_MARKER))

CORPUS = {
    "empty": "",
    "10k characters": TEN_K,
    "NUL": "before\x00after",
    "RTL, emoji and <script>": "\u202eevil\u202c 🙂👩\u200d👩\u200d👧 مرحبا <script>alert(1)</script>",
    "NUL, RTL, emoji and <script>": "before\x00after \u202eevil\u202c 🙂 مرحبا <script>alert(1)</script>",
    "huge number": "9" * 40,
    "negative number": "-1",
    "overflowing number": "1e400",
    "impossible date": "2027-02-30",
    "far-off date": "9999-12-31",
    "first representable day": "0001-01-01",
    "impossible time": "25:61",
    "unknown choice": "no-such-choice",
}

# What no accepted submission may leave in the database: lengths and days outside the bounds.
NEVER_STORED = {
    "10k characters": TEN_K_MARKER,
    "far-off date": CORPUS["far-off date"],
    "first representable day": CORPUS["first representable day"],
}

# Round by round, every box at once gets the value its kind of box has for that round (a text box
# the 10k characters while a date box gets 31 December 9999): every value of the corpus meant for
# a kind of box reaches every box of that kind, in three requests a form. (An empty number, date
# or time box is what "missing fields" sends.)
ROUNDS = {
    "text": ["empty", "10k characters", "NUL, RTL, emoji and <script>"],
    "number": ["negative number", "huge number", "overflowing number"],
    "date": ["first representable day", "far-off date", "impossible date"],
    "time": ["impossible time", "huge number", "NUL"],
    "choice": ["empty", "unknown choice", "huge number"],
}
# Then one box at a time, the others as the page left them, with the values a form might let
# through to a service or the database: far too long, far too far off, below zero.
ALONE = {
    "text": ["10k characters"],
    "number": ["negative number"],
    "date": ["far-off date"],
    "time": [],
    "choice": [],
    "hidden": ["unknown choice"],
}
KINDS = {
    "textarea": "text",
    "password": "text",
    "email": "text",
    "search": "text",
    "number": "number",
    "date": "date",
    "date part": "number",  # each of Day, Month and Year gets the hostile numbers
    "datetime-local": "date",
    "time": "time",
    "select": "choice",
    "radio": "choice",
    "checkbox": "choice",
    "hidden": "choice",
}


def kind_of(box) -> str:
    return KINDS.get(box.kind, "text")


# --- Forms on a page -----------------------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str
    values: list[str] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    multiple: bool = False


@dataclass
class Form:
    method: str
    action: str | None
    fields: dict[str, Field] = field(default_factory=dict)
    buttons: list[tuple[str, str]] = field(default_factory=list)

    def field(self, name: str, kind: str) -> Field:
        if name not in self.fields:
            self.fields[name] = Field(name=name, kind=kind)
        return self.fields[name]


class FormParser(HTMLParser):
    """Every <form> on a page with its boxes, choices and the values the page put in them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._option: dict | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = Form(method=(a.get("method") or "get").lower(), action=a.get("action"))
            self.forms.append(self._form)
            return
        form, name = self._form, a.get("name")
        if form is None:
            return
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            classes = (a.get("class") or "").split()
            if kind == "text" and "moj-js-datepicker-input" in classes:
                kind = "date"  # the MoJ date picker's box: hostile days, as a date box gets
            elif kind == "text" and "govuk-date-input__input" in classes:
                kind = "date part"  # a GOV.UK date input's Day, Month or Year box
            elif kind == "text" and a.get("inputmode") in ("numeric", "decimal"):
                kind = "number"  # GOV.UK asks for a text box with a number keyboard
            value = a.get("value")
            if kind in ("submit", "image", "button", "reset"):
                if kind != "reset":
                    form.buttons.append((name, value or ""))
            elif kind in ("radio", "checkbox"):
                box = form.field(name, kind)
                value = "on" if value is None else value
                box.options.append(value)
                box.multiple = kind == "checkbox"
                if "checked" in a:
                    box.values.append(value)
            else:
                form.field(name, kind).values = [value or ""]
        elif tag == "button" and name and (a.get("type") or "submit").lower() == "submit":
            form.buttons.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self._select = form.field(name, "select")
            self._select.multiple = "multiple" in a
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "text": "", "selected": "selected" in a}
        elif tag == "textarea" and name:
            self._textarea = form.field(name, "textarea")
            self._textarea.values = [""]

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        elif self._textarea is not None:
            self._textarea.values[0] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            self._close_option()
        elif tag == "select":
            if self._option is not None:
                self._close_option()
            self._select = None
        elif tag == "textarea":
            if self._textarea is not None and self._textarea.values[0].startswith("\n"):
                self._textarea.values[0] = self._textarea.values[0][1:]
            self._textarea = None
        elif tag == "form":
            self._form = None

    def _close_option(self):
        option, select = self._option, self._select
        value = option["value"] if option["value"] is not None else option["text"].strip()
        select.options.append(value)
        if option["selected"]:
            select.values.append(value)
        self._option = None


def forms_on(html: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


# --- The page's own values, and the hostile ones ------------------------------------------


def _plausible(box: Field) -> str:
    """What a person might type in a box the page left empty, so that one hostile box at a time
    reaches as far into the code as it can. Boxes known by name first; "" leaves a box empty."""
    now = timezone.localtime()
    today = now.date()
    by_name = {
        "prison_number": "A9876ZY",
        "pin": "2580",
        "pin_again": "2580",
        "username": "coordinator",
        "weekly_rate": "9.60",
        "weekly_pay": "9.60",
        "pay_min": "4.00",
        "pay_max": "15.00",
        "end_date": "",
        "look_again_on": (today + timedelta(days=7)).isoformat(),
        "starts": "09:00",
        "ends": "17:00",
        "requested_time": f"{now - timedelta(minutes=50):%H:%M}",
        "started_time": f"{now - timedelta(minutes=45):%H:%M}",
        "ended_time": f"{now - timedelta(minutes=15):%H:%M}",
    }
    if box.name in by_name:
        return by_name[box.name]
    if box.kind == "date part":
        # Day, Month and Year boxes are named <field>_0, _1 and _2; a valid-until day is a year on.
        name, part = box.name.rsplit("_", 1)
        day = today + timedelta(days=365) if name == "valid_until" else today
        return str((day.day, day.month, day.year)[int(part)])
    return {
        "date": today.isoformat(),
        "time": "10:00",
        "number": "1",
        "email": "someone@example.com",
    }.get(box.kind, "A hostile walk")


def base_values(form: Form) -> dict[str, list[str]]:
    """What a person pressing the form's first button would send: the page's own values, the
    first real choice where the page chose none, and empty boxes filled in."""
    data: dict[str, list[str]] = {}
    for box in form.fields.values():
        chosen = [value for value in box.values if value]
        if box.kind in ("radio", "select"):
            chosen = chosen or [next((o for o in box.options if o), "")]
            data[box.name] = chosen if box.multiple else chosen[:1]
        elif box.kind == "checkbox":
            # A group of ticks with none ticked (the wings a place covers) gets its first.
            data[box.name] = chosen or (box.options[:1] if len(box.options) > 1 else [])
        elif box.kind == "hidden" or chosen:
            data[box.name] = list(box.values)
        else:
            data[box.name] = [_plausible(box)]
    if form.buttons:
        name, value = form.buttons[0]
        data[name] = [value]
    return data


CSRF_FIELD = "csrfmiddlewaretoken"


def shape(name: str) -> str:
    """A box's name without its row or object number: `listener_#`, `check-#-note`."""
    return re.sub(r"\d+", "#", name)


def _one_of_each(boxes: list[Field]) -> list[Field]:
    """The first of each repeated box (`listener_0`, `listener_1`... are one box in a table's rows)."""
    seen, first = set(), []
    for box in boxes:
        shape_ = (shape(box.name), box.kind)
        if shape_ not in seen:
            seen.add(shape_)
            first.append(box)
    return first


def variants(form: Form) -> list[tuple[str, dict[str, list[str]], set[tuple[str, str]]]]:
    """(what was tried, the data sent, the (box, corpus value) pairs it tried) for one form."""
    base = base_values(form)
    boxes = [box for box in form.fields.values() if box.name != CSRF_FIELD]

    def copy(data):
        return {name: list(values) for name, values in data.items()}

    tried = []
    # A form that is only a button (archive, publish, sign out) has nothing to vary or leave out,
    # only something to add.
    for round_ in range(len(ROUNDS["text"]) if boxes else 0):
        data, pairs = copy(base), set()
        for box in boxes:
            label = ROUNDS[kind_of(box)][round_]
            data[box.name] = [CORPUS[label]]
            pairs.add((box.name, label))
        tried.append((f"every box, round {round_ + 1}", data, pairs))
    csrf = {CSRF_FIELD: base[CSRF_FIELD]} if CSRF_FIELD in base else {}
    if boxes:
        tried.append(("missing fields", csrf, {(box.name, "missing") for box in boxes}))
    extra = copy(base)
    extra["not_a_field"] = ["surprise"]
    for box in boxes:
        extra[box.name] = extra.get(box.name, []) + [CORPUS["unknown choice"]]
    tried.append(("extra fields and repeated values", extra, {("not_a_field", "extra")}))
    for box in _one_of_each(boxes):
        labels = ALONE["hidden"] if box.kind == "hidden" else ALONE[kind_of(box)]
        for label in labels:
            data = copy(base)
            data[box.name] = [CORPUS[label]]
            tried.append((f"{box.name} alone: {label}", data, {(box.name, label)}))
    return tried


# --- Did anything change? ---------------------------------------------------------------------

# Sessions change on every request (SESSION_SAVE_EVERY_REQUEST), and the sign-in lockout's memory
# of attempts (django-axes) is meant to change when a sign-in is refused.
IGNORED_TABLES = {"django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"}


def _tables() -> list[str]:
    names = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            names.add(model._meta.db_table)
    existing = set(connection.introspection.table_names())
    return sorted((names & existing) - IGNORED_TABLES)


class Snapshot:
    """Whether a request changed any row of the app's tables (histories included).

    A table's fingerprint is an md5 of all its rows. Hashing every table after every request
    would cost more than the requests, so PostgreSQL's count of the rows this transaction has
    written to each table (pg_stat_xact_user_tables, which counts a write even once it is rolled
    back) says which tables a request touched; only those are hashed again and compared with the
    world as it was before the walk. Every submission is rolled back, so that stays the truth.
    """

    def __init__(self):
        self.tables = _tables()
        self.before_the_walk = self._fingerprints(self.tables)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.oid, c.relname FROM pg_class c WHERE c.relname = ANY(%s) AND c.relkind = 'r'",
                [self.tables],
            )
            self._names = dict(cursor.fetchall())
        self.last_writes = self.writes()

    def _fingerprints(self, tables: list[str]) -> dict[str, tuple[int, str]]:
        if not tables:
            return {}
        sql = " UNION ALL ".join(
            f"SELECT %s, count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
            f'FROM "{table}" t'
            for table in tables
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, tables)
            return {table: (count, digest) for table, count, digest in cursor.fetchall()}

    def writes(self) -> dict[str, int]:
        """Rows this transaction has inserted, updated or deleted so far, by table."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT t, pg_stat_get_xact_tuples_inserted(t) + pg_stat_get_xact_tuples_updated(t)"
                " + pg_stat_get_xact_tuples_deleted(t) FROM unnest(%s::oid[]) AS t",
                [list(self._names)],
            )
            return {self._names[oid]: n for oid, n in cursor.fetchall()}

    def changed(self) -> list[str]:
        """The tables whose rows differ from before the walk, among those written since the last
        look (a table written and rolled back since is hashed again, and found unchanged)."""
        writes = self.writes()
        touched = [table for table, n in writes.items() if n != self.last_writes.get(table, 0)]
        self.last_writes = writes
        now = self._fingerprints(touched)
        return [
            f"{table} ({self.before_the_walk[table][0]} -> {now[table][0]} rows)"
            for table in touched
            if now[table] != self.before_the_walk[table]
        ]

    def tables_holding(self, text: str, tables: list[str]) -> list[str]:
        """Which of `tables` store `text` somewhere in a row."""
        found = []
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f'SELECT 1 FROM "{table}" t WHERE t::text LIKE %s LIMIT 1', [f"%{text}%"])
                if cursor.fetchone():
                    found.append(table)
        return found


# --- Every form class of the project --------------------------------------------------------------


def project_form_classes() -> list[type[django_forms.BaseForm]]:
    """Every form class declared in a forms module (forms.py, forms_*.py, forms/) of our apps."""
    root = Path(settings.BASE_DIR)
    modules = set()
    for app in apps.get_app_configs():
        path = Path(app.path)
        if root not in path.parents or ".venv" in path.parts:
            continue
        for file in sorted(path.rglob("*.py")):
            relative = file.relative_to(root).with_suffix("")
            if any(part.startswith("forms") for part in relative.parts[1:]):
                modules.add(importlib.import_module(".".join(relative.parts)).__name__)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return sorted(
        {cls for cls in subclasses(django_forms.BaseForm) if cls.__module__ in modules},
        key=lambda cls: f"{cls.__module__}.{cls.__qualname__}",
    )

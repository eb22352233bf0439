"""Hostile input: every form every role can reach, fed a small corpus of bad values.

The pages come from the URL resolver (every pattern but the Django admin), filled with real
objects of the demo world (tests/peerwork/hostile_world.py). Each role (the five staff roles, a
peer worker signed in on a wing kiosk, and nobody signed in) opens every page; every form found
on them is sent the corpus (tests/peerwork/hostile.py): every box at once, a value for its kind
of box in each round, then one box at a time with the others as the page left them, with boxes
missing and boxes added. Every role that opens a form's page and is not shown the form posts it
too. The addresses get a huge id and impossible days, the query strings the corpus. Each request
is rolled back before the next.

What must hold: no answer is a server error; when the answer is a refusal (the form again with
its errors, 400/403/404/405, or a redirect with an error message or to a sign-in page) nothing in
the database changed; and no accepted submission stores 10,000 characters or a day outside the
days peerwork works with.
"""

import logging
import traceback
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.test import Client
from django.urls import resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils import timezone

from peerwork.dates import monday_of, validate_supported_day
from peerwork.forms import DATE_FIELDS, DateInputField
from tests.peerwork.conftest import HOSTILE_WALK_SUMMARY
from tests.peerwork.hostile import (
    CORPUS,
    NEVER_STORED,
    Snapshot,
    base_values,
    forms_on,
    project_form_classes,
    shape,
    variants,
)
from tests.peerwork.hostile_world import SKIPPED_NAMESPACES, addresses, build_world, clients

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")

# The query-string parameters each page reads outside a form of its own (a form's boxes are
# walked with the forms).
QUERY_STRINGS = {
    "schemes:worker_list": ["q", "custody", "in_role", "scheme", "wing", "page"],
    "schemes:worker_list_csv": ["q", "custody", "in_role", "scheme", "wing"],
    "schemes:application_pipeline": ["q", "scheme", "status", "page"],
    "schemes:contract_list": ["q", "scheme", "status", "ends_after", "ends_before", "page"],
    "schemes:contract_list_csv": ["q", "scheme", "status", "ends_after", "ends_before"],
    "schemes:meeting_list_csv": ["scheme", "status", "from_day", "to_day"],
    "schemes:meeting_attendance_csv": ["scheme", "status", "from_day", "to_day"],
    "schemes:moved_list": ["q", "page"],
    "listeners:lookup": ["q"],
    "schemes:location_list": ["archived"],
    "schemes:application_create": ["worker", "scheme"],
    "schemes:contract_issue": ["application", "worker", "scheme"],
    "schemes:meeting_list": ["scheme", "status", "from_day", "to_day", "page"],
    "schemes:meeting_create": ["scheme"],
    "listeners:callout_record": ["listener"],
    "listeners:callout_list": ["from_day", "to_day", "wing", "archived", "page"],
    "listeners:callout_list_csv": ["from_day", "to_day", "wing", "archived"],
    "listeners:notice_pdf": ["week", "place"],
    "flags:flag_list": ["page", "state", "severity", "kind", "scheme"],
    "concerns:concern_list": ["page", "status", "overdue", "department", "topic", "wing", "scheme"],
    "concerns:you_said": ["month", "wing"],
    "concerns:you_said_pdf": ["month", "wing"],
    "support:stumbling_blocks": ["scheme", "weeks"],
    "support:stumbling_blocks_csv": ["scheme", "weeks"],
}
QUERY_VALUES = [
    "10k characters",
    "NUL",
    "RTL, emoji and <script>",
    "huge number",
    "negative number",
    "unknown choice",
    "impossible date",
    "far-off date",
]
# Reads no input and answers everyone alike, after asking the database, Redis and the broker.
ONE_ROLE = {"healthz"}


# --- One submission, rolled back -----------------------------------------------------------------


@dataclass
class Walk:
    snapshot: Snapshot
    requests: int = 0
    values: set = field(default_factory=set)
    forms: set = field(default_factory=set)
    pages: set = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    changed_on_refusal: list[str] = field(default_factory=list)
    stored_out_of_bounds: list[str] = field(default_factory=list)
    refusals: int = 0
    accepted_unoffered: list[str] = field(default_factory=list)


def _where(error: BaseException) -> str:
    """The error, and the last line of our own code it passed through."""
    root = f"{settings.BASE_DIR}/"
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if f.filename.startswith(root) and "/.venv/" not in f.filename]
    last = next((f for f in reversed(ours) if "/tests/" not in f.filename), None)
    at = f" at {last.filename.removeprefix(root)}:{last.lineno}" if last else ""
    return f"{type(error).__name__}: {str(error)[:160]}{at}"


def _is_refusal(response) -> bool:
    """Refused: 400/403/404/405, an error message, a redirect to a sign-in page with no success
    message (signing out is one), or the page again with errors next to its boxes."""
    status = response.status_code
    if status in (400, 403, 404, 405):
        return True
    queued = getattr(getattr(response.wsgi_request, "_messages", None), "_queued_messages", [])
    if any(message.level >= messages.ERROR for message in queued):
        return True
    if any(message.level == messages.SUCCESS for message in queued):
        return False
    if 300 <= status < 400:
        return urlsplit(response["Location"]).path in (reverse("login"), reverse("kiosk:start"))
    if status == 200 and "text/html" in response.get("Content-Type", ""):
        body = response.content.decode(errors="replace")
        return "govuk-error-summary" in body or "govuk-error-message" in body
    return False


def submit(walk: Walk, client: Client, method: str, path: str, data, *, what: str, offered: bool = True):
    """One request in a savepoint that is rolled back; the client's cookies are put back too."""
    cookies = client.cookies
    client.cookies = type(cookies)(cookies)
    walk.requests += 1
    response = None
    with transaction.atomic():
        try:
            response = client.post(path, data) if method == "post" else client.get(path, data)
            if response.streaming:  # a download: its rows are read, and their queries run, as it is sent
                b"".join(response.streaming_content)
        except Exception as error:  # the test client re-raises what the view raised
            walk.errors.append(f"{what}: {_where(error)}")
        if response is not None:
            if response.status_code == 500:
                walk.errors.append(f"{what}: status {response.status_code}")
            else:
                _judge(walk, response, data, what=what, offered=offered)
        transaction.set_rollback(True)
    client.cookies = cookies
    return response


def _sent(data, marker: str) -> bool:
    return any(marker in value for values in data.values() for value in values)


def _judge(walk: Walk, response, data, *, what: str, offered: bool) -> None:
    refused = _is_refusal(response)
    sent = {label: marker for label, marker in NEVER_STORED.items() if _sent(data, marker)}
    if not refused and offered and not sent:
        return
    changed = walk.snapshot.changed()
    if refused:
        walk.refusals += 1
        if changed:
            walk.changed_on_refusal.append(f"{what}: {response.status_code}, changed {', '.join(changed)}")
        return
    if not offered and changed:
        walk.accepted_unoffered.append(f"{what}: {response.status_code}, changed {', '.join(changed)}")
    changed_tables = [entry.split(" ")[0] for entry in changed]
    for label, marker in sent.items():
        if holding := walk.snapshot.tables_holding(marker, changed_tables):
            walk.stored_out_of_bounds.append(f"{what}: {label} stored in {', '.join(holding)}")


# --- The walk --------------------------------------------------------------------------------------


def _action(page: str, action: str | None) -> str | None:
    path = urlsplit(urljoin(page, action or "")).path
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return None if match.namespace in SKIPPED_NAMESPACES else path


def _name(path: str) -> str:
    return resolve(path).view_name


@pytest.fixture
def quiet_request_log(monkeypatch):
    """Thousands of refusals are expected here; the walk reports what matters itself."""
    monkeypatch.setattr(logging.getLogger("django.request"), "disabled", True)


class UnlaidPdf:
    """Stands in for WeasyPrint. The walk renders every document's template and its permission
    checks; laying out the demo's documents again for every role is the PDF tests' business,
    and would take a third of the walk."""

    def __init__(self, *, string: str, **options):
        self.html = string

    def write_pdf(self) -> bytes:
        return b"%PDF-1.7 not laid out by the hostile-input walk"


@pytest.fixture
def unlaid_pdfs(monkeypatch):
    monkeypatch.setattr("peerwork.documents.HTML", UnlaidPdf)


# The pages of an object change with its state (a contract awaiting signature has a signing form,
# a suspended one a lift button). The manager, who may do the most, opens every object of
# ARGUMENTS; the other roles open the first of each, as does everyone for a PDF (it has no form).
EVERY_STATE = {"safer-custody manager"}


@dataclass
class Found:
    """The forms found so far: the first role shown a form gets the corpus."""

    offered: dict[str, dict] = field(default_factory=dict)
    shown: set[tuple[str, str]] = field(default_factory=set)  # (role, address of the action)
    opened: set[tuple[str, str]] = field(default_factory=set)  # (role, page)

    def visit(self, walk: Walk, role: str, client: Client, path: str) -> None:
        self.opened.add((role, path))
        response = submit(walk, client, "get", path, {}, what=f"{role} GET {path}")
        if response is None or response.status_code != 200:
            return
        if "text/html" not in response.get("Content-Type", ""):
            return
        for form in forms_on(response.content.decode()):
            action = _action(path, form.action)
            if action is None:
                continue
            key = f"{form.method.upper()} {_name(action)} {sorted({shape(name) for name in form.fields})}"
            self.shown.add((role, _name(action)))
            self.offered.setdefault(key, {"role": role, "action": action, "form": form, "page": path})


def discover(walk: Walk, signed_in: dict[str, Client], pages) -> Found:
    """Every page, for every role."""
    found = Found()
    for role, client in signed_in.items():
        for address, paths in pages:
            if address.name in ONE_ROLE and (address.name in walk.pages):
                continue
            walk.pages.add(address.name)
            every_state = role in EVERY_STATE and not address.name.endswith("_pdf")
            for path in paths if every_state else paths[:1]:
                found.visit(walk, role, client, path)
    return found


@pytest.fixture
def wednesday_morning(time_machine):
    """10:00 on the Wednesday of the week the suite's clock is in: the demo's published week has
    shifts still to come, to need cover or to take off."""
    monday = monday_of(timezone.localdate())
    time_machine.move_to(datetime.combine(monday + timedelta(days=2), time(10), tzinfo=LONDON), tick=False)


def test_every_form_every_role_reaches_survives_the_hostile_corpus(
    wednesday_morning, settings, quiet_request_log, unlaid_pdfs, request, record_property
):
    world = build_world()
    signed_in = clients(world, settings)
    walk = Walk(snapshot=Snapshot())
    manager = signed_in["safer-custody manager"]

    unknown, pages = [], []
    for address in addresses():
        try:
            pages.append((address, address.paths(world)))
        except LookupError:
            unknown.append(address.name)
    assert not unknown, f"Add the objects these addresses open with to ARGUMENTS: {unknown}"

    found = discover(walk, signed_in, pages)

    # Hostile addresses: a huge id, an impossible day, 31 December 9999.
    for address, _paths in pages:
        for path in address.hostile_paths():
            walk.values.add((path, "address"))
            submit(walk, manager, "get", path, {}, what=f"GET {path}")

    # The corpus in every query-string parameter a page reads.
    for name, parameters in QUERY_STRINGS.items():
        path = reverse(name)
        for label in QUERY_VALUES:
            walk.values.update((path, parameter, label) for parameter in parameters)
            query = dict.fromkeys(parameters, CORPUS[label])
            submit(walk, manager, "get", path, query, what=f"GET {path} with {parameters} = <{label}>")

    # The corpus, for every form, from the first role shown it.
    for key, form_found in found.offered.items():
        form, action, role = form_found["form"], form_found["action"], form_found["role"]
        walk.forms.add(key)
        for label, data, pairs in variants(form):
            walk.values.update((key, *pair) for pair in pairs)
            what = f"{role} {form.method.upper()} {action} [{label}]"
            submit(walk, signed_in[role], form.method, action, data, what=what)

    # Every form posted by every role not shown it on the page it is on: refused, not only spared
    # the button.
    posted_forms = {f["action"]: f for f in found.offered.values() if f["form"].method == "post"}
    for form_found in posted_forms.values():
        action, page = form_found["action"], form_found["page"]
        for role, client in signed_in.items():
            if (role, page) not in found.opened:
                found.visit(walk, role, client, page)
            if (role, _name(action)) in found.shown:
                continue
            walk.values.add((action, role, "not offered"))
            what = f"{role} (never shown the form) POST {action}"
            submit(walk, client, "post", action, base_values(form_found["form"]), what=what, offered=False)

    summary = (
        f"hostile-input walk: {len(signed_in)} roles, {len(walk.pages)} addresses, {len(walk.forms)} forms, "
        f"{len(walk.values)} hostile values tried in {walk.requests} requests "
        f"({walk.refusals} refusals checked for no change)"
    )
    print("\n" + summary)
    record_property("hostile_input_walk", summary)
    request.config.stash[HOSTILE_WALK_SUMMARY] = summary
    problems = {
        "server errors": walk.errors,
        "changed on refusal": walk.changed_on_refusal,
        "stored though out of bounds": walk.stored_out_of_bounds,
        "changed by a role not shown the form": walk.accepted_unoffered,
    }
    report = "\n".join(
        f"{title} ({len(cases)}):\n  " + "\n  ".join(sorted(set(cases)))
        for title, cases in problems.items()
        if cases
    )
    assert not report, f"{summary}\n{report}"


def test_every_date_box_takes_only_the_days_peerwork_works_with():
    """A date box is peerwork.forms.DatePickerField or DateInputField (and keeps its check): 31
    December 9999 or 1 January of year 1 is refused next to the box, before any service or
    arithmetic sees it."""
    classes = project_form_classes()
    assert len(classes) > 30, "the forms modules were not found"
    outside = []
    for form_class in classes:
        for name, box in form_class.base_fields.items():
            where = f"{form_class.__module__}.{form_class.__qualname__}.{name}"
            if isinstance(box, forms.DateTimeField):
                outside.append(f"{where}: take a peerwork.forms.DatePickerField and a time box instead")
            elif (
                (
                    isinstance(box, forms.DateField | DateInputField)
                    and validate_supported_day not in box.validators
                )
                or isinstance(box, forms.DateField | forms.MultiValueField)
                and not isinstance(box, DATE_FIELDS)
            ):
                outside.append(f"{where}: use peerwork.forms.DatePickerField or DateInputField")
    assert not outside, outside

"""The call-out log's CSV: the call-outs as the log lists them, every page, and nothing about what
was said or who called (a call-out has no such field)."""

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from listeners import views as listener_views
from rota.models import CallOut
from tests.downloads import csv_dicts, csv_rows
from tests.factories import LocationFactory, PeerWorkerFactory
from tests.rota.officer_fixtures import *  # noqa: F403  the fixtures

LIST = reverse("listeners:callout_list")
CSV = reverse("listeners:callout_list_csv")
HEADER = [
    "Asked for",
    "Started",
    "Ended",
    "Minutes",
    "Where",
    "Listener's prison number",
    "Listener",
    "Who asked",
    "Off the rota",
    "Recorded by",
    "Archived",
]
# The session, the user and their establishment (as on every page), then the call-outs with their
# Listener, wing and who recorded them.
CALLOUT_CSV_QUERIES = 4


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=days), time(hour, minute))
    )


@pytest.fixture
def listener(establishment, wing):
    return PeerWorkerFactory(
        establishment=establishment,
        location=wing,
        first_name="Ryan",
        last_name="Ellis",
        prison_number="A1234BC",
    )


@pytest.fixture
def callouts(make_callout, listener, b_wing, manager):
    """Three call-outs: last night on A wing (40 minutes, off the rota), two nights ago on B wing
    (25 minutes), and one archived as recorded by mistake."""
    last_night = make_callout(listener, _at(-1, 23, 40), minutes=40, off_rota=True, requested_by="prisoner")
    earlier = make_callout(listener, _at(-2, 22, 10), minutes=25, location=b_wing)
    mistake = make_callout(listener, _at(-3, 1, 0))
    CallOut.objects.filter(pk=mistake.pk).update(
        archived_at=timezone.now(), archived_by=manager, archived_reason="Recorded twice"
    )
    return {"last night": last_night, "earlier": earlier, "mistake": mistake}


def test_the_csv_has_the_log_newest_first(client_for, wing_officer, callouts):
    response = client_for(wing_officer).get(CSV)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="call-outs-alp-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    rows = csv_rows(response)
    assert rows[0] == HEADER
    officer = wing_officer.get_full_name() or wing_officer.username

    def moment(value: datetime) -> str:
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"

    last_night = callouts["last night"]
    assert rows[1] == [
        moment(last_night.requested_at),
        moment(last_night.started_at),
        moment(last_night.ended_at),
        "40",
        "A wing",
        "A1234BC",
        "Ryan Ellis",
        "A prisoner asked",
        "Yes",
        officer,
        "No",
    ]
    assert rows[2][3:5] == ["25", "B wing"]
    assert rows[2][8] == "No"
    assert len(rows) == 3


def test_the_header_has_nothing_about_what_was_said_or_who_called(client_for, manager, callouts):
    """The columns are pinned: a new one is a decision, not an accident."""
    header = csv_rows(client_for(manager).get(CSV))[0]
    assert header == HEADER
    field_names = {field.name for field in CallOut._meta.get_fields()}
    assert not field_names & {"content", "notes", "said", "caller", "summary", "details"}


def test_archived_call_outs_come_only_when_the_log_shows_them(client_for, manager, callouts):
    client = client_for(manager)
    assert f'href="{CSV}?archived=1"' in client.get(LIST, {"archived": "1"}).content.decode()
    assert f'href="{CSV}"' in client.get(LIST).content.decode()
    rows = csv_dicts(client.get(CSV, {"archived": "1"}))
    assert [row["Archived"] for row in rows] == ["No", "No", "Yes"]
    assert all("Recorded twice" not in value for row in rows for value in row.values())


def test_every_page_is_in_the_file(client_for, manager, callouts, monkeypatch):
    monkeypatch.setattr(listener_views, "CALLOUTS_PER_PAGE", 1)
    client = client_for(manager)
    assert len(client.get(LIST).context["page"].object_list) == 1
    assert len(csv_dicts(client.get(CSV))) == 2


def test_another_prisons_call_outs_never_appear(
    client_for, outsider, other_establishment, callouts, wing_officer
):
    theirs = PeerWorkerFactory(establishment=other_establishment, prison_number="Z9999ZZ")
    CallOut.objects.create(
        establishment=other_establishment,
        location=LocationFactory(establishment=other_establishment, name="Z wing"),
        listener=theirs,
        requested_at=_at(-1, 20),
        requested_by="officer",
        started_at=_at(-1, 20, 5),
        ended_at=_at(-1, 20, 35),
        recorded_by=outsider,
        recorded_at=_at(-1, 21),
    )
    assert [row["Where"] for row in csv_dicts(client_for(outsider).get(CSV))] == ["Z wing"]
    assert [row["Where"] for row in csv_dicts(client_for(wing_officer).get(CSV))] == ["A wing", "B wing"]


@pytest.mark.parametrize(
    "user", ["manager", "safer_custody_officer", "coordinator", "wing_officer", "system_admin"]
)
def test_every_member_of_staff_who_reads_the_log_may_download_it(request, client_for, user):
    assert client_for(request.getfixturevalue(user)).get(CSV).status_code == 200


def test_nobody_signed_in_is_sent_to_sign_in(client):
    response = client.get(CSV)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_query_count_does_not_grow_with_rows(
    client_for, manager, make_callout, listener, b_wing, establishment
):
    def add(count: int):
        for n in range(count):
            person = PeerWorkerFactory(establishment=establishment)
            make_callout(person, _at(-1 - n, 22), location=b_wing if n % 2 else None)

    client = client_for(manager)
    add(2)
    with CaptureQueriesContext(connection) as few:
        assert len(csv_rows(client.get(CSV))) == 3
    add(20)
    with CaptureQueriesContext(connection) as many:
        assert len(csv_rows(client.get(CSV))) == 23
    assert len(few) == len(many) == CALLOUT_CSV_QUERIES

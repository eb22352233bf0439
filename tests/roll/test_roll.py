"""The roll: upload, preview, apply, and what applying it twice does (nothing)."""

import io
from datetime import timedelta

import pytest
import tablib
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from establishments.models import Location
from flags.models import Flag
from roll.models import RollImport
from roll.services import roll_apply, roll_compare, roll_import_start
from roll.sources import FileRollSource
from schemes.models import EndReason, Movement, PeerWorker
from schemes.services import people
from tests.factories import PeerWorkerFactory

HEADER = "Prison Number,Surname,Forename,Wing,Cell,IEP Level,Earliest Release Date\n"


def release_in(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).strftime("%d/%m/%Y")


def roll_csv(*lines: str) -> bytes:
    return (HEADER + "".join(line + "\n" for line in lines)).encode()


def upload(client, content: bytes, name: str = "roll.csv"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(reverse("roll:import_start"), {"file": file})


def good_rows() -> list[str]:
    return [
        f"A1234BC,Ellis,Ryan,A wing,2-14,Enhanced,{release_in(400)}",
        f"B2345CD,Okafor,Daniel,A wing,1-03,Standard,{release_in(200)}",
        "C3456DE,Price,Tom,A wing,1-04,Basic,",
    ]


def bad_rows() -> list[str]:
    return [
        "12345,Nobody,Bad,A wing,1-01,Standard,",  # line 5: bad prison number
        "D4567EF,Kaur,Simran,Z wing,3-01,Standard,",  # line 6: unknown wing
        "B2345CD,Okafor,Daniel,A wing,1-03,Standard,",  # line 7: duplicate of line 3
    ]


def state() -> list[tuple]:
    """Everything a roll can change, to show that a refused apply changed nothing."""
    return sorted(
        PeerWorker.objects.values_list(
            "prison_number",
            "location__name",
            "cell",
            "iep_level",
            "earliest_release_date",
            "establishment_id",
        )
    ) + sorted(Location.objects.values_list("name", "establishment_id"))


def test_a_roll_with_three_bad_rows_applies_nothing_until_they_are_skipped(client_for, manager, worker):
    client = client_for(manager)
    response = upload(client, roll_csv(*good_rows(), *bad_rows()))
    assert response.status_code == 302
    preview = client.get(response["Location"])
    body = preview.content.decode()
    refused = preview.context["comparison"].refusals
    assert [(r.line, r.prison_number) for r in refused] == [(5, "12345"), (6, "D4567EF"), (7, "B2345CD")]
    assert "The prison number must be a letter, four digits, then two letters" in body
    assert "No wing or unit called “Z wing” here" in body
    assert "Duplicate row: B2345CD is already on line 3." in body
    assert [row.prison_number for row in preview.context["comparison"].new] == ["B2345CD", "C3456DE"]

    before = state()
    refused_apply = client.post(response["Location"], {"apply": "1"})
    assert refused_apply.status_code == 200
    assert "3 rows are rejected, so nothing was applied" in refused_apply.content.decode()
    assert state() == before

    applied = client.post(response["Location"], {"apply": "1", "skip_refusals": "on"}, follow=True)
    assert "The roll is applied: 2 added, 1 changed" in applied.content.decode()
    ellis = PeerWorker.objects.get(prison_number="A1234BC")
    assert (ellis.cell, ellis.iep_level) == ("2-14", "enhanced")
    assert set(PeerWorker.objects.values_list("prison_number", flat=True)) == {
        "A1234BC",
        "B2345CD",
        "C3456DE",
    }
    assert ellis.history.first().history_user == manager

    after = state()
    again = upload(client, roll_csv(*good_rows(), *bad_rows()))
    second = client.get(again["Location"])
    assert second.context["comparison"].changes_anything is False
    client.post(again["Location"], {"apply": "1", "skip_refusals": "on"})
    assert state() == after


def test_an_unknown_wing_can_be_created_from_the_preview(client_for, manager, wing):
    client = client_for(manager)
    url = upload(client, roll_csv("D4567EF,Kaur,Simran,Z wing,3-01,Standard,"))["Location"]
    preview = client.post(url, {"preview": "1", "create_wings": ["Z wing"]})
    assert preview.context["comparison"].refusals == []
    client.post(url, {"apply": "1", "create_wings": ["Z wing"]})
    kaur = PeerWorker.objects.get(prison_number="D4567EF")
    assert kaur.location.name == "Z wing"
    assert kaur.location.establishment == wing.establishment


def test_headers_are_matched_as_an_extract_writes_them(manager, establishment, wing):
    content = (
        "NOMS Number, LAST NAME ,First Name,Unit,Cell No,Incentive Level,ERD\n"
        f"a1234bc,Ellis,Ryan,A,2-14,ENH,{release_in(100)}\n"
    ).encode()
    roll_import = roll_import_start(
        source=FileRollSource(name="extract.csv", content=content), establishment=establishment, actor=manager
    )
    comparison = roll_compare(roll_import=roll_import)
    assert comparison.refusals == []
    [row] = comparison.new
    assert (row.prison_number, row.wing, row.iep_level) == ("A1234BC", "A", "enhanced")
    assert row.earliest_release_date == timezone.localdate() + timedelta(days=100)


def test_an_xlsx_roll_reads_like_a_csv(manager, establishment, wing):
    data = tablib.Dataset(
        headers=["Prison Number", "Surname", "Forename", "Wing", "Cell", "IEP Level", "Earliest Release Date"]
    )
    data.append(
        ["A1234BC", "Ellis", "Ryan", "A wing", "2-14", "Standard", timezone.localdate() + timedelta(days=30)]
    )
    data.append(["A12", "Bad", "Row", "A wing", "", "", ""])
    roll_import = roll_import_start(
        source=FileRollSource(name="roll.xlsx", content=data.export("xlsx")),
        establishment=establishment,
        actor=manager,
    )
    comparison = roll_compare(roll_import=roll_import)
    assert [row.prison_number for row in comparison.new] == ["A1234BC"]
    assert [(r.line, r.prison_number) for r in comparison.refusals] == [(3, "A12")]


def test_a_blank_line_in_the_file_does_not_shift_the_line_numbers(manager, establishment, wing):
    content = roll_csv("A1234BC,Ellis,Ryan,A wing,2-14,Standard,", "", "BAD,Row,Four,A wing,,,")
    roll_import = roll_import_start(
        source=FileRollSource(name="roll.csv", content=content), establishment=establishment, actor=manager
    )
    assert [(r.line, r.prison_number) for r in roll_compare(roll_import=roll_import).refusals] == [(4, "BAD")]


@pytest.mark.parametrize(
    "line, reason",
    [
        ("A1234BC,Ellis,Ryan,A wing,2-14,Standard,31/02/2027", "is not a date"),
        ("A1234BC,Ellis,Ryan,A wing,2-14,Gold,", "is not an IEP level"),
        ("A1234BC," + "E" * 5000 + ",Ryan,A wing,2-14,Standard,", "longer than 60 characters"),
        ("A1234BC,,Ryan,A wing,2-14,Standard,", "must both be given"),
        ("A1234BC,Ellis,Ryan,A wing,2-14,Standard,01/01/9999", "not a possible date"),
    ],
)
def test_a_bad_cell_is_a_refused_row_with_its_reason(manager, establishment, wing, line, reason):
    roll_import = roll_import_start(
        source=FileRollSource(name="roll.csv", content=roll_csv(line)),
        establishment=establishment,
        actor=manager,
    )
    [refusal] = roll_compare(roll_import=roll_import).refusals
    assert refusal.line == 2
    assert reason in refusal.reason


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "The selected file is empty"),
        (b"\n\n", "The file is empty."),
        (b"Prison\x00Number,Surname\nA\x00,B\n", "binary data"),
        (
            b"Name,Number\nRyan,1\n",
            "The file has no column for the prison number, surname, forename, wing or unit.",
        ),
        (b"PK\x03\x04 not really a zip", "could not be read as CSV or XLSX"),
        (HEADER.encode() + b"A1234BC,Ellis,Ryan,A wing,2-14,Standard,,extra,cells\n", "more cells than"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_whole_and_kept_on_the_form(
    client_for, manager, wing, content, message
):
    response = upload(client_for(manager), content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RollImport.objects.exists()


def test_someone_with_an_open_contract_missing_from_the_roll_is_flagged_once(
    client_for, manager, active_contract
):
    client = client_for(manager)
    for _ in range(3):
        url = upload(client, roll_csv(f"B2345CD,Okafor,Daniel,A wing,1-03,Standard,{release_in(200)}"))[
            "Location"
        ]
        preview = client.get(url)
        assert [m.worker.prison_number for m in preview.context["comparison"].missing_with_contracts] == [
            "A1234BC"
        ]
        client.post(url, {"apply": "1"})
    [flag] = Flag.objects.filter(kind=Flag.Kind.NOT_ON_ROLL)
    assert flag.worker == active_contract.worker
    assert flag.scheme == active_contract.scheme
    assert "A1234BC Ryan Ellis is not on the roll" in flag.summary
    active_contract.refresh_from_db()
    assert active_contract.is_open, "nobody is ended silently"

    # Back on the next roll: the flag closes itself.
    url = upload(client, roll_csv("A1234BC,Ellis,Ryan,A wing,,Standard,"))["Location"]
    client.post(url, {"apply": "1"})
    flag.refresh_from_db()
    assert flag.resolved_at is not None
    assert flag.resolution.startswith("Back on the roll")


def test_a_release_recorded_from_the_flag_ends_the_contract_and_closes_the_flag(
    client_for, manager, active_contract
):
    client = client_for(manager)
    url = upload(client, roll_csv(f"B2345CD,Okafor,Daniel,A wing,1-03,Standard,{release_in(200)}"))[
        "Location"
    ]
    client.post(url, {"apply": "1"})
    flag = Flag.objects.get(kind=Flag.Kind.NOT_ON_ROLL)
    page = client.get(reverse("flags:flag_detail", args=[flag.pk])).content.decode()
    leave_url = reverse("schemes:worker_leave_custody", args=[active_contract.worker.pk])
    assert leave_url in page
    client.post(leave_url, {"what_happened": PeerWorker.CustodyStatus.RELEASED})
    active_contract.refresh_from_db()
    flag.refresh_from_db()
    assert active_contract.end_reason == EndReason.RELEASED
    assert flag.resolved_at is not None


def test_a_prisoner_whose_record_is_elsewhere_arrives_by_the_roll(
    client_for, manager, outsider, other_establishment, other_wing, active_contract, establishment
):
    """The record at Alpha, the person on Bravo's roll: the record moves, Alpha's contract ends."""
    client = client_for(outsider)
    url = upload(client, roll_csv(f"A1234BC,Ellis,Ryan,A wing,4-01,Standard,{release_in(300)}"))["Location"]
    preview = client.get(url)
    assert [a.worker.prison_number for a in preview.context["comparison"].arrivals] == ["A1234BC"]
    client.post(url, {"apply": "1"})
    worker = PeerWorker.objects.get(prison_number="A1234BC")
    assert (worker.establishment, worker.location, worker.cell) == (other_establishment, other_wing, "4-01")
    active_contract.refresh_from_db()
    assert active_contract.end_reason == EndReason.TRANSFERRED
    movement = Movement.objects.get(worker=worker)
    assert (movement.from_establishment, movement.how) == (establishment, Movement.How.ROLL)
    [flag] = Flag.objects.filter(kind=Flag.Kind.ARRIVAL)
    assert flag.establishment == other_establishment
    assert flag.summary.startswith("A1234BC arrived on A wing: Listeners at HMP Alpha")


def test_a_second_confirm_of_the_same_roll_is_refused_and_changes_nothing(client_for, manager, wing):
    client = client_for(manager)
    url = upload(client, roll_csv(*good_rows()))["Location"]
    client.post(url, {"apply": "1"})
    assert PeerWorker.objects.count() == 3
    roll_import = RollImport.objects.get()
    with pytest.raises(Exception, match="applied already"):
        roll_apply(roll_import=roll_import, actor=manager, skip_refusals=True)
    assert PeerWorker.objects.count() == 3


def test_only_safer_custody_managers_and_administrators_import_the_roll(
    client_for, coordinator, safer_custody_officer
):
    for user in (coordinator, safer_custody_officer):
        assert client_for(user).get(reverse("roll:import_start")).status_code == 403


def test_another_prisons_roll_is_not_found(client_for, outsider, manager, wing):
    url = upload(client_for(manager), roll_csv(*good_rows()))["Location"]
    assert client_for(outsider).get(url).status_code == 404


@pytest.mark.parametrize("size", [3, 30])
def test_comparing_costs_the_same_for_a_short_or_long_roll(manager, establishment, wing, size):
    for n in range(size):
        PeerWorkerFactory(prison_number=f"A{n:04d}AA", establishment=establishment, location=wing)
    # The first is missing from the roll; the rest are on it, with as many again new.
    lines = [f"A{n:04d}AA,Person,Number{n},A wing,{n},Standard," for n in range(1, size * 2)]
    roll_import = roll_import_start(
        source=FileRollSource(name="roll.csv", content=roll_csv(*lines)),
        establishment=establishment,
        actor=manager,
    )
    with CaptureQueriesContext(connection) as compared:
        roll_compare(roll_import=roll_import)
    assert len(compared) == 4


@pytest.mark.parametrize("may_travel, seen_there", [(False, False), (True, True)])
def test_staff_notes_travel_only_when_marked(
    client_for, manager, outsider, worker, other_establishment, may_travel, seen_there
):
    client_for(manager).post(
        reverse("schemes:worker_update", args=[worker.pk]),
        {
            "prison_number": worker.prison_number,
            "first_name": worker.first_name,
            "last_name": worker.last_name,
            "iep_level": worker.iep_level,
            "staff_notes": "Works well with the healthcare team.",
            **({"staff_notes_may_travel": "on"} if may_travel else {}),
        },
    )
    worker.refresh_from_db()
    assert worker.staff_notes_may_travel is may_travel
    movement = people.peer_worker_transfer(worker=worker, to=other_establishment, actor=manager)
    page = client_for(outsider).get(reverse("schemes:worker_detail", args=[worker.pk])).content.decode()
    assert ("Works well with the healthcare team." in page) is seen_there
    assert movement.staff_notes_left == ("" if may_travel else "Works well with the healthcare team.")

"""demo/roll-example.csv, the roll a user of the demo can upload for HMP Northgate: everyone on
the demo's records there, four new people, one changed cell and two rows the preview rejects."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from establishments.models import Establishment
from flags.models import Flag
from roll.services import roll_apply, roll_compare, roll_import_start
from roll.sources import FileRollSource
from schemes.models import PeerWorker

EXAMPLE = Path(settings.BASE_DIR) / "demo" / "roll-example.csv"
NEW = ["B4101CD", "C5202EF", "D6303GH", "E7404JK"]


@pytest.fixture
def demo(db):
    call_command("load_demo")
    return Establishment.objects.get(code="NGT"), User.objects.get(username="manager")


def _import(northgate: Establishment, manager: User):
    return roll_import_start(
        source=FileRollSource(name=EXAMPLE.name, content=EXAMPLE.read_bytes()),
        establishment=northgate,
        actor=manager,
    )


def test_the_example_roll_previews_two_rejected_rows_and_changes_only_what_it_shows(demo):
    northgate, manager = demo
    comparison = roll_compare(roll_import=_import(northgate, manager))

    assert [(r.line, r.prison_number) for r in comparison.refusals] == [(9, "A123BC"), (26, "F8505LM")]
    assert "must be a letter, four digits, then two letters" in comparison.refusals[0].reason
    assert "No wing or unit called “G wing” here" in comparison.refusals[1].reason
    assert comparison.unknown_wings == ["G wing"]
    assert sorted(row.prison_number for row in comparison.new) == NEW
    [changed] = comparison.changed
    assert changed.worker.prison_number == "A1001AA"
    assert [(c.label, c.old, c.new) for c in changed.changes] == [("Cell", "2-18", "2-20")]
    assert comparison.arrivals == []
    # Everyone on the demo's records at Northgate is on the example: applying it flags nobody.
    assert comparison.missing == []
    assert comparison.unchanged == PeerWorker.objects.filter(establishment=northgate).count() - 1 == 18


def test_the_example_roll_applies_with_the_rejected_rows_skipped_and_again_changes_nothing(demo):
    northgate, manager = demo
    with pytest.raises(Exception, match="2 rows are rejected"):
        roll_apply(roll_import=_import(northgate, manager), actor=manager, skip_refusals=False)

    outcome = roll_apply(roll_import=_import(northgate, manager), actor=manager, skip_refusals=True)

    assert outcome == {
        "new": 4,
        "changed": 1,
        "arrived": 0,
        "wings_created": 0,
        "skipped": 2,
        "missing": 0,
        "flagged": 0,
        "back_on_roll": 0,
    }
    assert PeerWorker.objects.get(prison_number="A1001AA").cell == "2-20"
    hussain = PeerWorker.objects.get(prison_number="E7404JK")
    assert (hussain.establishment, hussain.location.name, hussain.iep_level) == (
        northgate,
        "Vulnerable prisoners' unit",
        "enhanced",
    )
    assert not Flag.objects.filter(kind=Flag.Kind.NOT_ON_ROLL).exists()

    again = roll_compare(roll_import=_import(northgate, manager))
    assert not again.changes_anything
    assert len(again.refusals) == 2


def test_the_demo_manager_sees_the_rejected_rows_on_the_preview_page(demo, client):
    northgate, manager = demo
    client.force_login(manager, backend="django.contrib.auth.backends.ModelBackend")
    client.post(reverse("accounts:switch_establishment"), {"establishment": northgate.pk})
    with EXAMPLE.open("rb") as file:
        response = client.post(reverse("roll:import_start"), {"file": file})
    preview = client.get(response["Location"])

    assert preview.context["roll_import"].establishment == northgate
    assert [r.line for r in preview.context["comparison"].refusals] == [9, 26]
    body = preview.content.decode()
    assert 'data-testid="count-new">4<' in body
    assert 'data-testid="count-refused">2<' in body
    assert "Create these wings or units" in body

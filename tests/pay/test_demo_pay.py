"""The demo's pay sheet for last week is not empty: its Buddies and Equality Representative are paid."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from establishments.models import Establishment
from pay.selectors import pay_sheet_compute
from peerwork.dates import monday_of


def test_last_weeks_demo_sheet_pays_the_paid_schemes(db):
    call_command("load_demo", stdout=StringIO())
    last_monday = monday_of(timezone.localdate()) - timedelta(days=7)
    lines = pay_sheet_compute(establishment=Establishment.objects.get(code="NGT"), starts_on=last_monday)
    assert {(line.prison_number, line.scheme_name, line.amount_pence) for line in lines} == {
        ("A1006AA", "Buddies", 600),
        ("A1007AA", "Buddies", 600),
        ("A1020AA", "Equality Representatives", 700),
    }
    call_command("load_demo", stdout=StringIO())  # run again, it changes nothing
    assert (
        len(pay_sheet_compute(establishment=Establishment.objects.get(code="NGT"), starts_on=last_monday))
        == 3
    )

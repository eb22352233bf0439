"""The demo's Listener rota: loaded after the rest of the demo, twice without changing anything."""

from accounts.models import User
from demo import data
from demo.rota import load_rota_demo
from establishments.models import Establishment
from flags.models import Flag
from rota.models import Assignment, CoverNeed, CoverPoint, ListenerTraining, RotaWeek, ShiftType
from rota.planning import Pattern
from rota.selectors import week_grid
from schemes.models import PeerWorker


def _counts():
    return tuple(
        model.objects.count()
        for model in (ShiftType, CoverPoint, CoverNeed, ListenerTraining, RotaWeek, Assignment, PeerWorker)
    ) + (Assignment.history.count(), RotaWeek.history.count(), Flag.objects.count())


def test_the_demo_rota_is_published_this_week_with_a_few_gaps_and_loads_twice_the_same(db):
    data.load()
    northgate = Establishment.objects.get(code="NGT")
    coordinator = User.objects.get(username="coordinator")

    summary = load_rota_demo(northgate, coordinator)
    first = _counts()
    assert load_rota_demo(northgate, coordinator) == [summary[0].split("; ")[0] + "; 0 rota gap flags opened"]
    assert _counts() == first

    rota = northgate.rota
    assert [
        (s.name, f"{s.starts:%H:%M}-{s.ends:%H:%M}", s.is_night) for s in Pattern.load(rota).shift_types
    ] == [
        ("Day", "08:00-17:00", False),
        ("Evening", "17:00-21:00", False),
        ("Night", "21:00-07:00", True),
    ]
    week = RotaWeek.objects.get()
    assert week.is_published
    grid = week_grid(rota=rota, starts_on=week.starts_on)
    assert 0 < grid.missing <= 10
    assert Flag.objects.filter(kind=Flag.Kind.ROTA_GAP, resolved_at__isnull=True).exists()
    assert Assignment.objects.exclude(proposed_reason="").count() == Assignment.objects.count() > 20

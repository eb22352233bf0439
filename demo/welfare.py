"""Demo welfare check-ins at Northgate: Lee Barker checked in a fortnight ago and is fine; Tom Cole,
a Listener for nearly six months, was found today to need a break, so his "needs a break" flag
is open with the offer to take him off the rota. Safe to run again."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from establishments.models import Establishment
from schemes.models import PeerWorker, Scheme
from welfare.models import CheckIn, HowItWent
from welfare.services import checkin_record

CHECKINS = [
    # prison number, days ago, how, what was agreed
    ("A1001AA", 12, HowItWent.FINE, "Carrying on as he is: two nights a week suits him."),
    (
        "A1002AA",
        0,
        HowItWent.NEEDS_BREAK,
        "Tired after a run of night call-outs. Two weeks off the rota offered.",
    ),
]


def load_welfare() -> list[str]:
    northgate = Establishment.objects.get(code="NGT")
    if CheckIn.objects.filter(establishment=northgate).exists():
        return []
    listeners = Scheme.objects.get(establishment=northgate, preset=Scheme.LISTENERS)
    coordinator = User.objects.get(username="coordinator")
    today = timezone.localdate()
    for number, days_ago, how, agreed in CHECKINS:
        checkin_record(
            worker=PeerWorker.objects.get(prison_number=number),
            scheme=listeners,
            on=today - timedelta(days=days_ago),
            how=how,
            agreed=agreed,
            actor=coordinator,
        )
    return [f"Welfare: {len(CHECKINS)} check-ins at Northgate, one finding a Listener needs a break."]

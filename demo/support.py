"""Toe by Toe at HMP Northgate: two mentors reading with their learners for a few weeks, one pair
going well, one blocked because the learner is not unlocked most days, and one learner who finished
the reading plan last month. Safe to run again: it adds nothing once Northgate has pairs."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from establishments.models import Establishment, Location
from schemes.models import PeerWorker, Scheme
from schemes.services import people
from support import services
from support.models import NotHeld, Pair, ReadingStage
from support.oversight import support_oversight_sync

# Residents who are learning to read: prisoners on the system who do no peer work themselves.
LEARNERS = [
    ("A2001AA", "Kyle", "Moss", "A wing"),
    ("A2002AA", "Reece", "Dunn", "C wing"),
    ("A2003AA", "Owen", "Price", "C wing"),
]
NOT_UNLOCKED = NotHeld.LEARNER_NOT_UNLOCKED


def _learner(
    northgate: Establishment, admin: User, number: str, first: str, last: str, wing: str
) -> PeerWorker:
    found = PeerWorker.objects.filter(prison_number=number).first()
    if found:
        return found
    return people.peer_worker_create(
        establishment=northgate,
        actor=admin,
        prison_number=number,
        first_name=first,
        last_name=last,
        location=Location.objects.get(establishment=northgate, name=wing, archived_at=None),
    )


def load_support() -> list[str]:
    northgate = Establishment.objects.get(code="NGT")
    toe_by_toe = Scheme.objects.get(establishment=northgate, preset="toe-by-toe")
    if Pair.objects.filter(scheme=toe_by_toe).exists():
        return []
    admin, coordinator = User.objects.get(username="admin"), User.objects.get(username="coordinator")
    kyle, reece, owen = (_learner(northgate, admin, *learner) for learner in LEARNERS)
    cal = PeerWorker.objects.get(prison_number="A1008AA")
    eli = PeerWorker.objects.get(prison_number="A1021AA")
    today = timezone.localdate()
    stages = list(ReadingStage.objects.filter(scheme=toe_by_toe, archived_at=None))

    # Owen finished the plan with Eli last month.
    finished = services.pair_create(
        scheme=toe_by_toe,
        mentor=eli,
        supported=owen,
        started_on=today - timedelta(days=80),
        consent=True,
        actor=coordinator,
    )
    for stage, days_ago in zip(stages, (70, 60, 50, 42, 35), strict=False):
        services.progress_record(
            pair=finished, stage=stage, reached_on=today - timedelta(days=days_ago), actor=coordinator
        )
    services.pair_finish_plan(pair=finished, finished_on=today - timedelta(days=35), actor=coordinator)
    services.pair_end(
        pair=finished, reason="completed", actor=coordinator, ended_on=today - timedelta(days=34)
    )

    # Cal and Kyle: most weekdays, with a few days when Cal was not unlocked.
    going_well = services.pair_create(
        scheme=toe_by_toe,
        mentor=cal,
        supported=kyle,
        started_on=today - timedelta(days=18),
        consent=True,
        actor=coordinator,
    )
    services.progress_record(
        pair=going_well, stage=stages[0], reached_on=today - timedelta(days=4), actor=coordinator
    )
    # Eli and Reece: Reece is not unlocked most days.
    blocked = services.pair_create(
        scheme=toe_by_toe,
        mentor=eli,
        supported=reece,
        started_on=today - timedelta(days=27),
        consent=True,
        actor=coordinator,
    )
    for days_ago in range(1, 27):
        day = today - timedelta(days=days_ago)
        if day.weekday() >= 5:
            continue
        if days_ago < 18:
            missed = days_ago in (3, 10)
            services.session_record(
                pair=going_well,
                on=day,
                held=not missed,
                minutes=None if missed else 30,
                not_held_because=NotHeld.MENTOR_NOT_UNLOCKED if missed else "",
                by_worker=cal,
            )
        held = days_ago % 4 == 0
        services.session_record(
            pair=blocked,
            on=day,
            held=held,
            minutes=15 if held else None,
            not_held_because="" if held else NOT_UNLOCKED,
            by_worker=eli,
        )
    support_oversight_sync()
    return ["Toe by Toe at HMP Northgate: 2 pairs reading now (one blocked), 1 learner who finished the plan"]

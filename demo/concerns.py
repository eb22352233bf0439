"""A month of residents' concerns at HMP Northgate, carried by its Equality Representative and a
Buddy: most answered in time, some late, one overdue now, one not taken forward, one passed to
the discrimination process, and a few published in "You said, we did". Safe to run again: it adds
nothing once Northgate has concerns."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from accounts.models import User
from concerns import services
from concerns.models import Concern, Department, Topic
from concerns.services import concerns_overdue_sync
from establishments.models import Establishment, Location
from schemes.models import Contract, PeerWorker


@dataclass(frozen=True)
class DemoConcern:
    raised_days_ago: int
    by: str  # prison number of the peer worker who carried it
    topic: str
    wing: str
    affects: str
    problem: str
    # "answered" (after `answered_after` days), "declined", "referred", "taken", or "" (just raised)
    outcome: str = ""
    answered_after: int = 0
    answer: str = ""
    published: tuple[str, str] | None = None  # (the problem in general words, what was done)
    sorted_out: bool | None = None


ONE, SEVERAL, WING = Concern.Affects.ONE, Concern.Affects.SEVERAL, Concern.Affects.WING

CONCERNS = [
    DemoConcern(
        29,
        "A1020AA",
        "Health and medication",
        "C wing",
        SEVERAL,
        "Evening medication is handed out after bang-up on C wing, so some people miss it.",
        "answered",
        4,
        "Healthcare now starts the C wing evening round at 17:15, before bang-up.",
        ("Evening medication came after bang-up on one wing.", "The evening round now starts at 17:15."),
        True,
    ),
    DemoConcern(
        27,
        "A1006AA",
        "Food",
        "F wing",
        WING,
        "Halal meals run out before F wing is served on Fridays.",
        "answered",
        5,
        "Catering now plates halal meals per wing from the wing lists, F wing included.",
        ("Halal meals ran out before the last wing was served.", "Halal meals are now set aside per wing."),
        True,
    ),
    DemoConcern(
        25,
        "A1020AA",
        "Discrimination",
        "C wing",
        ONE,
        "A resident says he is always the last to be unlocked for work because of his religion.",
        "referred",
    ),
    DemoConcern(
        23,
        "A1006AA",
        "Property",
        "F wing",
        ONE,
        "A resident's property from his last prison has not arrived after five weeks.",
        "answered",
        20,
        "Reception chased the sending prison; the two bags arrived and were handed over.",
        sorted_out=True,
    ),
    DemoConcern(
        21,
        "A1020AA",
        "Money and canteen",
        "C wing",
        SEVERAL,
        "Canteen sheets on C wing are collected before people get back from education.",
        "answered",
        12,
        "The canteen sheet box now stays on the wing until 18:00 on Tuesdays.",
        (
            "Canteen sheets were collected before people were back from education.",
            "Sheets are now collected at 18:00.",
        ),
    ),
    DemoConcern(
        18,
        "A1006AA",
        "Wing life, cells and regime",
        "F wing",
        WING,
        "The showers on the F wing twos have had no hot water for a week.",
        "answered",
        3,
        "Works fixed the boiler; hot water is back on the twos.",
        ("The showers on one landing had no hot water.", "The boiler was fixed."),
        True,
    ),
    DemoConcern(
        15,
        "A1020AA",
        "Visits and contact with family",
        "C wing",
        ONE,
        "A resident's family were turned away for being five minutes late for a visit.",
        "declined",
        0,
        "Visits start and end on time for everyone, as the visits booking says.",
    ),
    DemoConcern(
        20,
        "A1006AA",
        "Education, work and courses",
        "F wing",
        SEVERAL,
        "Nobody on F wing has been offered the barbering course since it started.",
        "answered",
        17,
        "The course list now goes to every wing; two from F wing start next month.",
    ),
    DemoConcern(
        11,
        "A1020AA",
        "Health and medication",
        "C wing",
        ONE,
        "A resident has waited three weeks for a dentist appointment with toothache.",
        "",
    ),
    DemoConcern(
        8,
        "A1006AA",
        "Faith",
        "F wing",
        SEVERAL,
        "Friday prayers clash with the F wing gym session.",
        "answered",
        2,
        "The gym session moves to Thursday afternoons from next week.",
    ),
    DemoConcern(
        5,
        "A1020AA",
        "Sentence, release and moves",
        "C wing",
        ONE,
        "A resident has heard nothing about his release plan with 8 weeks to go.",
        "taken",
    ),
    DemoConcern(
        2,
        "A1006AA",
        "Food",
        "F wing",
        WING,
        "Breakfast packs on F wing are missing the milk most days.",
        "",
    ),
]


def _at(days_ago: int, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=days_ago), time(hour)))


def load_concerns() -> list[str]:
    northgate = Establishment.objects.get(code="NGT")
    healthcare, manager = User.objects.get(username="healthcare"), User.objects.get(username="manager")
    for department in Department.objects.filter(establishment=northgate, owner=None):
        department.owner = healthcare if department.name == "Healthcare" else manager
        services.department_save(department=department, actor=manager)
    if Concern.objects.filter(establishment=northgate).exists():
        return []
    coordinator = User.objects.get(username="coordinator")
    for spec in CONCERNS:
        worker = PeerWorker.objects.get(prison_number=spec.by)
        contract = Contract.objects.open().get(worker=worker, scheme__raises_concerns=True)
        topic = Topic.objects.get(establishment=northgate, name=spec.topic, archived_at=None)
        raised_at = _at(spec.raised_days_ago)
        concern = services.concern_raise(
            worker=worker,
            contract=contract,
            topic=topic,
            location=Location.objects.get(establishment=northgate, name=spec.wing, archived_at=None),
            affects=spec.affects,
            problem=spec.problem,
            protected_characteristic="religion" if topic.asks_protected_characteristic else "",
            actor=coordinator if spec.by == "A1006AA" else None,
            now=raised_at,
        )
        staff = concern.department.owner or manager
        if spec.outcome in ("answered", "taken", "declined", "referred"):
            concern = services.concern_take(concern=concern, actor=staff, now=_at(spec.raised_days_ago, 14))
        when = _at(spec.raised_days_ago - spec.answered_after, 15)
        if spec.outcome == "answered":
            concern = services.concern_answer(concern=concern, actor=staff, answer=spec.answer, now=when)
            if spec.published:
                problem, action = spec.published
                services.concern_publish(
                    concern=concern,
                    actor=staff,
                    may_publish=True,
                    public_problem=problem,
                    public_action=action,
                    now=when,
                )
            if spec.sorted_out:
                services.concern_verdict(concern=concern, worker=worker, sorted_out=True)
        elif spec.outcome == "declined":
            services.concern_decline(concern=concern, actor=staff, reason=spec.answer, now=when)
        elif spec.outcome == "referred":
            services.concern_refer(
                concern=concern, actor=manager, reference="DIRF 2026/114", referred_on=when.date(), now=when
            )
    concerns_overdue_sync()
    return [
        f"Concerns at HMP Northgate: {len(CONCERNS)} over the last month (the Healthcare owner: healthcare)"
    ]

"""The estate's years of records around the contracts: supervision meetings with who was invited
and who came, flags open and resolved, residents' concerns with their timelines, one-to-one pairs
and their sessions, welfare check-ins and breaks, and confirmed pay weeks with their lines.
Written in bulk (world_rows), each consistent with its model's constraints."""

from datetime import date, timedelta

from accounts.models import Role
from concerns.models import Concern, ConcernEvent, Topic
from flags.models import Flag
from pay.models import PayLine, PayWeek
from peerwork.dates import monday_of
from rota.models import Unavailability
from schemes.models import Scheme, SchemeRate, SupervisionMeeting
from support.models import LENGTHS, NotHeld, Pair, Session
from welfare.models import CheckIn, HowItWent

CANCELLED_BUDDIES_MEETINGS = 3  # every prison's Buddies cancelled its last three meetings
PAY_WEEKS = 26


def build(estate) -> None:
    _meetings(estate)
    _concerns(estate)
    _pairs(estate)
    _checkins(estate)
    _pay(estate)
    _flags(estate)


def _spells_on(spells, day: date) -> list[int]:
    return [worker for worker, first, until in spells if first <= day < until]


def _meetings(estate) -> None:
    """Each scheme meets as often as it should (Listeners fortnightly, the rest monthly) for the
    years built; one meeting in fifteen cancelled, and the next one scheduled. Everyone in role that
    day is invited; three in four of them come."""
    ids = estate.ids(SupervisionMeeting)
    held: list[tuple[int, list[int], bool]] = []  # (meeting, invited, held)

    def rows():
        for prison in estate.prisons:
            coordinator = estate.coordinator(prison.pk).pk
            for scheme in estate.schemes[prison.pk].values():
                spells = estate.tracks.get(scheme.pk, [])
                days = []
                day = estate.since + timedelta(days=scheme.pk % scheme.supervision_every_days)
                while day < estate.today:
                    days.append(day)
                    day += timedelta(days=scheme.supervision_every_days)
                cancelled_from = (
                    len(days) - CANCELLED_BUDDIES_MEETINGS if scheme.preset == "buddies" else len(days)
                )
                for index, day in enumerate(days):
                    pk = ids.take()
                    starts_at = estate.at(day, 14)
                    row = {
                        "id": pk,
                        "scheme_id": scheme.pk,
                        "starts_at": starts_at,
                        "place": "Chapel",
                        "lead_id": coordinator,
                        "status": SupervisionMeeting.Status.HELD,
                        "notes": "Rota and wellbeing check-in.",
                        "created_by_id": coordinator,
                    }
                    if index >= cancelled_from or pk % 15 == 0:
                        row |= {
                            "status": SupervisionMeeting.Status.CANCELLED,
                            "notes": "",
                            "cancelled_reason": "Lead officer redeployed"
                            if index >= cancelled_from
                            else "No officer free to run it",
                            "cancelled_by_id": coordinator,
                            "cancelled_at": starts_at - timedelta(days=1),
                        }
                    held.append((pk, _spells_on(spells, day), row["status"] == "held"))
                    yield row
                if scheme.preset != "buddies":
                    pk = ids.take()
                    day = max(days[-1], estate.today) + timedelta(days=7) if days else estate.today
                    held.append((pk, _spells_on(spells, estate.today), False))
                    yield {
                        "id": pk,
                        "scheme_id": scheme.pk,
                        "starts_at": estate.at(day, 14),
                        "place": "Chapel",
                        "lead_id": coordinator,
                        "created_by_id": coordinator,
                    }

    estate.write(SupervisionMeeting, rows())
    invited = SupervisionMeeting.invited.through
    attended = SupervisionMeeting.attended.through
    estate.write(
        invited,
        ({"supervisionmeeting_id": m, "peerworker_id": w} for m, workers, _ in held for w in workers),
        with_ids=False,
    )
    estate.write(
        attended,
        (
            {"supervisionmeeting_id": m, "peerworker_id": w}
            for m, workers, was_held in held
            if was_held
            for w in workers
            if (m + w) % 4
        ),
        with_ids=False,
    )


def _current(estate, prison_pk: int, *, preset: str | None = None, since: date | None = None):
    """The contracts at a prison that were in role on or after `since` (today by default)."""
    since = since or estate.today
    for scheme in estate.schemes[prison_pk].values():
        if preset is None or scheme.preset == preset:
            for contract in estate.contracts.get(scheme.pk, []):
                if contract[3] > since and contract[2] <= estate.today:
                    yield scheme, contract


def _concerns(estate) -> None:
    """About one concern a week per prison (at scale 1) over the years, carried by peer workers of
    the schemes that raise them: most answered, some closed as sorted, declined, referred, a few
    overdue now, the last weeks' still with the department. Each with its timeline."""
    rng, ids = estate.rng, estate.ids(Concern)
    topics: dict[int, list[tuple[int, int, int, bool]]] = {}
    for topic in Topic.objects.filter(establishment__in=estate.prisons, archived_at=None).order_by("pk"):
        topics.setdefault(topic.establishment_id, []).append(
            (topic.pk, topic.department_id, topic.answer_within_days, topic.asks_protected_characteristic)
        )
    events: list[tuple] = []  # (concern, kind, text, by user, by worker, at)
    weeks = (estate.today - estate.since).days // 7

    def rows():
        for prison in estate.prisons:
            manager = estate.staff[(prison.pk, Role.SAFER_CUSTODY_MANAGER)].pk
            pool = [
                contract
                for scheme in estate.schemes[prison.pk].values()
                if scheme.raises_concerns
                for contract in estate.contracts.get(scheme.pk, [])
                if contract[2] < estate.today
            ]
            for n in range(estate.per_prison(weeks) if pool else 0):
                contract, worker, start, until = pool[rng.randrange(len(pool))]
                last = min(until, estate.today)
                day = start + timedelta(days=rng.randrange(max(1, (last - start).days)))
                raised_at = estate.at(day, 9 + rng.randrange(8), rng.randrange(60))
                topic, department, days, asks = topics[prison.pk][n % len(topics[prison.pk])]
                due = day + timedelta(days=days)
                pk = ids.take()
                roll = rng.random()
                if due >= estate.today:
                    status = "raised" if roll < 0.5 else "with_department"
                elif asks and roll < 0.3:
                    status = "referred"
                else:
                    status = (
                        "answered",
                        "answered",
                        "answered",
                        "answered",
                        "closed",
                        "closed",
                        "declined",
                        "with_department",
                        "raised",
                    )[int(roll * 9)]
                row = {
                    "id": pk,
                    "establishment_id": prison.pk,
                    "worker_id": worker,
                    "contract_id": contract,
                    "topic_id": topic,
                    "protected_characteristic": "religion" if asks else "",
                    "location_id": estate.workers[worker][1],
                    "affects": ("one", "several", "wing")[n % 3],
                    "problem": "Breakfast packs on the wing are missing the milk most days.",
                    "department_id": department,
                    "status": status,
                    "raised_at": raised_at,
                    "deadline_days": days,
                    "due_on": due,
                }
                events.append((pk, "raised", "", None, worker, raised_at))
                if status != "raised":
                    taken = raised_at + timedelta(hours=20)
                    row["handler_id"] = manager
                    events.append((pk, "taken", "", manager, None, taken))
                answered = raised_at + timedelta(days=1 + rng.randrange(days))
                if status in ("answered", "closed"):
                    answer = "Catering now checks the wing's breakfast packs before they go out."
                    row |= {"answer": answer, "answered_at": answered, "answered_by_id": manager}
                    events.append((pk, "answered", answer, manager, None, answered))
                    if n % 5 == 0:
                        row |= {
                            "may_publish": True,
                            "public_problem": "Breakfast packs were missing milk.",
                            "public_action": "Packs are checked before they go out.",
                        }
                if status == "closed":
                    row |= {"verdict": "sorted", "closed_at": answered + timedelta(days=3)}
                    events.append((pk, "sorted", "", None, worker, answered + timedelta(days=2)))
                    events.append((pk, "closed", "", manager, None, answered + timedelta(days=3)))
                if status == "declined":
                    reason = "This is a matter for the visits booking line."
                    row |= {"decline_reason": reason, "closed_at": answered}
                    events.append((pk, "declined", reason, manager, None, answered))
                if status == "referred":
                    row |= {"referral_reference": f"DIRF {day.year}/{pk}", "referred_on": answered.date()}
                    events.append((pk, "referred", "", manager, None, answered))
                yield row

    estate.write(Concern, rows())
    estate.write(
        ConcernEvent,
        (
            {"concern_id": c, "kind": k, "text": t, "by_user_id": u, "by_worker_id": w, "created_at": at}
            for c, k, t, u, w, at in events
        ),
        with_ids=False,
    )


def _pairs(estate) -> None:
    """For the past year, every one-to-one mentor in role supports one resident after another
    (ten to sixteen weeks each, the last still open if they are), with a session a week, one in
    five not held and why."""
    rng, ids = estate.rng, estate.ids(Pair)
    year_ago = estate.today - timedelta(days=365)
    sessions: list[tuple[int, date, date, int]] = []  # (pair, first day, last day, mentor)
    reasons = list(NotHeld.values)

    def rows():
        for prison in estate.prisons:
            coordinator = estate.coordinator(prison.pk).pk
            residents = estate.residents[prison.pk]
            for scheme in estate.schemes[prison.pk].values():
                if not scheme.works_one_to_one:
                    continue
                for mentor, first, until in estate.tracks.get(scheme.pk, []):
                    day = max(first, year_ago)
                    last = min(until, estate.today)
                    while day < last - timedelta(days=7):
                        ends = day + timedelta(weeks=10 + rng.randrange(7))
                        pk = ids.take()
                        row = {
                            "id": pk,
                            "establishment_id": prison.pk,
                            "scheme_id": scheme.pk,
                            "mentor_id": mentor,
                            "supported_id": residents[rng.randrange(len(residents))],
                            "started_on": day,
                            "consent": True,
                            "created_by_id": coordinator,
                            "created_at": estate.at(day, 10),
                        }
                        if ends < last:
                            row |= {"ended_on": ends, "end_reason": "completed", "ended_by_id": coordinator}
                        elif until <= estate.today:
                            ends = last
                            row |= {
                                "ended_on": last,
                                "end_reason": "mentor_contract_ended",
                                "ended_by_id": coordinator,
                            }
                        sessions.append((pk, day, min(ends, estate.today), mentor))
                        yield row
                        day = ends + timedelta(days=1)

    estate.write(Pair, rows())

    def session_rows():
        for pair, first, last, mentor in sessions:
            day = first + timedelta(days=2)
            while day < last:
                held = (pair + day.toordinal()) % 5 != 0
                yield {
                    "pair_id": pair,
                    "on": day,
                    "held": held,
                    "minutes": LENGTHS[day.toordinal() % len(LENGTHS)] if held else None,
                    "not_held_because": "" if held else reasons[day.toordinal() % len(reasons)],
                    "recorded_by_worker_id": mentor,
                    "recorded_at": estate.at(day, 17),
                }
                day += timedelta(weeks=1)

    estate.write(Session, session_rows(), with_ids=False)


def _checkins(estate) -> None:
    """A welfare check-in a month with every Listener in role in the past year; one in twenty finds
    they need a break, which is then recorded (a fortnight off the rota)."""
    year_ago = estate.today - timedelta(days=365)
    breaks: list[dict] = []

    def rows():
        for prison in estate.prisons:
            coordinator = estate.coordinator(prison.pk).pk
            for scheme, (_contract, worker, start, until) in _current(
                estate, prison.pk, preset=Scheme.LISTENERS, since=year_ago
            ):
                day = max(start, year_ago) + timedelta(days=10)
                while day < min(until, estate.today):
                    code = (worker * 7 + day.toordinal() // 30) % 20
                    how = (
                        HowItWent.NEEDS_BREAK
                        if code == 0
                        else HowItWent.STRUGGLING
                        if code < 3
                        else HowItWent.FINE
                    )
                    if how == HowItWent.NEEDS_BREAK:
                        breaks.append(
                            {
                                "worker_id": worker,
                                "establishment_id": prison.pk,
                                "starts_on": day + timedelta(days=1),
                                "ends_on": day + timedelta(days=14),
                                "reason": "Needs a break",
                                "created_by_id": coordinator,
                                "created_at": estate.at(day, 15),
                            }
                        )
                    yield {
                        "establishment_id": prison.pk,
                        "worker_id": worker,
                        "scheme_id": scheme.pk,
                        "on": day,
                        "how": how,
                        "agreed": "Two weeks off the rota."
                        if how == HowItWent.NEEDS_BREAK
                        else "Carrying on as before.",
                        "recorded_by_id": coordinator,
                        "recorded_at": estate.at(day, 15),
                    }
                    day += timedelta(days=30)

    estate.write(CheckIn, rows(), with_ids=False)
    estate.write(Unavailability, iter(breaks), with_ids=False)


def _pay(estate) -> None:
    """The last half-year's pay weeks, confirmed, with a line for every contract of a paid scheme
    in role that week, paid at the rate then in force for its days in role."""
    ids = estate.ids(PayWeek)
    rates = {r.scheme_id: r.weekly_rate_pence for r in SchemeRate.objects.filter(effective_from=estate.since)}
    mondays = [monday_of(estate.today) - timedelta(weeks=n) for n in range(1, PAY_WEEKS + 1)]
    mondays = [m for m in mondays if m > estate.since]
    weeks: list[tuple[int, int, date]] = []
    for prison in estate.prisons:
        for monday in mondays:
            weeks.append((ids.take(), prison.pk, monday))
    estate.write(
        PayWeek,
        (
            {
                "id": pk,
                "establishment_id": prison,
                "starts_on": monday,
                "confirmed_by_id": estate.staff[(prison, Role.SAFER_CUSTODY_MANAGER)].pk,
                "confirmed_at": estate.at(monday + timedelta(days=8), 10),
            }
            for pk, prison, monday in weeks
        ),
    )

    def lines():
        by_prison = {}
        for pk, prison, monday in weeks:
            if prison not in by_prison:
                by_prison = {
                    prison: [
                        (scheme, contract)
                        for scheme, contract in _current(estate, prison, since=mondays[-1])
                        if scheme.is_paid
                    ]
                }
            sunday = monday + timedelta(days=7)
            for scheme, (contract, worker, start, until) in by_prison[prison]:
                days = (min(until, sunday) - max(start, monday)).days
                if days <= 0:
                    continue
                rate = rates[scheme.pk]
                _prison, _wing, first, last, number = estate.workers[worker]
                yield {
                    "week_id": pk,
                    "contract_id": contract,
                    "scheme_id": scheme.pk,
                    "worker_name": f"{first} {last}",
                    "prison_number": number,
                    "scheme_name": scheme.name,
                    "days_in_role": days,
                    "days_in_role_text": f"{days} day{'s' if days != 1 else ''}",
                    "rates_text": f"£{rate / 100:.2f} a week",
                    "days_paid": days,
                    "amount_pence": rate * days // 7,
                }

    estate.write(PayLine, lines(), with_ids=False)


def _flags(estate) -> None:
    """Flags of the years built, resolved (by the jobs, or by staff saying what was done), and a
    few open ones staff raise or resolve by hand (the sweeps open their own when they run)."""
    rng, ids = estate.rng, estate.ids(Flag)
    resolved_kinds = [
        Flag.Kind.CONTRACT_ENDING,
        Flag.Kind.SUPERVISION_OVERDUE,
        Flag.Kind.CHECKIN_OVERDUE,
        Flag.Kind.WORKLOAD,
        Flag.Kind.OUT_OF_ROLE,
    ]
    open_kinds = [Flag.Kind.WORKLOAD, Flag.Kind.OUT_OF_ROLE, Flag.Kind.NEEDS_BREAK]
    span = (estate.today - estate.since).days - 30

    def rows():
        for prison in estate.prisons:
            manager = estate.staff[(prison.pk, Role.SAFER_CUSTODY_MANAGER)].pk
            current = list(_current(estate, prison.pk))
            history = [
                (scheme, contract)
                for scheme in estate.schemes[prison.pk].values()
                for contract in estate.contracts.get(scheme.pk, [])
            ]
            for n in range(estate.per_prison(150) if history else 0):
                kind = resolved_kinds[n % len(resolved_kinds)]
                scheme, (contract, worker, _start, _until) = history[rng.randrange(len(history))]
                opened = estate.at(estate.since + timedelta(days=rng.randrange(span)), 6)
                by_hand = kind not in Flag.CLOSES_BY_ITSELF
                pk = ids.take()
                yield {
                    "id": pk,
                    "kind": kind,
                    "key": f"{kind}:bench:{pk}",
                    "establishment_id": prison.pk,
                    "scheme_id": scheme.pk,
                    "contract_id": contract if kind == Flag.Kind.CONTRACT_ENDING else None,
                    "worker_id": worker,
                    "severity": Flag.Severity.WARNING,
                    "summary": f"{Flag.Kind(kind).label}: {scheme.name}",
                    "opened_at": opened,
                    "resolved_by_id": manager if by_hand else None,
                    "resolved_at": opened + timedelta(days=1 + n % 20),
                    "resolution": "Talked it through with them; agreed a lighter week."
                    if by_hand
                    else "Cleared.",
                }
            for n in range(min(len(current), estate.per_prison(6, least=3))):
                kind = open_kinds[n % len(open_kinds)]
                scheme, (contract, worker, _start, _until) = current[n * 7 % len(current)]
                pk = ids.take()
                yield {
                    "id": pk,
                    "kind": kind,
                    "key": f"{kind}:bench:{pk}",
                    "establishment_id": prison.pk,
                    "scheme_id": scheme.pk,
                    "worker_id": worker,
                    "severity": Flag.Severity.WARNING,
                    "summary": f"{Flag.Kind(kind).label}: {scheme.name}",
                    "opened_at": estate.at(estate.today - timedelta(days=1 + n), 6),
                    **(
                        {
                            "acknowledged_by_id": manager,
                            "acknowledged_at": estate.now,
                            "look_again_on": estate.today + timedelta(days=7),
                        }
                        if n % 2
                        else {}
                    ),
                }

    estate.write(Flag, rows())

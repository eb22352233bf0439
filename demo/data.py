"""The fictional world of the demo: no real prison, no real person.

Every step is an update_or_create keyed on a natural key, so loading twice changes nothing.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth.hashers import check_password
from django.utils import timezone

from accounts.models import Role, User
from establishments.models import Establishment, Location
from schemes.models import PeerWorker, Scheme
from schemes.services import applications, contracts, meetings, people
from schemes.services.oversight import oversight_sweep
from schemes.services.schemes import scheme_lead_add, scheme_lead_end, scheme_presets_ensure, scheme_rate_set

DEMO_PASSWORD = "peerwork-demo-2026"

ESTABLISHMENTS = [
    {
        "code": "NGT",
        "name": "HMP Northgate",
        "category": Establishment.Category.B,
        "locations": [
            ("A wing", False),
            ("B wing", False),
            ("C wing", False),
            ("D wing", False),
            ("E wing", False),
            ("F wing", False),
            ("Vulnerable prisoners' unit", True),
        ],
    },
    {
        "code": "EMR",
        "name": "HMP Eastmoor",
        "category": Establishment.Category.C,
        "locations": [("Main wing", False), ("Annexe", False)],
    },
]

USERS = [
    ("manager", "Sam", "Okafor", Role.SAFER_CUSTODY_MANAGER, ["NGT", "EMR"]),
    ("scofficer", "Priya", "Shah", Role.SAFER_CUSTODY_OFFICER, ["NGT"]),
    ("coordinator", "Dan", "Hughes", Role.SCHEME_COORDINATOR, ["NGT"]),
    ("wingofficer", "Alex", "Morgan", Role.WING_OFFICER, ["NGT"]),
    ("admin", "Jo", "Reid", Role.SYSTEM_ADMIN, ["NGT", "EMR"]),
    ("eastmoor", "Chris", "Lane", Role.SAFER_CUSTODY_OFFICER, ["EMR"]),
    # Healthcare's head of residential care: she owns the Healthcare department's concerns.
    ("healthcare", "Nia", "Roberts", Role.WING_OFFICER, ["NGT"]),
]


def load() -> list[str]:
    by_code = {}
    for spec in ESTABLISHMENTS:
        establishment, _ = Establishment.objects.update_or_create(
            code=spec["code"], defaults={"name": spec["name"], "category": spec["category"]}
        )
        by_code[spec["code"]] = establishment
        for name, is_vpu in spec["locations"]:
            Location.objects.get_or_create(
                establishment=establishment,
                name=name,
                archived_at=None,
                defaults={
                    "kind": Location.Kind.UNIT if is_vpu else Location.Kind.WING,
                    "is_vulnerable_prisoners_unit": is_vpu,
                },
            )

    for username, first, last, role, codes in USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": role,
                "email": f"{username}@peerwork.invalid",
            },
        )
        if created or not check_password(DEMO_PASSWORD, user.password):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if role == Role.SYSTEM_ADMIN and not user.is_superuser:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        user.establishments.add(*(by_code[code] for code in codes))

    admin = User.objects.get(username="admin")
    for establishment in by_code.values():
        scheme_presets_ensure(establishment=establishment, actor=admin)
    _load_pay_rates(establishment=by_code["NGT"], admin=admin)
    _load_people(establishment=by_code["NGT"], admin=admin)
    _load_meetings(establishment=by_code["NGT"])
    oversight_sweep()  # so the flags are there at once, not at the next hourly run

    return [
        f"Establishments: {', '.join(e.name for e in by_code.values())}",
        f"Demo users ({', '.join(u[0] for u in USERS)}), password: {DEMO_PASSWORD}",
    ]


# Fictional prisoners at HMP Northgate: (prison number, first, last, wing, scheme preset, stage, start offset in days)
# stage: "contract" (signed, active), "expiring" (active, ends within 28 days), "unsigned", "application", "approved"
PEOPLE = [
    ("A1001AA", "Lee", "Barker", "A wing", "listeners", "contract", -40),
    ("A1002AA", "Tom", "Cole", "B wing", "listeners", "expiring", -165),
    ("A1003AA", "Mo", "Diallo", "C wing", "listeners", "contract", -10),
    ("A1004AA", "Jay", "Evans", "D wing", "listeners", "unsigned", 0),
    ("A1005AA", "Kit", "Flynn", "E wing", "listeners", "application", 0),
    ("A1006AA", "Ash", "Grant", "F wing", "buddies", "expiring", -170),
    ("A1007AA", "Ben", "Hart", "Vulnerable prisoners' unit", "buddies", "contract", -60),
    ("A1008AA", "Cal", "Ince", "A wing", "toe-by-toe", "contract", -20),
    ("A1009AA", "Dev", "Jones", "B wing", "insiders", "approved", 0),
    ("A1020AA", "Raj", "Kaur", "C wing", "equality-representatives", "contract", -50),
    ("A1021AA", "Eli", "Nash", "C wing", "toe-by-toe", "contract", -100),
]


def demo_cell(prison_number: str) -> str:
    """A made-up landing and cell for a demo prisoner ("2-14"), the same on every run."""
    serial = int(prison_number[1:5])
    return f"{serial % 4 + 1}-{serial * 7 % 30 + 1:02d}"


def _load_people(*, establishment: Establishment, admin: User) -> None:
    coordinator = User.objects.get(username="coordinator")
    listeners = Scheme.objects.get(establishment=establishment, preset=Scheme.LISTENERS)
    if not listeners.leads.filter(user=coordinator, ended_on__isnull=True).exists():
        scheme_lead_add(scheme=listeners, user=coordinator, actor=admin)

    today = timezone.localdate()
    for number, first, last, wing, preset, stage, offset in PEOPLE:
        if PeerWorker.objects.filter(prison_number=number).exists():
            continue
        worker = people.peer_worker_create(
            establishment=establishment,
            actor=admin,
            prison_number=number,
            first_name=first,
            last_name=last,
            location=Location.objects.get(establishment=establishment, name=wing, archived_at=None),
            cell=demo_cell(number),
            earliest_release_date=today + timedelta(days=900),
        )
        scheme = Scheme.objects.get(establishment=establishment, preset=preset)
        application = applications.application_create(
            worker=worker, scheme=scheme, actor=coordinator, received_on=today + timedelta(days=offset - 30)
        )
        if stage == "application":
            continue
        for check in application.checks.all():
            applications.application_check_record(check=check, outcome="passed", actor=coordinator)
        application = applications.application_approve(application=application, actor=coordinator)
        if stage == "approved":
            continue
        start = today + timedelta(days=offset)
        contract = contracts.contract_issue(
            worker=worker, scheme=scheme, actor=coordinator, start_date=start, application=application
        )
        if stage != "unsigned":
            contracts.contract_sign(
                contract=contract, signed_on=start, witnessed_by=coordinator, actor=coordinator
            )


# Each paid scheme's rate has been in force for a year, so that the demo's pay sheet for last week
# pays the Buddies and the Equality Representative; Buddies had a rise a year ago.
PAY_RATES = {"buddies": [(-730, 550), (-365, 600)], "equality-representatives": [(-730, 700)]}


def _load_pay_rates(*, establishment: Establishment, admin: User) -> None:
    today = timezone.localdate()
    for preset, rates in PAY_RATES.items():
        scheme = Scheme.objects.get(establishment=establishment, preset=preset)
        for offset, pence in rates:
            if not scheme.rates.filter(effective_from=today + timedelta(days=offset)).exists():
                scheme_rate_set(
                    scheme=scheme,
                    weekly_rate_pence=pence,
                    effective_from=today + timedelta(days=offset),
                    actor=admin,
                )


def _load_meetings(*, establishment: Establishment) -> None:
    """Listeners meet every fortnight as they should. Buddies show the story from the research:
    one meeting held months ago, the next two cancelled, and then their lead moved on."""
    coordinator = User.objects.get(username="coordinator")
    today = timezone.localdate()

    def at(days: int):
        return timezone.make_aware(datetime.combine(today + timedelta(days=days), time(14, 0)))

    listeners = Scheme.objects.get(establishment=establishment, preset=Scheme.LISTENERS)
    if not listeners.meetings.exists():
        for days in (-42, -28, -14):
            meeting = meetings.meeting_schedule(
                scheme=listeners, starts_at=at(days), place="Chapel", lead=coordinator, actor=coordinator
            )
            attended = [w for w in meeting.invited.all() if w.prison_number in ("A1001AA", "A1002AA")]
            meetings.meeting_record_held(
                meeting=meeting, attended=attended, notes="Rota and wellbeing check-in.", actor=coordinator
            )
        meetings.meeting_schedule(
            scheme=listeners,
            starts_at=at(14),
            place="Chapel",
            lead=coordinator,
            actor=coordinator,
        )

    buddies = Scheme.objects.get(establishment=establishment, preset="buddies")
    if not buddies.meetings.exists():
        lead = scheme_lead_add(scheme=buddies, user=coordinator, actor=coordinator)
        held = meetings.meeting_schedule(
            scheme=buddies, starts_at=at(-100), place="Education block", lead=coordinator, actor=coordinator
        )
        meetings.meeting_record_held(
            meeting=held,
            attended=list(held.invited.all()),
            notes="Cell-share checks agreed.",
            actor=coordinator,
        )
        for days, reason in (
            (-70, "Lead officer redeployed to reception"),
            (-40, "No officer free to run it"),
        ):
            meeting = meetings.meeting_schedule(
                scheme=buddies,
                starts_at=at(days),
                place="Education block",
                lead=coordinator,
                actor=coordinator,
            )
            meetings.meeting_cancel(meeting=meeting, reason=reason, actor=coordinator)
        scheme_lead_end(lead=lead, actor=coordinator)

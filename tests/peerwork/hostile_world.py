"""The world the hostile-input walk runs in: the demo and a few more objects, every address the
URL resolver knows filled with them, and a signed-in client for each role."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from io import StringIO

from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.middleware import SESSION_KEY
from accounts.models import User
from concerns.models import Concern, Department, Topic
from establishments.models import Establishment, Location
from flags.models import Flag
from flags.services import flag_acknowledge
from kiosk.services.devices import device_enrol
from kiosk.services.reports import out_of_role_report_make
from listeners import ical
from listeners.services import callout_record
from peerwork.dates import monday_of
from roll.services import roll_import_start
from roll.sources import FileRollSource
from rota.models import Assignment, CallOut, CoverPoint, ShiftType
from rota.services.assignments import assignment_needs_cover
from rota.services.breaks import rota_break_add
from schemes.models import (
    Application,
    Contract,
    PeerWorker,
    RoleDescription,
    Scheme,
    SchemeLead,
    SupervisionMeeting,
)
from schemes.services import applications, contracts, locations, people
from schemes.services.meetings import meeting_schedule
from support.models import Pair, ReadingStage, Session
from welfare.models import HowItWent
from welfare.services import checkin_record

SKIPPED_NAMESPACES = {"admin"}  # the Django admin is hardened on its own


@dataclass
class World:
    ngt: Establishment
    emr: Establishment
    users: dict[str, User]
    kiosk_token: str
    objects: dict[str, list] = field(default_factory=dict)


def _worker(number: str) -> PeerWorker:
    return PeerWorker.objects.get(prison_number=number)


def _contract(number: str) -> Contract:
    return Contract.objects.filter(worker__prison_number=number).latest("pk")


def build_world() -> World:
    """The demo, plus one of each thing the demo does not show: a kiosk, a suspended and an ended
    contract, a declined application, an archived wing, a call-out, an out-of-role report, an
    acknowledged flag, a shift that needs cover, a past meeting not yet recorded and a person who
    moved from Northgate to another prison."""
    call_command("load_demo", stdout=StringIO())
    ngt, emr = Establishment.objects.get(code="NGT"), Establishment.objects.get(code="EMR")
    users = {user.username: user for user in User.objects.all()}
    manager, coordinator = users["manager"], users["coordinator"]
    a_wing = Location.objects.get(establishment=ngt, name="A wing")

    device, token = device_enrol(establishment=ngt, location=a_wing, name="A wing kiosk", actor=manager)
    today, now = timezone.localdate(), timezone.now()
    contracts.contract_suspend(
        contract=_contract("A1007AA"),
        starts_on=today,
        ends_on=None,
        is_paid=True,
        reason="Under investigation",
        actor=coordinator,
    )
    contracts.contract_end(
        contract=_contract("A1008AA"), reason="resigned", ended_on=today, actor=coordinator
    )
    declined = applications.application_create(
        worker=_worker("A1001AA"),
        scheme=Scheme.objects.get(establishment=ngt, preset="buddies"),
        actor=manager,
        received_on=today,
    )
    applications.application_decline(application=declined, reason="Not now", actor=manager)
    old_wing = locations.location_create(
        establishment=ngt,
        actor=manager,
        name="Old wing",
        kind=Location.Kind.WING,
        is_vulnerable_prisoners_unit=False,
    )
    locations.location_archive(location=old_wing, actor=manager)
    listener = _worker("A1001AA")
    callout = callout_record(
        establishment=ngt,
        actor=users["wingofficer"],
        listener=listener,
        location=a_wing,
        requested_by=CallOut.RequestedBy.choices[0][0],
        requested_at=now - timedelta(minutes=50),
        started_at=now - timedelta(minutes=45),
        ended_at=now - timedelta(minutes=15),
    )
    report = out_of_role_report_make(
        worker=listener, contract=_contract("A1001AA"), description="Asked to search a cell", device=device
    )
    flag = Flag.objects.filter(resolved_at__isnull=True, acknowledged_at__isnull=True).first()
    flag_acknowledge(flag=flag, actor=manager, note="Looking into it")
    on = Assignment.objects.filter(
        status=Assignment.Status.ON, week__rota__establishment=ngt, starts_at__gt=now
    ).order_by("starts_at")
    needing_cover = assignment_needs_cover(assignment=on.last(), actor=coordinator, reason="Off sick")
    assignment = on.first()

    listeners = Scheme.objects.get(establishment=ngt, preset="listeners")
    meetings = SupervisionMeeting.objects.filter(scheme=listeners).order_by("starts_at")
    not_yet_recorded = meeting_schedule(
        scheme=listeners,
        starts_at=now - timedelta(days=2),
        place="Chapel",
        lead=coordinator,
        actor=coordinator,
    )
    leaver = people.peer_worker_create(
        establishment=ngt,
        actor=manager,
        prison_number="A1999AA",
        first_name="Lee",
        last_name="Moved",
        staff_notes="A note that stays at Northgate.",
    )
    moved_away = people.peer_worker_transfer(worker=leaver, to=emr, actor=manager)
    monday = monday_of(today)
    checkin = checkin_record(
        worker=listener,
        scheme=listeners,
        on=today,
        how=HowItWent.STRUGGLING,
        agreed="Fewer nights",
        actor=manager,
    )
    rest = rota_break_add(
        worker=listener,
        establishment=ngt,
        starts_on=today + timedelta(days=60),
        ends_on=today + timedelta(days=66),
        reason="Needs a break",
        actor=manager,
    )
    objects = {
        "location": [a_wing, old_wing, Location.objects.filter(establishment=emr).first()],
        "scheme": [listeners, Scheme.objects.get(establishment=emr, preset="listeners")],
        "lead": [SchemeLead.objects.get(scheme=listeners, ended_on__isnull=True)],
        "worker": [listener, _worker("A1005AA")],
        "moved worker": [moved_away.worker, listener],
        "application": [
            Application.objects.get(worker__prison_number="A1005AA"),
            Application.objects.get(worker__prison_number="A1009AA"),
            declined,
        ],
        "contract": [_contract(n) for n in ("A1001AA", "A1004AA", "A1007AA", "A1008AA", "A1002AA")],
        "unsigned contract": [_contract("A1004AA")],
        "meeting": [meetings.last(), not_yet_recorded, meetings.first()],
        "meeting to record": [not_yet_recorded],
        "flag": [flag, Flag.objects.filter(resolved_at__isnull=True).exclude(pk=flag.pk).first()],
        "callout": [callout],
        "shift_type": [ShiftType.objects.filter(rota__establishment=ngt).order_by("pk").last()],
        "cover_point": [CoverPoint.objects.filter(rota__establishment=ngt).order_by("pk").first()],
        "week": [monday, monday + timedelta(days=7)],
        # Pay: last week's sheet (over, so it may be confirmed) and this week's; a paid scheme's
        # rates, an unpaid one's, and another prison's (not found).
        "pay week": [monday - timedelta(days=7), monday],
        "pay scheme": [
            Scheme.objects.get(establishment=ngt, preset="buddies"),
            listeners,
            Scheme.objects.get(establishment=emr, preset="buddies"),
        ],
        "assignment": [assignment, needing_cover],
        "report": [report],
        "device": [device],
        # The demo's concerns at Northgate: waiting for the department, taken on, answered.
        "concern": [
            Concern.objects.filter(establishment=ngt, status=status).order_by("pk").first()
            for status in (Concern.Status.RAISED, Concern.Status.WITH_DEPARTMENT, Concern.Status.ANSWERED)
        ],
        "kiosk concern": list(
            Concern.objects.filter(worker__prison_number=CONCERNS_KIOSK_PERSON[0]).order_by("status", "pk")
        ),
        "department": [
            Department.objects.get(establishment=ngt, name="Healthcare"),
            Department.objects.filter(establishment=emr).first(),
        ],
        "topic": [
            Topic.objects.filter(establishment=ngt).first(),
            Topic.objects.filter(establishment=emr).first(),
        ],
        # The demo's Toe by Toe pairs at Northgate (open and ended), their sessions and reading plan.
        "pair": list(Pair.objects.filter(establishment=ngt).order_by("ended_on", "pk")),
        "session": [Session.objects.filter(pair__establishment=ngt).order_by("-on", "pk").first()],
        "mentor pair": list(Pair.objects.filter(mentor__prison_number=MENTOR_KIOSK_PERSON[0], ended_on=None)),
        "one-to-one scheme": [Scheme.objects.get(establishment=ngt, preset="toe-by-toe")],
        "stage": [ReadingStage.objects.filter(scheme__establishment=ngt).order_by("number").first()],
        # A welfare check-in with a Northgate Listener, and a break from the rota later on.
        "checkin": [checkin],
        "break": [rest],
        # A roll uploaded at Northgate and not applied: its preview and confirm.
        "roll import": [
            roll_import_start(
                source=FileRollSource(
                    name="roll.csv",
                    content=b"Prison number,Surname,Forename,Wing\nA9001AA,Roll,Person,A wing\nBAD,Row,Two,A wing\n",
                ),
                establishment=ngt,
                actor=manager,
            )
        ],
    }
    return World(ngt=ngt, emr=emr, users=users, kiosk_token=token, objects=objects)


def _pks(world: World, kind: str, name: str = "pk") -> list[dict]:
    return [{name: obj.pk} for obj in world.objects[kind] if obj is not None]


def _check_kwargs(world: World) -> list[dict]:
    application = world.objects["application"][0]
    return [{"pk": application.pk, "check_pk": application.checks.order_by("pk").first().pk}]


def _shift_kwargs(world: World) -> list[dict]:
    return [
        {"day": a.day, "shift_type_pk": a.shift_type_id, "cover_point_pk": a.cover_point_id}
        for a in world.objects["assignment"]
    ]


# The objects each address is opened with. An address the resolver knows and this table does not
# fails the walk: add a line for it.
ARGUMENTS = {
    "schemes:location_": lambda w: _pks(w, "location"),
    "schemes:scheme_lead_end": lambda w: [
        {"pk": lead.scheme_id, "lead_pk": lead.pk} for lead in w.objects["lead"]
    ],
    "schemes:role_description_version": lambda w: [
        {"pk": d.scheme_id, "version": d.version}
        for d in RoleDescription.objects.filter(scheme=w.objects["scheme"][0])
    ],
    "schemes:scheme_": lambda w: _pks(w, "scheme"),
    "schemes:role_description_": lambda w: _pks(w, "scheme"),
    "schemes:meetings_generate": lambda w: _pks(w, "scheme"),
    "schemes:worker_": lambda w: _pks(w, "worker"),
    "schemes:moved_detail": lambda w: _pks(w, "moved worker"),
    "schemes:application_check_record": _check_kwargs,
    "schemes:application_invite_after_arrival": lambda w: _pks(w, "flag", "flag_pk"),
    "schemes:application_": lambda w: _pks(w, "application"),
    "schemes:contract_sign": lambda w: _pks(w, "unsigned contract"),
    "schemes:contract_": lambda w: _pks(w, "contract"),
    "schemes:meeting_record_held": lambda w: _pks(w, "meeting to record"),
    "schemes:meeting_": lambda w: _pks(w, "meeting"),
    "flags:flag_": lambda w: _pks(w, "flag"),
    "listeners:lookup_detail": lambda w: _pks(w, "worker"),
    "listeners:callout_": lambda w: _pks(w, "callout"),
    "listeners:ical_feed": lambda w: [
        {"token": ical.feed_token(w.objects["worker"][0])},
        {"token": "<script>alert(1)<%2Fscript>"},
    ],
    "rota:shift_type_": lambda w: _pks(w, "shift_type"),
    "rota:cover_point_": lambda w: _pks(w, "cover_point"),
    "rota:week_": lambda w: [{"starts_on": monday} for monday in w.objects["week"]],
    "rota:shift_detail": _shift_kwargs,
    "rota:assignment_": lambda w: _pks(w, "assignment"),
    "rota:training_record": lambda w: _pks(w, "worker", "worker_pk"),
    "kiosk:report_detail": lambda w: _pks(w, "report"),
    "kiosk:device_": lambda w: _pks(w, "device"),
    "kiosk:pin_set": lambda w: _pks(w, "worker"),
    "concerns:kiosk_": lambda w: _pks(w, "kiosk concern"),
    "concerns:concern_": lambda w: _pks(w, "concern"),
    "concerns:department_": lambda w: _pks(w, "department"),
    "concerns:topic_": lambda w: _pks(w, "topic"),
    "support:kiosk_": lambda w: _pks(w, "mentor pair"),
    "support:pair_": lambda w: _pks(w, "pair"),
    "support:session_": lambda w: _pks(w, "session"),
    "support:scheme_": lambda w: _pks(w, "one-to-one scheme"),
    "support:stage_": lambda w: _pks(w, "stage"),
    "roll:import_": lambda w: _pks(w, "roll import"),
    # A scheme's workload: Northgate's Listeners, and another prison's (404).
    "welfare:workload": lambda w: _pks(w, "scheme"),
    "welfare:workload_csv": lambda w: _pks(w, "scheme"),
    "welfare:worker": lambda w: _pks(w, "worker"),
    "welfare:checkin_record": lambda w: _pks(w, "worker"),
    "welfare:break_add": lambda w: _pks(w, "worker"),
    "welfare:checkin_withdraw": lambda w: _pks(w, "checkin"),
    "welfare:break_withdraw": lambda w: _pks(w, "break"),
    "pay:week_": lambda w: [{"starts_on": monday} for monday in w.objects["pay week"]],
    "pay:scheme_rates": lambda w: _pks(w, "pay scheme"),
}


@dataclass
class Address:
    name: str
    converters: dict

    def paths(self, world: World) -> list[str]:
        if not self.converters:
            return [reverse(self.name)]
        # The name itself, else the longest prefix that ends in "_" ("schemes:contract_").
        prefixes = [k for k in ARGUMENTS if k.endswith("_") and self.name.startswith(k)]
        key = self.name if self.name in ARGUMENTS else max(prefixes, key=len, default=None)
        if key is None:
            raise LookupError(self.name)
        return [reverse(self.name, kwargs=kwargs) for kwargs in ARGUMENTS[key](world)]

    def hostile_paths(self) -> list[str]:
        """The address with a huge number for every id and an impossible or far-off day for every
        date (written in over a placeholder day, as reverse() writes out only real days)."""
        placeholder = date(2000, 1, 1)
        kwargs = {}
        for name, converter in self.converters.items():
            kind = type(converter).__name__
            kwargs[name] = {"IntConverter": "9" * 20, "IsoDateConverter": placeholder}.get(kind)
        if not kwargs or None in kwargs.values():
            return []
        path = reverse(self.name, kwargs=kwargs)
        if placeholder not in kwargs.values():
            return [path]
        return [path.replace(placeholder.isoformat(), day) for day in ("2027-02-30", "9999-12-31")]


def addresses() -> list[Address]:
    """Every named address the resolver knows, outside the Django admin."""
    found = []

    def walk(patterns, namespace: str, converters: dict):
        for entry in patterns:
            here = converters | getattr(entry.pattern, "converters", {})
            if isinstance(entry, URLResolver):
                if entry.namespace in SKIPPED_NAMESPACES:
                    continue
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, inner, here)
            elif isinstance(entry, URLPattern):
                assert entry.name, f"An address without a name: {entry.pattern}"
                found.append(Address(name=f"{namespace}{entry.name}", converters=here))

    walk(get_resolver().url_patterns, "", {})
    return found


# --- Who walks it ---------------------------------------------------------------------------------

STAFF_ROLES = {
    "safer-custody manager": "manager",
    "scheme coordinator": "coordinator",
    "safer-custody officer": "scofficer",
    "wing officer": "wingofficer",
    "system admin": "admin",
}
PEER_WORKER = "peer worker on a kiosk"
EQUALITY_REP = "equality representative on a kiosk"
MENTOR = "toe by toe mentor on a kiosk"
NOBODY = "nobody signed in"
KIOSK_PERSON = ("A1001AA", "2580")  # a Listener
CONCERNS_KIOSK_PERSON = ("A1020AA", "2580")  # an Equality Representative, who carries concerns
MENTOR_KIOSK_PERSON = ("A1021AA", "2580")  # a Toe by Toe mentor, reading with a learner
# Who each kiosk role signs in as, on the A wing kiosk: a Listener, a peer worker whose concerns
# (in every state) the kiosk's concerns pages show, and a mentor whose open pair the kiosk's
# support pages show.
KIOSK_ROLES = {
    PEER_WORKER: KIOSK_PERSON,
    EQUALITY_REP: CONCERNS_KIOSK_PERSON,
    MENTOR: MENTOR_KIOSK_PERSON,
}


def kiosk_sign_in(client: Client, person: tuple[str, str]) -> Client:
    """Sign `person` (prison number, PIN) in on the kiosk whose device cookie the client carries.
    Again later, it starts the kiosk's idle minute afresh."""
    number, pin = person
    response = client.post(reverse("kiosk:sign_in"), {"prison_number": number, "pin": pin})
    assert response.status_code == 302, response.content
    return client


def clients(world: World, django_settings) -> dict[str, Client]:
    """A client per role: staff signed in at HMP Northgate, a Listener, an Equality
    Representative and a Toe by Toe mentor each signed in on its A wing kiosk (in browsers of their
    own), and a browser nobody has signed in on."""
    signed_in = {}
    for role, username in STAFF_ROLES.items():
        client = Client()
        client.force_login(world.users[username], backend="django.contrib.auth.backends.ModelBackend")
        session = client.session
        session[SESSION_KEY] = world.ngt.pk
        session.save()
        signed_in[role] = client
    for role, person in KIOSK_ROLES.items():
        kiosk = Client()
        kiosk.cookies[django_settings.KIOSK_DEVICE_COOKIE_NAME] = world.kiosk_token
        signed_in[role] = kiosk_sign_in(kiosk, person)
    signed_in[NOBODY] = Client()
    return signed_in

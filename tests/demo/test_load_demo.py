from django.core.management import call_command
from django.urls import reverse

from accounts.models import Role, User
from demo.data import DEMO_PASSWORD
from establishments.models import Establishment, Location
from flags.models import Flag
from schemes.models import Application, Contract, PeerWorker, Scheme, SupervisionMeeting


def _counts():
    return (
        Establishment.objects.count(),
        Location.objects.count(),
        User.objects.count(),
        Location.history.count(),
        User.history.count(),
        Scheme.objects.count(),
        PeerWorker.objects.count(),
        Application.objects.count(),
        Contract.objects.count(),
        Contract.history.count(),
        SupervisionMeeting.objects.count(),
        SupervisionMeeting.history.count(),
        list(Flag.objects.values_list("key", "severity", "resolved_at")),
    )


def test_loading_twice_changes_nothing(db):
    call_command("load_demo")
    first = _counts()
    call_command("load_demo")
    assert _counts() == first


def test_the_demo_has_a_category_b_prison_with_six_wings_and_a_vpu_and_a_second_prison(db):
    call_command("load_demo")
    northgate = Establishment.objects.get(code="NGT")
    assert northgate.category == Establishment.Category.B
    assert northgate.locations.filter(kind=Location.Kind.WING).count() == 6
    assert northgate.locations.filter(is_vulnerable_prisoners_unit=True).count() == 1
    assert Establishment.objects.count() == 2


def test_there_is_a_demo_user_for_every_role_who_can_sign_in(client, db):
    call_command("load_demo")
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    for user in User.objects.all():
        response = client.post(reverse("login"), {"username": user.username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, user.username
        assert client.get(reverse("home")).status_code == 200
        client.post(reverse("logout"))


def test_every_prison_gets_every_national_scheme_with_a_role_description(db):
    call_command("load_demo")
    for establishment in Establishment.objects.all():
        schemes = Scheme.objects.filter(establishment=establishment)
        assert schemes.count() == 8
        assert all(scheme.role_descriptions.filter(version=1).exists() for scheme in schemes)


def test_the_demo_shows_contracts_at_every_stage(db):
    call_command("load_demo")
    statuses = set(Contract.objects.values_list("status", flat=True))
    assert statuses == {"active", "awaiting_signature"}
    assert Application.objects.filter(status="received").exists()
    assert Application.objects.filter(status="approved", contracts__isnull=True).exists()


def test_the_demo_tells_the_buddy_story_on_the_safer_custody_home_page(client, db):
    call_command("load_demo")
    client.post(reverse("login"), {"username": "scofficer", "password": DEMO_PASSWORD})
    body = client.get(reverse("home")).content.decode()
    buddies = Scheme.objects.get(establishment__code="NGT", preset="buddies")
    open_kinds = set(buddies.flags.filter(resolved_at__isnull=True).values_list("kind", flat=True))
    assert open_kinds == {
        Flag.Kind.MEETINGS_CANCELLED,
        Flag.Kind.SUPERVISION_OVERDUE,
        Flag.Kind.NO_LEAD,
        Flag.Kind.CONTRACT_ENDING,
    }
    assert "Buddies" in body
    assert 'data-testid="home-flags-by-scheme"' in body

from django.core.management import call_command
from django.urls import reverse

from accounts.models import Role, User
from demo.data import DEMO_PASSWORD
from schemes.models import Establishment, Location


def _counts():
    return (
        Establishment.objects.count(),
        Location.objects.count(),
        User.objects.count(),
        Location.history.count(),
        User.history.count(),
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

"""The demo data gives Northgate's peer workers a kiosk PIN, once."""

from django.core.management import call_command
from django.urls import reverse

from demo.kiosk import DEMO_KIOSK_PIN
from establishments.models import Establishment, Location
from kiosk.models import KioskCredential
from kiosk.services.devices import device_enrol


def test_loading_the_demo_twice_sets_each_pin_once_and_a_demo_peer_worker_can_sign_in(db, client, settings):
    call_command("load_demo")
    credentials = list(KioskCredential.objects.order_by("pk").values_list("pk", "pin_hash"))
    call_command("load_demo")
    assert list(KioskCredential.objects.order_by("pk").values_list("pk", "pin_hash")) == credentials
    assert KioskCredential.objects.filter(worker__prison_number="A1001AA").exists()
    assert not KioskCredential.objects.filter(worker__prison_number="A1005AA").exists()  # only applied

    northgate = Establishment.objects.get(code="NGT")
    _, token = device_enrol(
        establishment=northgate,
        location=Location.objects.get(establishment=northgate, name="A wing"),
        name="Demo kiosk",
        actor=northgate.staff.get(username="manager"),
    )
    client.cookies[settings.KIOSK_DEVICE_COOKIE_NAME] = token
    response = client.post(reverse("kiosk:sign_in"), {"prison_number": "A1001AA", "pin": DEMO_KIOSK_PIN})
    assert response["Location"] == reverse("kiosk:menu")
    assert "Hello, Lee" in client.get(reverse("kiosk:menu")).content.decode()

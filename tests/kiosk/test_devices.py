"""Enrolling and revoking wing kiosks: the services and the staff pages."""

import hashlib

import pytest
from django.urls import reverse

from kiosk.models import KioskDevice
from kiosk.services.devices import device_enrol, device_revoke
from schemes.rules import RuleError
from schemes.services.locations import location_archive
from tests.factories import LocationFactory

# --- Services ---------------------------------------------------------------------------------


def test_enrolling_keeps_only_a_digest_of_the_token_and_records_who(establishment, wing, manager):
    device, token = device_enrol(
        establishment=establishment, location=wing, name=" A wing kiosk ", actor=manager
    )

    assert len(token) >= 43  # 256 random bits
    assert device.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(KioskDevice.objects.values().get())
    assert device.name == "A wing kiosk"
    assert (device.enrolled_by, device.location, device.establishment) == (manager, wing, establishment)
    [created] = device.history.all()
    assert (created.history_type, created.history_user, created.history_change_reason) == (
        "+",
        manager,
        "Enrolled",
    )
    assert not hasattr(created, "token_hash")


def test_each_enrolment_gets_its_own_token(establishment, wing, manager):
    tokens = {
        device_enrol(establishment=establishment, location=wing, name="Kiosk", actor=manager)[1]
        for _ in range(3)
    }
    assert len(tokens) == 3


def test_a_wing_of_another_prison_cannot_be_chosen(establishment, other_wing, manager):
    with pytest.raises(RuleError) as refused:
        device_enrol(establishment=establishment, location=other_wing, name="Kiosk", actor=manager)
    assert list(refused.value.message_dict) == ["location"]
    assert not KioskDevice.objects.exists()


def test_an_archived_wing_cannot_be_chosen(establishment, wing, manager):
    location_archive(location=wing, actor=manager)
    with pytest.raises(RuleError, match="archived"):
        device_enrol(establishment=establishment, location=wing, name="Kiosk", actor=manager)


def test_revoking_records_who_when_and_why_and_keeps_the_device(kiosk, safer_custody_officer):
    device = device_revoke(device=kiosk.device, actor=safer_custody_officer, reason=" Screen replaced ")

    assert device.revoked_by == safer_custody_officer
    assert device.revoked_at is not None
    assert device.revoked_reason == "Screen replaced"
    assert KioskDevice.objects.filter(pk=device.pk).exists()
    latest = device.history.first()
    assert (latest.history_user, latest.history_change_reason) == (safer_custody_officer, "Revoked")


def test_revoking_twice_is_refused_and_changes_nothing(kiosk, manager, safer_custody_officer):
    first = device_revoke(device=kiosk.device, actor=manager)
    with pytest.raises(RuleError, match="already revoked"):
        device_revoke(device=kiosk.device, actor=safer_custody_officer, reason="Again")
    again = KioskDevice.objects.get(pk=first.pk)
    assert (again.revoked_at, again.revoked_by, again.revoked_reason) == (first.revoked_at, manager, "")
    assert again.history.count() == 2


# --- Staff pages ------------------------------------------------------------------------------


def test_a_manager_enrols_the_browser_they_are_using_and_is_signed_out(client_for, manager, wing, settings):
    client = client_for(manager)
    response = client.post(
        reverse("kiosk:device_enrol"), {"location": wing.pk, "name": "A wing, by the servery"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("kiosk:start")
    cookie = response.cookies[settings.KIOSK_DEVICE_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"
    assert cookie["max-age"] == 400 * 24 * 60 * 60
    assert cookie["path"] == "/"
    assert "_auth_user_id" not in client.session
    device = KioskDevice.objects.get()
    assert device.token_hash == hashlib.sha256(cookie.value.encode()).hexdigest()

    start = client.get(reverse("kiosk:start")).content.decode()
    assert "Peer work on A wing" in start
    assert "This screen is now the kiosk for A wing. You have been signed out." in start


def test_the_device_cookie_is_secure_where_the_session_cookie_is(client_for, manager, wing, settings):
    settings.KIOSK_DEVICE_COOKIE_SECURE = True
    response = client_for(manager).post(reverse("kiosk:device_enrol"), {"location": wing.pk, "name": "Kiosk"})
    assert response.cookies[settings.KIOSK_DEVICE_COOKIE_NAME]["secure"] is True


def test_enrolling_without_a_name_reshows_the_form_and_enrols_nothing(client_for, manager, wing):
    response = client_for(manager).post(reverse("kiosk:device_enrol"), {"location": wing.pk, "name": ""})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["name"]
    assert "_auth_user_id" in response.wsgi_request.session
    assert not KioskDevice.objects.exists()


def test_only_this_prisons_wings_are_offered(client_for, manager, wing, other_wing):
    response = client_for(manager).post(
        reverse("kiosk:device_enrol"), {"location": other_wing.pk, "name": "Kiosk"}
    )
    assert list(response.context["form"].errors) == ["location"]
    assert not KioskDevice.objects.exists()


@pytest.mark.parametrize("role", ["manager", "safer_custody_officer", "system_admin"])
def test_safer_custody_and_administrators_manage_kiosks(client_for, request, role, kiosk):
    client = client_for(request.getfixturevalue(role))
    listing = client.get(reverse("kiosk:device_list"))
    assert "A wing kiosk" in listing.content.decode()
    assert reverse("kiosk:device_enrol") in listing.content.decode()
    assert client.get(reverse("kiosk:device_enrol")).status_code == 200
    assert client.get(reverse("kiosk:device_revoke", args=[kiosk.device.pk])).status_code == 200


def test_a_coordinator_sees_the_kiosks_but_cannot_enrol_or_revoke(client_for, coordinator, kiosk):
    client = client_for(coordinator)
    listing = client.get(reverse("kiosk:device_list")).content.decode()
    assert "A wing kiosk" in listing
    assert reverse("kiosk:device_enrol") not in listing
    assert client.get(reverse("kiosk:device_enrol")).status_code == 403
    assert client.post(reverse("kiosk:device_revoke", args=[kiosk.device.pk])).status_code == 403
    assert not KioskDevice.objects.get().is_revoked


def test_a_wing_officer_is_refused_the_kiosk_pages(client_for, wing_officer, kiosk):
    client = client_for(wing_officer)
    for url in (reverse("kiosk:device_list"), reverse("kiosk:device_detail", args=[kiosk.device.pk])):
        assert client.get(url).status_code == 403
    for page in ("home", "more"):
        assert "Wing kiosks" not in client.get(reverse(page)).content.decode()


def test_the_kiosks_are_in_safer_custodys_navigation_under_more(client_for, manager):
    more = client_for(manager).get(reverse("more")).content.decode()
    assert f'href="{reverse("kiosk:device_list")}">Wing kiosks</a>' in more


def test_another_prisons_kiosk_is_not_found(client_for, outsider, kiosk):
    client = client_for(outsider)
    for name in ("kiosk:device_detail", "kiosk:device_revoke"):
        assert client.get(reverse(name, args=[kiosk.device.pk])).status_code == 404
    assert client.post(reverse("kiosk:device_revoke", args=[kiosk.device.pk])).status_code == 404
    assert not KioskDevice.objects.get().is_revoked
    listing = client.get(reverse("kiosk:device_list")).content.decode()
    assert reverse("kiosk:device_detail", args=[kiosk.device.pk]) not in listing


def test_revoking_from_the_office_with_a_reason(client_for, manager, kiosk):
    client = client_for(manager)
    response = client.post(
        reverse("kiosk:device_revoke", args=[kiosk.device.pk]), {"reason": "Screen replaced"}, follow=True
    )
    html = response.content.decode()
    assert "A wing kiosk is revoked. It stops working as a kiosk at once." in html
    assert "Screen replaced" in html
    assert "Revoked" in html  # in the history too

    again = client.post(reverse("kiosk:device_revoke", args=[kiosk.device.pk]), {"reason": "Again"})
    assert again.status_code == 200
    assert "was already revoked" in again.content.decode()
    assert KioskDevice.objects.get().revoked_reason == "Screen replaced"


def test_the_device_list_costs_the_same_however_many_kiosks(
    client_for, manager, kiosk, establishment, django_assert_num_queries
):
    client = client_for(manager)
    # The session, the user, their establishments, the devices with who enrolled them.
    with django_assert_num_queries(4):
        client.get(reverse("kiosk:device_list"))
    for n in range(3):
        device_enrol(
            establishment=establishment,
            location=LocationFactory(establishment=establishment),
            name=f"K{n}",
            actor=manager,
        )
    with django_assert_num_queries(4):
        html = client.get(reverse("kiosk:device_list")).content.decode()
    assert all(f"K{n}" in html for n in range(3))

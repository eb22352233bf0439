"""The Django admin, walked model by model with the demo data: read-only around the services,
no history revert, no delete, and no 500 from any of its forms."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from establishments.models import Establishment, Location
from kiosk.models import KioskDevice
from pay.models import PayWeek
from peerwork.dates import monday_of
from rota.models import CallOut, Rota
from rota.services.setup import rota_setup
from schemes.models import SupervisionMeeting
from tests.factories import LocationFactory, PeerWorkerFactory
from welfare.models import CheckIn, HowItWent

HOSTILE = {
    "name": "x" * 10_000,
    "code": "<script>",
    "starts_on": "2026-02-30",
    "max_shifts_per_week": "-1e99",
}


OURS = {"accounts", "schemes", "flags", "kiosk", "rota", "consistency", "pay", "welfare"}


@pytest.fixture
def administrator(system_admin, client):
    system_admin.is_staff = system_admin.is_superuser = True
    system_admin.save(update_fields=["is_staff", "is_superuser"])
    client.force_login(system_admin, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def demo_administrator(db, client):
    call_command("load_demo")
    user = User.objects.filter(role=Role.SYSTEM_ADMIN, is_superuser=True).first()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def registered():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def test_it_opens_every_list_and_record_and_refuses_what_is_not_allowed(demo_administrator):
    administrator = demo_administrator
    walked = 0
    for model, model_admin in registered():
        assert administrator.get(admin_url(model, "changelist")).status_code == 200, model
        first = model.objects.order_by("pk").first()
        if first is None:
            continue
        walked += 1
        change = admin_url(model, "change", first.pk)
        assert administrator.get(change).status_code == 200, model
        before = model.objects.count()
        answer = administrator.post(change, HOSTILE)
        assert answer.status_code in (200, 302, 403), (model, answer.status_code)
        if not model_admin.has_change_permission(answer.wsgi_request, first):
            assert answer.status_code == 403, model
        assert model.objects.count() == before
        assert administrator.post(admin_url(model, "add"), HOSTILE).status_code in (200, 403), model
        if model._meta.app_label in OURS:  # axes' own records are how a lockout is lifted
            assert administrator.get(admin_url(model, "delete", first.pk)).status_code == 403, model
        assert "delete_selected" not in model_admin.get_actions(answer.wsgi_request), model
    assert walked >= 15


@pytest.mark.parametrize("selected", ["not-a-number", "", "1e99", "-1", "\u202e1"])
def test_a_malformed_selection_on_a_list_is_not_an_error(administrator, selected):
    for model, _model_admin in registered():
        answer = administrator.post(
            admin_url(model, "changelist"),
            {"action": "delete_selected", "_selected_action": [selected], "index": "0"},
        )
        assert answer.status_code in (200, 302), (model, answer.status_code)


def test_the_read_only_rota_cannot_be_changed_by_reverting_its_history(
    administrator, system_admin, establishment, listeners
):
    rota = rota_setup(
        establishment=establishment,
        actor=system_admin,
        max_shifts_per_week=4,
        max_nights_in_a_row=2,
        requires_training=True,
    )
    version = rota.history.order_by("history_id").first()
    past = admin_url(Rota, "simple_history", rota.pk, version.history_id)
    before = (rota.max_shifts_per_week, rota.history.count())

    assert administrator.get(past).status_code == 200
    answer = administrator.post(past, {"max_shifts_per_week": "99", "max_nights_in_a_row": "99"})

    assert answer.status_code == 403
    rota.refresh_from_db()
    assert (rota.max_shifts_per_week, rota.history.count()) == before


def test_a_staff_account_cannot_be_reverted_either(administrator, coordinator):
    user = coordinator
    version = user.history.order_by("history_id").first()
    answer = administrator.post(
        admin_url(User, "simple_history", user.pk, version.history_id), {"username": "x"}
    )
    assert answer.status_code == 403


def test_locations_are_read_only_here_so_a_duplicate_name_is_not_an_error(administrator, wing):
    location = wing
    answer = administrator.post(
        admin_url(Location, "add"),
        {"establishment": location.establishment_id, "name": location.name, "kind": location.kind},
    )
    assert answer.status_code == 403
    assert Location.objects.filter(establishment=location.establishment, name=location.name).count() == 1


def test_a_new_establishment_with_a_taken_name_is_refused_on_the_form(administrator, establishment):
    taken = establishment
    answer = administrator.post(admin_url(Establishment, "add"), {"name": taken.name, "code": "ZZZ"})
    assert answer.status_code == 200
    assert "already exists" in answer.content.decode()
    assert Establishment.objects.filter(name=taken.name).count() == 1


NEWLY_LISTED = [SupervisionMeeting, CallOut, KioskDevice, PayWeek, CheckIn]


@pytest.fixture
def one_of_each_listed(administrator, system_admin, establishment, other_establishment, wing, schemes):
    """A meeting, a call-out, a kiosk, a confirmed pay week and a check-in at the prison, and a
    call-out at another (rows, not journeys: the services have their own tests)."""
    scheme = schemes["listeners"]
    worker = PeerWorkerFactory(establishment=establishment, location=wing)
    now = timezone.now()
    SupervisionMeeting.objects.create(scheme=scheme, starts_at=now, created_by=system_admin)
    for prison, where in (
        (establishment, wing),
        (other_establishment, LocationFactory(establishment=other_establishment)),
    ):
        CallOut.objects.create(
            establishment=prison,
            location=where,
            listener=worker,
            requested_at=now - timedelta(hours=2),
            requested_by=CallOut.RequestedBy.OFFICER,
            started_at=now - timedelta(hours=2),
            ended_at=now - timedelta(hours=1),
            recorded_by=system_admin,
            recorded_at=now,
        )
    KioskDevice.objects.create(
        establishment=establishment,
        location=wing,
        name="A wing, by the servery",
        token_hash="0" * 64,
        enrolled_by=system_admin,
        enrolled_at=now,
    )
    PayWeek.objects.create(
        establishment=establishment,
        starts_on=monday_of(timezone.localdate()) - timedelta(weeks=1),
        confirmed_by=system_admin,
        confirmed_at=now,
    )
    CheckIn.objects.create(
        establishment=establishment,
        worker=worker,
        scheme=scheme,
        on=timezone.localdate(),
        how=HowItWent.FINE,
        recorded_by=system_admin,
        recorded_at=now,
    )
    return administrator


@pytest.mark.parametrize("model", NEWLY_LISTED, ids=lambda model: model._meta.label)
def test_a_system_admin_can_look_up_what_the_lists_show_but_not_add_change_or_delete_it(
    one_of_each_listed, establishment, model
):
    administrator = one_of_each_listed
    first = model.objects.order_by("pk").first()
    before = model.objects.count()
    lookup = "scheme__establishment__id__exact" if model is SupervisionMeeting else "establishment__id__exact"

    listed = administrator.get(admin_url(model, "changelist"), {lookup: establishment.pk})
    assert listed.status_code == 200  # not a redirect to ?e=1: the establishment filter is allowed
    here = model.objects.filter(**{lookup.removesuffix("__id__exact"): establishment}).count()
    assert listed.context["cl"].result_count == here > 0  # the prison's own, and only those
    assert administrator.get(admin_url(model, "change", first.pk)).status_code == 200
    assert administrator.get(admin_url(model, "add")).status_code == 403
    assert administrator.post(admin_url(model, "change", first.pk), HOSTILE).status_code == 403
    assert administrator.get(admin_url(model, "delete", first.pk)).status_code == 403
    assert model.objects.count() == before

"""One rule for who hears about which flag: the inbox, the home page and the digest agree for every role."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from flags import selectors
from flags.models import Flag
from schemes.models import OutboxEmail
from schemes.services.digests import digests_write

ROLES = ["manager", "safer_custody_officer", "coordinator", "wing_officer", "system_admin", "outsider"]


def _flag(establishment, kind, *, scheme=None, contract=None) -> Flag:
    return Flag.objects.create(
        kind=kind,
        key=f"test:{kind}:{Flag.objects.count()}",
        establishment=establishment,
        scheme=scheme,
        contract=contract,
        severity=Flag.Severity.WARNING,
        summary=f"{kind} flag {Flag.objects.count()}",
        opened_at=timezone.now() - timedelta(hours=2),
    )


@pytest.fixture
def every_kind_of_flag(establishment, other_establishment, listeners, buddies, active_contract):
    """A flag of a scheme the coordinator leads, of one they do not, an out-of-role report about a
    Listener, and one in another prison."""
    return {
        "led": _flag(establishment, Flag.Kind.SUPERVISION_OVERDUE, scheme=listeners),
        "not_led": _flag(establishment, Flag.Kind.NO_LEAD, scheme=buddies),
        "report": _flag(establishment, Flag.Kind.OUT_OF_ROLE, contract=active_contract),
        "elsewhere": _flag(other_establishment, Flag.Kind.NO_LEAD),
    }


def _inbox(client_for, user) -> set[int]:
    response = client_for(user).get(reverse("flags:flag_list"))
    if response.status_code == 403:
        return set()
    return {flag.pk for flag in response.context["flags"]}


def _digest(user) -> set[int]:
    email = OutboxEmail.objects.filter(recipient=user).first()
    return {int(pk) for pk in re.findall(r"/flags/(\d+)/", email.body_text)} if email else set()


@pytest.mark.parametrize("role", ROLES)
def test_a_roles_inbox_home_page_and_digest_hold_the_same_flags(
    request, client_for, every_kind_of_flag, role
):
    user = request.getfixturevalue(role)
    user.email, user.receives_digest = f"{user.username}@justice.example", True
    user.save(update_fields=["email", "receives_digest"])

    digests_write()

    inbox = _inbox(client_for, user)
    assert inbox == _digest(user)
    if inbox:
        establishment = user.establishments.get()
        assert selectors.open_flags_summary(user=user, establishment=establishment).total == len(inbox)


@pytest.mark.parametrize(
    ("role", "hears_about"),
    [
        ("manager", {"led", "not_led", "report"}),
        ("safer_custody_officer", {"led", "not_led", "report"}),
        ("system_admin", {"led", "not_led", "report"}),
        ("coordinator", {"led"}),
        ("wing_officer", set()),
        ("outsider", {"elsewhere"}),
    ],
)
def test_who_hears_about_which_flag(request, client_for, every_kind_of_flag, role, hears_about):
    user = request.getfixturevalue(role)
    assert _inbox(client_for, user) == {every_kind_of_flag[name].pk for name in hears_about}


def test_a_coordinator_hears_nothing_of_a_scheme_once_they_stop_leading_it(
    client_for, coordinator, listeners, every_kind_of_flag, system_admin
):
    from schemes.services.schemes import scheme_lead_end

    scheme_lead_end(lead=listeners.leads.get(user=coordinator), actor=system_admin)

    assert client_for(coordinator).get(reverse("flags:flag_list")).context["flags"] == []
    detail = client_for(coordinator).get(reverse("flags:flag_detail", args=[every_kind_of_flag["led"].pk]))
    assert detail.status_code == 403

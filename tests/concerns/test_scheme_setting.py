"""Whether a scheme's peer workers carry residents' concerns is a setting on the scheme's page,
which a Listeners scheme never offers."""

from django.urls import reverse

from schemes.models import Scheme
from tests.schemes.test_scheme_views import _scheme_data

SETTING = 'name="raises_concerns"'


def test_the_setting_is_on_the_scheme_form_and_can_be_turned_off(client_for, manager, schemes):
    buddies = schemes["buddies"]
    client = client_for(manager)
    assert SETTING in client.get(reverse("schemes:scheme_update", args=[buddies.pk])).content.decode()

    client.post(reverse("schemes:scheme_update", args=[buddies.pk]), _scheme_data(name="Buddies"))

    assert Scheme.objects.get(pk=buddies.pk).raises_concerns is False


def test_a_listeners_scheme_never_offers_it_and_a_forged_tick_changes_nothing(client_for, manager, listeners):
    client = client_for(manager)
    assert SETTING not in client.get(reverse("schemes:scheme_update", args=[listeners.pk])).content.decode()

    client.post(
        reverse("schemes:scheme_update", args=[listeners.pk]),
        _scheme_data(name="Listeners", raises_concerns="on", is_paid=None, weekly_rate=""),
    )

    assert Scheme.objects.get(pk=listeners.pk).raises_concerns is False

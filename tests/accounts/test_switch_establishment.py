from django.urls import reverse

from establishments.models import Establishment


def test_a_user_of_two_prisons_can_switch_between_them(client_for, manager, other_establishment):
    manager.establishments.add(other_establishment)
    client = client_for(manager)
    assert client.get(reverse("home")).context["current_establishment"].code == "ALP"

    response = client.post(
        reverse("accounts:switch_establishment"), {"establishment": other_establishment.pk}
    )

    assert response.status_code == 302
    page = client.get(reverse("home"))
    assert page.context["current_establishment"] == other_establishment
    assert "HMP Bravo" in page.content.decode()


def test_switching_to_a_prison_you_do_not_work_in_is_refused(client_for, manager, other_establishment):
    client = client_for(manager)
    response = client.post(
        reverse("accounts:switch_establishment"), {"establishment": other_establishment.pk}
    )
    assert response.status_code == 400
    assert client.get(reverse("home")).context["current_establishment"].code == "ALP"


def test_the_switcher_lists_only_your_own_prisons(client_for, manager, other_establishment):
    third = Establishment.objects.create(name="HMP Charlie", code="CHA", category="C")
    manager.establishments.add(third)
    body = client_for(manager).get(reverse("home")).content.decode()
    assert "HMP Charlie" in body
    assert "HMP Bravo" not in body

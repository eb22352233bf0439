"""What every request and response gets: control characters out at the edge, pages kept out of
a shared PC's cache."""

import pytest
from django.http import QueryDict
from django.urls import reverse

from establishments.models import Location
from peerwork.middleware import without_control_characters


@pytest.mark.parametrize("query", ["%00", "A%00B", "%01%02%1b%7f", "%00" * 5000])
def test_a_control_character_in_a_search_is_ignored_not_an_error(client_for, manager, worker, query):
    response = client_for(manager).get(f"{reverse('schemes:worker_list')}?q={query}")
    assert response.status_code == 200


def test_the_search_still_finds_what_was_meant(client_for, manager, worker):
    response = client_for(manager).get(f"{reverse('schemes:worker_list')}?q=El%00lis")
    assert worker.prison_number in response.content.decode()


def test_the_officers_on_duty_search_ignores_a_nul_byte(client_for, wing_officer):
    response = client_for(wing_officer).get(f"{reverse('listeners:lookup')}?q=%00")
    assert response.status_code == 200


def test_a_typed_control_character_is_not_stored(client_for, system_admin, establishment):
    response = client_for(system_admin).post(
        reverse("schemes:location_create"), {"name": "B\x00 wi\x1bng", "kind": "wing"}
    )
    assert response.status_code == 302
    assert Location.objects.filter(establishment=establishment).get().name == "B wing"


def test_line_breaks_and_tabs_are_kept():
    cleaned = without_control_characters(QueryDict("note=one%0D%0Atwo%09three%00"))
    assert cleaned["note"] == "one\r\ntwo\tthree"


def test_staff_pages_are_not_kept_in_the_browser_cache(client_for, manager):
    response = client_for(manager).get(reverse("schemes:worker_list"))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_after_sign_out_the_back_button_cannot_show_a_record(client_for, manager, worker):
    client = client_for(manager)
    page = client.get(reverse("schemes:worker_detail", args=[worker.pk]))
    assert "no-store" in page["Cache-Control"]
    client.post(reverse("logout"))
    assert client.get(reverse("schemes:worker_detail", args=[worker.pk])).status_code == 302

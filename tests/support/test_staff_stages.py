"""The reading plan's stages: listed for the scheme's keepers, renamed by them."""

from django.urls import reverse

from accounts.models import Role
from support.models import ReadingStage
from tests.factories import UserFactory
from tests.support.office_world import *  # noqa: F403  the fixtures


def test_it_lists_the_stages_and_renames_one(client_for, coordinator, toe_by_toe):
    stage = ReadingStage.objects.filter(scheme=toe_by_toe).order_by("number").first()
    html = (
        client_for(coordinator).get(reverse("support:scheme_stages", args=[toe_by_toe.pk])).content.decode()
    )
    assert "Stage 1" in html and reverse("support:stage_rename", args=[stage.pk]) in html
    response = client_for(coordinator).post(
        reverse("support:stage_rename", args=[stage.pk]), {"name": "  Book 1  "}
    )
    assert response.status_code == 302
    stage.refresh_from_db()
    assert stage.name == "Book 1"


def test_an_empty_name_is_refused(client_for, coordinator, toe_by_toe):
    stage = ReadingStage.objects.filter(scheme=toe_by_toe).order_by("number").first()
    response = client_for(coordinator).post(reverse("support:stage_rename", args=[stage.pk]), {"name": " "})
    assert "Enter the stage" in response.content.decode()
    stage.refresh_from_db()
    assert stage.name == "Stage 1"


def test_a_scheme_that_is_not_kept_is_404(client_for, outsider, establishment, toe_by_toe, schemes):
    stage = ReadingStage.objects.filter(scheme=toe_by_toe).order_by("number").first()
    other = UserFactory(username="othercoord", role=Role.SCHEME_COORDINATOR, establishments=[establishment])
    for user in (outsider, other):
        assert client_for(user).get(reverse("support:scheme_stages", args=[toe_by_toe.pk])).status_code == 404
        assert (
            client_for(user).post(reverse("support:stage_rename", args=[stage.pk]), {"name": "X"}).status_code
            == 404
        )
    listeners = schemes["listeners"]
    assert client_for(outsider).get(reverse("support:scheme_stages", args=[listeners.pk])).status_code == 404
    stage.refresh_from_db()
    assert stage.name == "Stage 1"

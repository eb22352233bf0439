"""The pairs list: the open pairs of the schemes the user keeps, with their last four weeks of
sessions; the ended ones behind a filter; nothing of a scheme they do not keep or another prison."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from support import services
from support.models import NotHeld
from support.views.staff import PAIRS_PER_PAGE
from tests.concerns.helpers import in_role
from tests.factories import PeerWorkerFactory, UserFactory
from tests.support.office_world import *  # noqa: F403  the fixtures
from tests.support.office_world import make_pair

URL = reverse("support:pair_list")
# The signed-in request, the navigation, the schemes kept, the count and the page: for one pair or many.
QUERIES = 8


def test_it_lists_the_open_pairs_with_their_recent_sessions(client_for, coordinator, pair, mentor):
    today = timezone.localdate()
    services.session_record(pair=pair, on=today - timedelta(days=2), held=True, minutes=30, by_worker=mentor)
    services.session_record(
        pair=pair,
        on=today - timedelta(days=1),
        held=False,
        not_held_because=NotHeld.NO_SPACE,
        by_worker=mentor,
    )
    response = client_for(coordinator).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Calum Hart" in html and "Kyle Moss" in html and "A wing" in html
    assert "1 held" in html and "1 not held" in html
    assert f"{today - timedelta(days=1):%-d %b %Y}" in html
    assert reverse("support:pair_detail", args=[pair.pk]) in html
    assert "1 open pair" in html


def test_ended_pairs_are_behind_the_filter(client_for, coordinator, pair):
    services.pair_end(pair=pair, reason="completed", actor=coordinator)
    assert "0 open pairs" in client_for(coordinator).get(URL).content.decode()
    html = client_for(coordinator).get(URL, {"show": "ended"}).content.decode()
    assert "1 ended pair" in html and "Completed" in html


def test_a_coordinator_who_does_not_lead_the_scheme_sees_no_pairs(client_for, pair, establishment):
    other = UserFactory(username="othercoord", role=Role.SCHEME_COORDINATOR, establishments=[establishment])
    html = client_for(other).get(URL).content.decode()
    assert "Kyle Moss" not in html and 'data-testid="no-schemes"' in html


def test_another_prisons_staff_see_none_and_a_wing_officer_is_refused(
    client_for, outsider, wing_officer, pair
):
    assert "Kyle Moss" not in client_for(outsider).get(URL).content.decode()
    assert client_for(wing_officer).get(URL).status_code == 403


def test_the_query_count_does_not_grow_with_the_pairs(
    client_for, manager, toe_by_toe, pair, establishment, coordinator, django_assert_num_queries
):
    client = client_for(manager)
    with django_assert_num_queries(QUERIES):
        assert client.get(URL).status_code == 200
    for number in range(3):
        mentor = PeerWorkerFactory(establishment=establishment, prison_number=f"A31{number}0AA")
        in_role(worker=mentor, scheme=toe_by_toe, actor=coordinator)
        learner = PeerWorkerFactory(establishment=establishment, prison_number=f"A32{number}0AA")
        new = make_pair(toe_by_toe, mentor, learner, coordinator)
        services.session_record(pair=new, on=timezone.localdate(), held=True, minutes=15, actor=coordinator)
    with django_assert_num_queries(QUERIES):
        assert "4 open pairs" in client.get(URL).content.decode()


def test_more_pairs_than_a_page_are_paged_and_page_two_shows_the_rest(
    client_for, manager, toe_by_toe, pair, establishment, coordinator
):
    for number in range(PAIRS_PER_PAGE):
        mentor = PeerWorkerFactory(establishment=establishment, prison_number=f"M{number:04d}AA")
        in_role(worker=mentor, scheme=toe_by_toe, actor=coordinator)
        learner = PeerWorkerFactory(establishment=establishment, prison_number=f"L{number:04d}AA")
        make_pair(toe_by_toe, mentor, learner, coordinator)
    client = client_for(manager)

    first = client.get(URL).content.decode()
    second = client.get(URL, {"page": 2})

    total = PAIRS_PER_PAGE + 1
    assert f"{total} open pairs" in first
    assert 'class="govuk-pagination"' in first
    assert f"Showing <b>1</b> to <b>{PAIRS_PER_PAGE}</b> of <b>{total}</b>" in first
    assert len(second.context["page"].object_list) == 1
    assert f"Showing <b>{total}</b> to <b>{total}</b> of <b>{total}</b>" in second.content.decode()

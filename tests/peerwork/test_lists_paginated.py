"""Every list that grows with time is paginated, costs the same queries at any size, and keeps its
filters in its pagination links.

The registry names each such list page: its address, a role that sees it, how to make N rows of it
at one establishment, filters that still match every row made, and the queries the page costs
(pinned at two sizes: a page and one row, and three pages). Lists that do not grow with time
(schemes, wings, staff, wing kiosks, contracts ending in the next weeks, the rota's Listeners, the
PIN list of those in role now) are bounded by the prison's size and stay on one page.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from flags.models import Flag
from rota.models import CallOut
from schemes.models import Application, Contract, Movement, PeerWorker, SupervisionMeeting
from schemes.selectors import scheme_current_role
from tests.factories import PeerWorkerFactory

pytestmark = pytest.mark.django_db

PAGE_SIZE = 50
SIZES = [PAGE_SIZE + 1, 3 * PAGE_SIZE]
NAME = "Pagetest"  # every row's person is called this, so that a name search matches them all


@dataclass
class World:
    establishment: object
    other_establishment: object
    wing: object
    scheme: object
    coordinator: object
    manager: object

    def people(self, n: int, establishment=None) -> list[PeerWorker]:
        return [
            PeerWorkerFactory(
                establishment=establishment or self.establishment,
                location=self.wing,
                last_name=f"{NAME}{i:03d}",
            )
            for i in range(n)
        ]


@dataclass(frozen=True)
class ListPage:
    url_name: str
    role: str
    make: Callable[[World, int], object]
    filters: Callable[[World], dict[str, object]]
    queries: int

    def __str__(self) -> str:
        return self.url_name


def _workers(world: World, n: int) -> None:
    world.people(n)


def _applications(world: World, n: int) -> None:
    today = timezone.localdate()
    Application.objects.bulk_create(
        Application(worker=person, scheme=world.scheme, received_on=today, created_by=world.coordinator)
        for person in world.people(n)
    )


def _contracts(world: World, n: int) -> None:
    today, role = timezone.localdate(), scheme_current_role(scheme=world.scheme)
    Contract.objects.bulk_create(
        Contract(
            worker=person,
            scheme=world.scheme,
            role_description=role,
            start_date=today,
            end_date=today + timedelta(days=180),
            issued_by=world.coordinator,
            issued_at=timezone.now(),
        )
        for person in world.people(n)
    )


def _meetings(world: World, n: int) -> None:
    now = timezone.now()
    SupervisionMeeting.objects.bulk_create(
        SupervisionMeeting(
            scheme=world.scheme, starts_at=now - timedelta(days=i + 1), created_by=world.coordinator
        )
        for i in range(n)
    )


def _callouts(world: World, n: int) -> None:
    listener = world.people(1)[0]
    now = timezone.now()
    CallOut.objects.bulk_create(
        CallOut(
            establishment=world.establishment,
            location=world.wing,
            listener=listener,
            requested_at=now - timedelta(hours=i + 1),
            requested_by=CallOut.RequestedBy.OFFICER,
            started_at=now - timedelta(hours=i + 1),
            ended_at=now - timedelta(hours=i + 1) + timedelta(minutes=30),
            recorded_by=world.manager,
            recorded_at=now,
        )
        for i in range(n)
    )


def _flags(world: World, n: int) -> None:
    Flag.objects.bulk_create(
        Flag(
            kind=Flag.Kind.NO_LEAD,
            key=f"pagetest:{i}",
            establishment=world.establishment,
            scheme=world.scheme,
            severity=Flag.Severity.choices[0][0],
            summary=f"Flag {i}",
            opened_at=timezone.now() - timedelta(hours=i),
        )
        for i in range(n)
    )


def _moved(world: World, n: int) -> None:
    now = timezone.now()
    Movement.objects.bulk_create(
        Movement(
            worker=person,
            from_establishment=world.establishment,
            to_establishment=world.other_establishment,
            moved_at=now - timedelta(days=i + 1),
            how=Movement.How.TRANSFER,
            recorded_by=world.manager,
        )
        for i, person in enumerate(world.people(n, establishment=world.other_establishment))
    )


REGISTRY = [
    ListPage("schemes:worker_list", "manager", _workers, lambda w: {"q": NAME}, 8),
    ListPage("schemes:application_pipeline", "manager", _applications, lambda w: {"scheme": w.scheme.pk}, 7),
    ListPage("schemes:contract_list", "manager", _contracts, lambda w: {"scheme": w.scheme.pk}, 6),
    ListPage(
        "schemes:meeting_list",
        "wing_officer",
        _meetings,
        lambda w: {"scheme": w.scheme.pk, "status": SupervisionMeeting.Status.SCHEDULED},
        9,  # a wing officer: refused some navigation items, their permissions are looked up (2)
    ),
    ListPage("listeners:callout_list", "manager", _callouts, lambda w: {"wing": w.wing.pk}, 6),
    ListPage("flags:flag_list", "manager", _flags, lambda w: {"scheme": w.scheme.pk}, 6),
    ListPage("schemes:moved_list", "manager", _moved, lambda w: {"q": NAME}, 5),
]


@pytest.fixture
def world(establishment, other_establishment, wing, listeners, coordinator, manager) -> World:
    return World(establishment, other_establishment, wing, listeners, coordinator, manager)


@pytest.fixture
def open_as(request, client_for):
    def sign_in(listed: ListPage):
        return client_for(request.getfixturevalue(listed.role))

    return sign_in


@pytest.mark.parametrize("listed", REGISTRY, ids=str)
def test_it_shows_govuk_pagination_and_page_two_shows_the_rest(listed, world, open_as):
    listed.make(world, PAGE_SIZE + 1)
    client = open_as(listed)
    first = client.get(reverse(listed.url_name))
    body = first.content.decode()
    count = first.context["page"].paginator.count
    assert count > PAGE_SIZE
    assert 'class="govuk-pagination"' in body
    assert 'aria-current="page"' in body
    assert f"Showing <b>1</b> to <b>{PAGE_SIZE}</b> of <b>{count}</b>" in body
    second = client.get(reverse(listed.url_name), {"page": 2})
    assert len(second.context["page"].object_list) == count - PAGE_SIZE
    assert f"Showing <b>{PAGE_SIZE + 1}</b> to <b>{count}</b> of <b>{count}</b>" in second.content.decode()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("listed", REGISTRY, ids=str)
def test_the_page_costs_the_same_queries_at_any_size(listed, size, world, open_as, django_assert_num_queries):
    listed.make(world, size)
    client = open_as(listed)
    client.get(reverse(listed.url_name))  # the session settles on the first visit
    with django_assert_num_queries(listed.queries):
        response = client.get(reverse(listed.url_name))
    assert response.context["page"].paginator.count >= size


@pytest.mark.parametrize("listed", REGISTRY, ids=str)
def test_the_filters_survive_into_the_pagination_links(listed, world, open_as):
    listed.make(world, PAGE_SIZE + 1)
    filters = listed.filters(world)
    response = open_as(listed).get(reverse(listed.url_name), filters)
    assert response.context["page"].paginator.count > PAGE_SIZE, "the filters match every row made"
    next_page = f"?{urlencode({**filters, 'page': 2})}".replace("&", "&amp;")
    assert f'href="{next_page}" rel="next"' in response.content.decode()

"""The peer workers list's filters: custody (in custody here by default), in a role, scheme, wing
and the search, kept in the address, carried to the next page and to the CSV download."""

import pytest
from django.urls import reverse
from django.utils import timezone

from schemes.models import PeerWorker
from schemes.services import contracts as contract_services
from tests.downloads import csv_dicts
from tests.factories import LocationFactory, PeerWorkerFactory

LIST = reverse("schemes:worker_list")
CSV = reverse("schemes:worker_list_csv")
Custody = PeerWorker.CustodyStatus

# The session, the user, their establishment and the navigation (as on every page), the scheme and
# wing chosen (checked to be this prison's), the two select boxes' choices, then the count, the
# page's people and their open contracts: however many people there are.
FILTERED_WORKER_LIST_QUERIES = 10


def _names(response) -> list[str]:
    return [worker.last_name for worker in response.context["workers"]]


@pytest.fixture
def b_wing(establishment):
    return LocationFactory(establishment=establishment, name="B wing")


@pytest.fixture
def people(establishment, wing, b_wing, listeners, buddies, coordinator, manager):
    """Ellis in a Listener role on A wing; Brook awaiting signature on Buddies on B wing; Cole on
    B wing with no contract; Dunn released; Eade transferred out."""
    today = timezone.localdate()
    ellis = PeerWorkerFactory(
        establishment=establishment,
        location=wing,
        first_name="Ryan",
        last_name="Ellis",
        prison_number="Z1234BC",
    )
    contract = contract_services.contract_issue(
        worker=ellis, scheme=listeners, actor=coordinator, start_date=today
    )
    contract_services.contract_sign(
        contract=contract, signed_on=today, witnessed_by=coordinator, actor=coordinator
    )
    brook = PeerWorkerFactory(
        establishment=establishment,
        location=b_wing,
        first_name="Sam",
        last_name="Brook",
        prison_number="B2345CD",
    )
    contract_services.contract_issue(worker=brook, scheme=buddies, actor=manager, start_date=today)
    PeerWorkerFactory(
        establishment=establishment,
        location=b_wing,
        first_name="Tom",
        last_name="Cole",
        prison_number="C3456DE",
    )
    PeerWorkerFactory(
        establishment=establishment,
        location=wing,
        first_name="Jo",
        last_name="Dunn",
        custody_status=Custody.RELEASED,
    )
    PeerWorkerFactory(
        establishment=establishment,
        location=wing,
        first_name="Al",
        last_name="Eade",
        custody_status=Custody.TRANSFERRED_OUT,
    )


# --- Each filter narrows what staff see ------------------------------------------------------


def test_the_list_shows_the_people_in_custody_here_by_default(client_for, wing_officer, people):
    response = client_for(wing_officer).get(LIST)
    assert _names(response) == ["Brook", "Cole", "Ellis"]
    assert "3 people, by last name" in response.content.decode()


@pytest.mark.parametrize(
    ("custody", "names"),
    [
        ("released", ["Dunn"]),
        ("transferred_out", ["Eade"]),
        ("", ["Brook", "Cole", "Dunn", "Eade", "Ellis"]),
    ],
)
def test_released_transferred_or_anyone_can_be_chosen(client_for, wing_officer, people, custody, names):
    assert _names(client_for(wing_officer).get(LIST, {"custody": custody})) == names


def test_in_a_role_means_an_active_or_suspended_contract_here(client_for, wing_officer, people):
    client = client_for(wing_officer)
    assert _names(client.get(LIST, {"in_role": "yes"})) == ["Ellis"]
    assert _names(client.get(LIST, {"in_role": "no"})) == ["Brook", "Cole"]


def test_a_scheme_shows_who_holds_an_open_contract_on_it(
    client_for, wing_officer, people, listeners, buddies
):
    client = client_for(wing_officer)
    assert _names(client.get(LIST, {"scheme": listeners.pk})) == ["Ellis"]
    assert _names(client.get(LIST, {"scheme": buddies.pk})) == ["Brook"]
    # Holding Buddies' contract but not in the role yet: awaiting their signature.
    assert _names(client.get(LIST, {"scheme": buddies.pk, "in_role": "no"})) == ["Brook"]
    assert _names(client.get(LIST, {"scheme": buddies.pk, "in_role": "yes"})) == []


def test_a_wing_shows_who_lives_there(client_for, wing_officer, people, wing, b_wing):
    client = client_for(wing_officer)
    assert _names(client.get(LIST, {"wing": b_wing.pk})) == ["Brook", "Cole"]
    assert _names(client.get(LIST, {"wing": wing.pk, "custody": ""})) == ["Dunn", "Eade", "Ellis"]


@pytest.mark.parametrize(
    ("term", "names"),
    [
        ("z1234bc", ["Ellis"]),
        ("B23", ["Brook"]),
        ("c3456de", ["Cole"]),
        ("roo", ["Brook"]),
        ("ELL", ["Ellis"]),
    ],
)
def test_a_search_finds_a_prison_number_its_start_or_part_of_a_name(
    client_for, wing_officer, people, term, names
):
    assert _names(client_for(wing_officer).get(LIST, {"q": term})) == names


def test_a_search_finds_a_first_name_too(client_for, wing_officer, establishment):
    PeerWorkerFactory(establishment=establishment, first_name="Marcus", last_name="Hale")
    PeerWorkerFactory(establishment=establishment, first_name="Dean", last_name="Hill")
    assert _names(client_for(wing_officer).get(LIST, {"q": "arcu"})) == ["Hale"]


def test_the_filters_combine(client_for, wing_officer, people, b_wing):
    response = client_for(wing_officer).get(LIST, {"wing": b_wing.pk, "in_role": "no", "q": "col"})
    assert _names(response) == ["Cole"]
    assert "1 person, by last name" in response.content.decode()


def test_the_form_shows_the_filters_chosen(client_for, wing_officer, people, b_wing):
    body = client_for(wing_officer).get(LIST, {"wing": b_wing.pk, "custody": "released"}).content.decode()
    assert f'<option value="{b_wing.pk}" selected>B wing</option>' in body
    assert '<option value="released" selected>Released</option>' in body


# --- Another prison's schemes and wings, and bad values -------------------------------------


def test_another_prisons_scheme_or_wing_is_refused_with_a_message(
    client_for, outsider, people, listeners, b_wing, other_worker
):
    client = client_for(outsider)
    for params in ({"scheme": listeners.pk}, {"wing": b_wing.pk}):
        response = client.get(LIST, params)
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
        assert _names(response) == [other_worker.last_name]
        assert "B2345CD" not in response.content.decode()


def test_another_prisons_schemes_and_wings_are_not_offered(client_for, outsider, people, listeners, b_wing):
    body = client_for(outsider).get(LIST).content.decode()
    assert f'<option value="{listeners.pk}"' not in body
    assert f'<option value="{b_wing.pk}"' not in body


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 10_000},
        {"custody": "escaped"},
        {"in_role": "maybe"},
        {"scheme": "99999999999999999999"},
        {"scheme": "-1"},
        {"wing": "999999"},
        {"wing": "B wing"},
    ],
)
def test_a_bad_value_is_refused_with_a_message_and_gives_no_download(client_for, manager, people, params):
    client = client_for(manager)
    response = client.get(LIST, params)
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-message" in body
    assert 'data-testid="worker-download"' not in body
    # The download does not run a filter the page refuses: it sends staff back to the page.
    download = client.get(CSV, params)
    assert download.status_code == 302
    assert download["Location"].startswith(LIST)


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"q": "Cole\x00"}, ["Cole"]),  # control characters are taken out of every request
        ({"in_role": "\x00"}, ["Brook", "Cole", "Ellis"]),
        ({"page": "\x00"}, ["Brook", "Cole", "Ellis"]),
        ({"page": "99999"}, ["Brook", "Cole", "Ellis"]),
        ({"page": "-3"}, ["Brook", "Cole", "Ellis"]),
    ],
)
def test_a_value_that_means_nothing_is_ignored(client_for, manager, people, params, names):
    response = client_for(manager).get(LIST, params)
    assert response.status_code == 200
    assert _names(response) == names


# --- Paging and the download keep the filters -----------------------------------------------


def test_the_list_is_paged_and_the_next_page_keeps_the_filters(
    client_for, manager, establishment, wing, b_wing
):
    for n in range(55):
        PeerWorkerFactory(establishment=establishment, location=b_wing, last_name=f"Person{n:02d}")
    for n in range(5):
        PeerWorkerFactory(establishment=establishment, location=wing, last_name=f"Person{n:02d}A")
    client = client_for(manager)
    first = client.get(LIST, {"wing": b_wing.pk})
    assert len(first.context["workers"]) == 50
    assert f'href="?wing={b_wing.pk}&amp;page=2"' in first.content.decode()
    second = client.get(LIST, {"wing": b_wing.pk, "page": 2})
    assert _names(second) == [f"Person{n:02d}" for n in range(50, 55)]
    assert "55 people, by last name" in second.content.decode()


def test_the_download_carries_the_filters(client_for, manager, people, b_wing):
    client = client_for(manager)
    page = client.get(LIST, {"wing": b_wing.pk, "in_role": "no", "page": 1})
    assert f'href="{CSV}?wing={b_wing.pk}&amp;in_role=no"' in page.content.decode()
    rows = csv_dicts(client.get(CSV, {"wing": b_wing.pk, "in_role": "no"}))
    assert [row["Last name"] for row in rows] == ["Brook", "Cole"]
    assert [row["Last name"] for row in csv_dicts(client.get(CSV, {"custody": "released"}))] == ["Dunn"]


# --- Queries ------------------------------------------------------------------------------------


def test_the_query_count_of_a_filtered_page_does_not_grow_with_rows(
    client_for, manager, establishment, wing, listeners, coordinator, django_assert_num_queries
):
    def add(count):
        for n in range(count):
            person = PeerWorkerFactory(establishment=establishment, location=wing, last_name=f"Tester{n}")
            contract_services.contract_issue(
                worker=person, scheme=listeners, actor=coordinator, start_date=timezone.localdate()
            )

    client = client_for(manager)
    filters = {"scheme": listeners.pk, "wing": wing.pk, "in_role": "no", "q": "tester"}
    add(3)
    with django_assert_num_queries(FILTERED_WORKER_LIST_QUERIES):
        assert len(client.get(LIST, filters).context["workers"]) == 3
    add(30)
    with django_assert_num_queries(FILTERED_WORKER_LIST_QUERIES):
        assert len(client.get(LIST, filters).context["workers"]) == 33

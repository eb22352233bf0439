"""The peer workers list's CSV: everyone the search matches, every page, with their open contracts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from schemes.services import contracts as contract_services
from tests.downloads import csv_dicts, csv_rows
from tests.factories import PeerWorkerFactory

LIST = reverse("schemes:worker_list")
CSV = reverse("schemes:worker_list_csv")
HEADER = [
    "Prison number",
    "Last name",
    "First name",
    "Wing or unit",
    "Cell",
    "IEP level",
    "Earliest release date",
    "Custody",
    "Open contracts",
]

# The session, the user and their establishment (as on every page), then the people, then their
# open contracts: however many people there are.
WORKERS_CSV_QUERIES = 5


def test_the_csv_has_each_persons_record_and_open_contracts(
    client_for, coordinator, worker, active_contract, buddies, establishment
):
    worker.cell = "2-14"
    worker.save()
    contract_services.contract_issue(
        worker=worker, scheme=buddies, actor=coordinator, start_date=timezone.localdate()
    )
    response = client_for(coordinator).get(CSV)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="peer-workers-alp-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    rows = csv_rows(response)
    assert rows[0] == HEADER
    assert rows[1] == [
        "A1234BC",
        "Ellis",
        "Ryan",
        "A wing",
        "2-14",
        "Enhanced",
        worker.earliest_release_date.isoformat(),
        "In custody",
        "Buddies (awaiting signature); Listeners (active)",
    ]


def test_the_search_carries_over_and_every_page_is_in_the_file(client_for, manager, establishment, wing):
    for n in range(55):
        PeerWorkerFactory(establishment=establishment, location=wing, last_name=f"Jones{n:02d}")
    PeerWorkerFactory(establishment=establishment, location=wing, last_name="Smith")
    client = client_for(manager)

    page = client.get(LIST, {"q": "jones"})
    assert len(page.context["workers"]) == 50
    assert f'href="{CSV}?q=jones"' in page.content.decode()

    people = csv_dicts(client.get(CSV, {"q": "jones"}))
    assert [person["Last name"] for person in people] == [f"Jones{n:02d}" for n in range(55)]
    assert len(csv_dicts(client.get(CSV))) == 56


def test_a_search_with_characters_a_link_must_escape_is_kept(client_for, manager, worker):
    body = client_for(manager).get(LIST, {"q": "Ellis & co"}).content.decode()
    assert f'href="{CSV}?q=Ellis+%26+co"' in body


def test_another_prisons_people_never_appear(client_for, manager, worker, other_worker, outsider):
    numbers = [row["Prison number"] for row in csv_dicts(client_for(manager).get(CSV))]
    assert numbers == [worker.prison_number]
    theirs = [row["Prison number"] for row in csv_dicts(client_for(outsider).get(CSV))]
    assert theirs == [other_worker.prison_number]


def test_a_name_a_spreadsheet_would_run_is_shown_as_text(client_for, manager, establishment):
    PeerWorkerFactory(establishment=establishment, last_name="=HYPERLINK(1)", first_name="@SUM(A1)")
    person = csv_dicts(client_for(manager).get(CSV))[0]
    assert (person["Last name"], person["First name"]) == ("'=HYPERLINK(1)", "'@SUM(A1)")


@pytest.mark.parametrize(
    "user", ["manager", "safer_custody_officer", "coordinator", "wing_officer", "system_admin"]
)
def test_every_member_of_staff_who_sees_the_list_may_download_it(request, client_for, user):
    assert client_for(request.getfixturevalue(user)).get(CSV).status_code == 200


def test_nobody_signed_in_is_sent_to_sign_in(client):
    response = client.get(CSV)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_query_count_does_not_grow_with_rows(
    client_for, manager, establishment, wing, listeners, coordinator, django_assert_num_queries
):
    def add(count):
        for _ in range(count):
            person = PeerWorkerFactory(establishment=establishment, location=wing)
            contract_services.contract_issue(
                worker=person, scheme=listeners, actor=coordinator, start_date=timezone.localdate()
            )

    client = client_for(manager)
    add(2)
    with CaptureQueriesContext(connection) as few:
        assert len(csv_rows(client.get(CSV))) == 3
    add(25)
    with CaptureQueriesContext(connection) as many:
        assert len(csv_rows(client.get(CSV))) == 28
    assert len(few) == len(many) == WORKERS_CSV_QUERIES

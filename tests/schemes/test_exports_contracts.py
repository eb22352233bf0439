"""The contracts list (filters, pages) and its CSV: exactly the filtered rows, on every page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from schemes.services import contracts as contract_services
from schemes.views import contract_list as contract_list_view
from tests.downloads import csv_dicts, csv_rows
from tests.factories import PeerWorkerFactory

LIST = reverse("schemes:contract_list")
CSV = reverse("schemes:contract_list_csv")
HEADER = [
    "Person",
    "Prison number",
    "Scheme",
    "Role version",
    "Start",
    "End",
    "Status",
    "Signed on",
    "Weekly pay (£)",
    "Ended on",
    "End reason",
]
# The session, the user and their establishment (as on every page), the schemes the filter offers
# (to check the one chosen), then the contracts with their people, schemes and role versions.
CONTRACTS_CSV_QUERIES = 5
# The page: the same, the count of matching contracts for its pages, and the schemes for its box.
CONTRACTS_PAGE_QUERIES = 7


def _today():
    return timezone.localdate()


@pytest.fixture
def buddy_contract(buddies, establishment, wing, coordinator):
    """Dee Okafor's paid Buddies contract, issued today for three months and not signed yet."""
    person = PeerWorkerFactory(
        establishment=establishment,
        location=wing,
        first_name="Dee",
        last_name="Okafor",
        prison_number="B2345CD",
    )
    return contract_services.contract_issue(
        worker=person,
        scheme=buddies,
        actor=coordinator,
        start_date=_today(),
        end_date=_today() + timedelta(days=91),
        weekly_pay_pence=960,
    )


@pytest.fixture
def ended_contract(listeners, establishment, wing, coordinator):
    """Sam Jones's Listener contract, dismissed today for security."""
    person = PeerWorkerFactory(
        establishment=establishment,
        location=wing,
        first_name="Sam",
        last_name="Jones",
        prison_number="C3456DE",
    )
    contract = contract_services.contract_issue(
        worker=person, scheme=listeners, actor=coordinator, start_date=_today() - timedelta(days=30)
    )
    contract_services.contract_sign(
        contract=contract,
        signed_on=_today() - timedelta(days=30),
        witnessed_by=coordinator,
        actor=coordinator,
    )
    return contract_services.contract_end(
        contract=contract,
        reason="dismissed",
        dismissal_reason="security",
        ended_on=_today(),
        actor=coordinator,
    )


@pytest.fixture
def contracts(active_contract, buddy_contract, ended_contract):
    return {"active": active_contract, "buddy": buddy_contract, "ended": ended_contract}


def _people(response) -> list[str]:
    return [row["Person"] for row in csv_dicts(response)]


# --- The page ---------------------------------------------------------------------------------------


def test_the_list_shows_open_contracts_ending_soonest_first(client_for, coordinator, contracts):
    response = client_for(coordinator).get(LIST)
    assert response.status_code == 200
    assert list(response.context["contracts"]) == [contracts["buddy"], contracts["active"]]
    body = response.content.decode()
    assert "Okafor, Dee" in body and "£9.60" in body and "Jones, Sam" not in body
    assert f'href="{CSV}?status=open"' not in body  # nothing chosen: the address is the plain one
    assert f'href="{CSV}"' in body


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"status": ""}, ["buddy", "ended", "active"]),
        ({"status": "ended"}, ["ended"]),
        ({"status": "awaiting_signature"}, ["buddy"]),
        ({"scheme": "listeners", "status": ""}, ["ended", "active"]),
        ({"q": "okafor"}, ["buddy"]),
        ({"q": "a1234bc"}, ["active"]),
        ({"ends_before": "in 100 days"}, ["buddy"]),
        ({"ends_after": "in 100 days"}, ["active"]),
    ],
)
def test_the_filters_choose_the_rows_and_the_csv_has_the_same(
    client_for, coordinator, contracts, schemes, filters, expected
):
    query = dict(filters)
    if "scheme" in query:
        query["scheme"] = schemes[query["scheme"]].pk
    for name in ("ends_before", "ends_after"):
        if name in query:
            query[name] = f"{_today() + timedelta(days=100):%d/%m/%Y}"
    client = client_for(coordinator)
    page = client.get(LIST, query)
    assert list(page.context["contracts"]) == [contracts[name] for name in expected]
    assert _people(client.get(CSV, query)) == [
        f"{contracts[name].worker.last_name}, {contracts[name].worker.first_name}" for name in expected
    ]


def test_the_download_link_keeps_the_filters_and_drops_the_page(client_for, coordinator, contracts, schemes):
    listeners = schemes["listeners"].pk
    body = (
        client_for(coordinator).get(LIST, {"scheme": listeners, "status": "", "page": "1"}).content.decode()
    )
    assert f'href="{CSV}?scheme={listeners}&amp;status="' in body


def test_the_csv_has_every_page(client_for, coordinator, contracts, monkeypatch):
    monkeypatch.setattr(contract_list_view, "CONTRACTS_PER_PAGE", 1)
    client = client_for(coordinator)
    assert len(client.get(LIST, {"status": ""}).context["contracts"]) == 1
    assert len(csv_dicts(client.get(CSV, {"status": ""}))) == 3


def test_the_csv_columns(client_for, coordinator, contracts):
    rows = csv_rows(client_for(coordinator).get(CSV, {"status": ""}))
    assert rows[0] == HEADER
    buddy, active = contracts["buddy"], contracts["active"]
    assert rows[1] == [
        "Okafor, Dee",
        "B2345CD",
        "Buddies",
        str(buddy.role_description.version),
        _today().isoformat(),
        (_today() + timedelta(days=91)).isoformat(),
        "Awaiting signature",
        "",
        "9.60",
        "",
        "",
    ]
    assert rows[2][6:] == [
        "Ended",
        (_today() - timedelta(days=30)).isoformat(),
        "0.00",
        _today().isoformat(),
        "Dismissed: Security",
    ]
    assert rows[3][:3] == ["Ellis, Ryan", "A1234BC", "Listeners"]
    assert rows[3][4:8] == [
        active.start_date.isoformat(),
        active.end_date.isoformat(),
        "Active",
        active.signed_on.isoformat(),
    ]


def test_a_filter_the_page_refuses_gives_no_file_but_the_page_with_its_error(
    client_for, coordinator, contracts
):
    client = client_for(coordinator)
    response = client.get(CSV, {"ends_after": "31/02/2027"})
    assert response.status_code == 302
    page = client.get(response["Location"])
    body = page.content.decode()
    assert "Enter a real date" in body
    assert 'data-testid="contract-download"' not in body


def test_a_scheme_of_another_prison_is_not_a_choice(
    client_for, coordinator, contracts, outsider, other_establishment
):
    from schemes.services.schemes import scheme_presets_ensure

    scheme_presets_ensure(establishment=other_establishment, actor=outsider)
    theirs = other_establishment.schemes.first()
    response = client_for(coordinator).get(CSV, {"scheme": theirs.pk})
    assert response.status_code == 302


def test_another_prisons_contracts_never_appear(client_for, outsider, contracts):
    assert _people(client_for(outsider).get(CSV, {"status": ""})) == []
    assert list(client_for(outsider).get(LIST, {"status": ""}).context["contracts"]) == []


@pytest.mark.parametrize("url", [LIST, CSV])
@pytest.mark.parametrize("user", ["manager", "safer_custody_officer", "coordinator", "system_admin"])
def test_those_who_manage_contracts_may_open_it(request, client_for, url, user):
    assert client_for(request.getfixturevalue(user)).get(url).status_code == 200


@pytest.mark.parametrize("url", [LIST, CSV])
def test_a_wing_officer_is_refused(client_for, wing_officer, url):
    assert client_for(wing_officer).get(url).status_code == 403


def test_the_navigation_offers_it_next_to_contracts_ending(client_for, coordinator):
    from accounts.navigation import sections_for

    people = next(s for s in sections_for(user=coordinator) if s["heading"] == "Peer workers and schemes")
    labels = [item["label"] for item in people["items"]]
    assert labels.index("Contracts") + 1 == labels.index("Contracts ending")


@pytest.mark.parametrize(("url", "expected"), [(LIST, CONTRACTS_PAGE_QUERIES), (CSV, CONTRACTS_CSV_QUERIES)])
def test_the_query_count_does_not_grow_with_rows(
    client_for, manager, establishment, wing, listeners, coordinator, url, expected
):
    def add(count):
        for _ in range(count):
            person = PeerWorkerFactory(establishment=establishment, location=wing)
            contract_services.contract_issue(
                worker=person, scheme=listeners, actor=coordinator, start_date=_today()
            )

    client = client_for(manager)
    query = {"scheme": listeners.pk, "status": ""}

    def shown() -> int:
        response = client.get(url, query)
        return len(csv_rows(response)) - 1 if url == CSV else len(response.context["contracts"])

    add(2)
    with CaptureQueriesContext(connection) as few:
        assert shown() == 2
    add(25)
    with CaptureQueriesContext(connection) as many:
        assert shown() == 27
    assert len(few) == len(many) == expected

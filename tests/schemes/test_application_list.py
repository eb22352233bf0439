"""The applications list: in progress by default (oldest first), filtered by scheme, stage and name
or prison number, kept in the address and carried from page to page, under how many applications
wait at each stage."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from schemes.services import applications as services
from tests.factories import PeerWorkerFactory

LIST = reverse("schemes:application_pipeline")

# The session, the user, their establishment and the navigation (as on every page), the scheme
# box's choices, the count, the page's applications with their person and scheme, and the counts at
# each stage: however many applications there are. A scheme chosen is one more (checked to be this
# prison's).
APPLICATION_LIST_QUERIES = 7
FILTERED_APPLICATION_LIST_QUERIES = 8


def _names(response) -> list[str]:
    return [application.worker.last_name for application in response.context["applications"]]


def _days_ago(days: int):
    return timezone.localdate() - timedelta(days=days)


@pytest.fixture
def applications(establishment, listeners, buddies, coordinator, manager):
    """Adams waiting 30 days for Listeners (received), Baker 20 days at Buddies' checks, Clark 10
    days for Listeners (received), Drew declined by Listeners, Evans withdrawn from Buddies."""

    def person(last_name: str, prison_number: str):
        return PeerWorkerFactory(
            establishment=establishment, first_name="Sam", last_name=last_name, prison_number=prison_number
        )

    def apply(last_name, prison_number, scheme, days, actor):
        return services.application_create(
            worker=person(last_name, prison_number), scheme=scheme, actor=actor, received_on=_days_ago(days)
        )

    apply("Adams", "A1111AA", listeners, 30, coordinator)
    baker = apply("Baker", "B2222BB", buddies, 20, manager)
    services.application_advance(application=baker, status="checks", actor=manager)
    apply("Clark", "C3333CC", listeners, 10, coordinator)
    drew = apply("Drew", "D4444DD", listeners, 40, coordinator)
    services.application_decline(application=drew, reason="Not enough time left to serve.", actor=coordinator)
    evans = apply("Evans", "E5555EE", buddies, 5, manager)
    services.application_withdraw(application=evans, reason="Changed their mind.", actor=manager)


# --- What a coordinator works through -------------------------------------------------------------


def test_the_list_shows_applications_in_progress_waiting_longest_first(client_for, manager, applications):
    response = client_for(manager).get(LIST)
    assert _names(response) == ["Adams", "Baker", "Clark"]
    assert [application.days_waiting for application in response.context["applications"]] == [30, 20, 10]
    body = response.content.decode()
    assert "3 applications, waiting longest first" in body
    assert "Drew" not in body and "Evans" not in body


def test_the_counts_at_each_stage_link_to_that_stage(client_for, manager, applications):
    response = client_for(manager).get(LIST)
    assert [(stage["status"], stage["count"]) for stage in response.context["stages"]] == [
        ("received", 2),
        ("checks", 1),
        ("interview", 0),
    ]
    assert 'href="?status=checks"' in response.content.decode()


def test_a_stage_narrows_the_list(client_for, manager, applications):
    client = client_for(manager)
    assert _names(client.get(LIST, {"status": "received"})) == ["Adams", "Clark"]
    assert _names(client.get(LIST, {"status": "checks"})) == ["Baker"]
    assert _names(client.get(LIST, {"status": "interview"})) == []


def test_decided_and_withdrawn_applications_are_one_choice_away_newest_first(
    client_for, manager, applications
):
    client = client_for(manager)
    assert _names(client.get(LIST, {"status": "declined"})) == ["Drew"]
    assert _names(client.get(LIST, {"status": "withdrawn"})) == ["Evans"]
    every = client.get(LIST, {"status": ""})
    assert _names(every) == ["Evans", "Clark", "Baker", "Adams", "Drew"]
    assert "5 applications, newest first" in every.content.decode()
    assert every.context["applications"][0].days_waiting is None


def test_a_scheme_narrows_the_list_and_its_counts(client_for, manager, applications, listeners):
    response = client_for(manager).get(LIST, {"scheme": listeners.pk})
    assert _names(response) == ["Adams", "Clark"]
    assert response.context["scheme"] == listeners
    assert [stage["count"] for stage in response.context["stages"]] == [2, 0, 0]
    assert "Applications: Listeners" in response.content.decode()


@pytest.mark.parametrize(("term", "names"), [("b2222bb", ["Baker"]), ("C33", ["Clark"]), ("ADA", ["Adams"])])
def test_a_search_finds_a_prison_number_its_start_or_part_of_a_name(
    client_for, manager, applications, term, names
):
    assert _names(client_for(manager).get(LIST, {"q": term})) == names


def test_the_filters_combine(client_for, manager, applications, buddies):
    client = client_for(manager)
    assert _names(client.get(LIST, {"scheme": buddies.pk, "status": ""})) == ["Evans", "Baker"]
    assert _names(client.get(LIST, {"scheme": buddies.pk, "status": "", "q": "evan"})) == ["Evans"]


# --- Other prisons and bad values ---------------------------------------------------------------


def test_another_prisons_scheme_is_refused_with_a_message(client_for, outsider, applications, listeners):
    response = client_for(outsider).get(LIST, {"scheme": listeners.pk})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Select a valid choice" in body
    assert response.context["scheme"] is None
    assert _names(response) == []
    assert "A1111AA" not in body
    assert [stage["count"] for stage in response.context["stages"]] == [0, 0, 0]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 10_000},
        {"status": "lost"},
        {"scheme": "99999999999999999999"},
        {"scheme": "Listeners"},
    ],
)
def test_a_bad_value_is_refused_with_a_message(client_for, manager, applications, params):
    response = client_for(manager).get(LIST, params)
    assert response.status_code == 200
    assert "govuk-error-message" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"q": "Adams\x00"}, ["Adams"]),  # control characters are taken out of every request
        ({"status": "\x00"}, ["Evans", "Clark", "Baker", "Adams", "Drew"]),
        ({"page": "\x00"}, ["Adams", "Baker", "Clark"]),
        ({"page": "99999"}, ["Adams", "Baker", "Clark"]),
    ],
)
def test_a_value_that_means_nothing_is_ignored(client_for, manager, applications, params, names):
    response = client_for(manager).get(LIST, params)
    assert response.status_code == 200
    assert _names(response) == names


def test_a_wing_officer_may_not_see_the_list(client_for, wing_officer, applications):
    assert client_for(wing_officer).get(LIST).status_code == 403


# --- Paging and queries ---------------------------------------------------------------------------


def test_the_list_is_paged_and_the_next_page_keeps_the_filters(
    client_for, manager, establishment, listeners, buddies, coordinator
):
    for n in range(53):
        person = PeerWorkerFactory(establishment=establishment, last_name=f"Person{n:02d}")
        services.application_create(
            worker=person, scheme=listeners, actor=coordinator, received_on=_days_ago(60 - n)
        )
        services.application_create(
            worker=person, scheme=buddies, actor=manager, received_on=_days_ago(60 - n)
        )
    client = client_for(manager)
    first = client.get(LIST, {"scheme": listeners.pk})
    assert _names(first) == [f"Person{n:02d}" for n in range(50)]
    assert f'href="?scheme={listeners.pk}&amp;page=2"' in first.content.decode()
    second = client.get(LIST, {"scheme": listeners.pk, "page": 2})
    assert _names(second) == ["Person50", "Person51", "Person52"]
    assert {application.scheme for application in second.context["applications"]} == {listeners}


def test_the_query_count_does_not_grow_with_rows(
    client_for, manager, establishment, listeners, buddies, coordinator, django_assert_num_queries
):
    def add(count):
        for _ in range(count):
            person = PeerWorkerFactory(establishment=establishment)
            services.application_create(
                worker=person, scheme=listeners, actor=coordinator, received_on=_days_ago(3)
            )
            services.application_create(
                worker=person, scheme=buddies, actor=manager, received_on=_days_ago(2)
            )

    client = client_for(manager)
    add(3)
    with django_assert_num_queries(APPLICATION_LIST_QUERIES):
        assert len(client.get(LIST).context["applications"]) == 6
    with django_assert_num_queries(FILTERED_APPLICATION_LIST_QUERIES):
        assert (
            len(client.get(LIST, {"scheme": listeners.pk, "status": "received"}).context["applications"]) == 3
        )
    add(27)
    with django_assert_num_queries(APPLICATION_LIST_QUERIES):
        assert len(client.get(LIST).context["applications"]) == 50
    with django_assert_num_queries(FILTERED_APPLICATION_LIST_QUERIES):
        assert (
            len(client.get(LIST, {"scheme": listeners.pk, "status": "received"}).context["applications"])
            == 30
        )

"""The call-out pages: recording and the log (every member of staff) and archiving (safer
custody). Correcting is in test_callout_corrections."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from rota.models import CallOut
from tests.downloads import csv_dicts
from tests.factories import LocationFactory, PeerWorkerFactory, UserFactory
from tests.rota.officer_fixtures import *  # noqa: F403  the fixtures
from tests.rota.officer_fixtures import WEDNESDAY, london

THURSDAY = WEDNESDAY + timedelta(days=1)
RECORD = reverse("listeners:callout_record")
LIST = reverse("listeners:callout_list")
CSV = reverse("listeners:callout_list_csv")


@pytest.fixture
def now(time_machine):
    time_machine.move_to(london(THURSDAY, 9), tick=False)


def posted(listener, location, **changes):
    data = {
        "listener": listener.pk,
        "location": location.pk,
        "requested_by": "prisoner",
        "requested_on": "2026-11-04",
        "requested_time": "23:40",
        "started_on": "2026-11-04",
        "started_time": "23:50",
        "ended_on": "2026-11-05",
        "ended_time": "00:30",
    }
    return data | changes


@pytest.mark.parametrize(
    "user_fixture", ["wing_officer", "manager", "safer_custody_officer", "coordinator", "system_admin"]
)
def test_every_member_of_staff_can_record_a_call_out(request, client_for, wing, ellis, now, user_fixture):
    user = request.getfixturevalue(user_fixture)
    response = client_for(user).post(RECORD, posted(ellis.worker, wing))
    assert response.status_code == 302
    callout = CallOut.objects.get()
    assert (callout.listener, callout.location, callout.recorded_by) == (ellis.worker, wing, user)
    assert callout.requested_by == CallOut.RequestedBy.PRISONER
    assert callout.ended_at - callout.started_at == timedelta(minutes=40)
    assert callout.off_rota is True


def test_the_wing_officer_goes_home_with_a_plain_confirmation(client_for, wing_officer, wing, ellis, now):
    response = client_for(wing_officer).post(RECORD, posted(ellis.worker, wing), follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert (
        "Call-out recorded: Ryan Ellis, A wing, 4 November 23:50 to 00:30, off the rota."
        in response.content.decode()
    )


def test_a_call_out_ending_before_it_starts_is_shown_next_to_the_field_and_nothing_is_saved(
    client_for, wing_officer, wing, ellis, now
):
    response = client_for(wing_officer).post(RECORD, posted(ellis.worker, wing, ended_on="2026-11-04"))
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors["ended_time"] == [
        "The call-out must end after it started. If it ended after midnight, "
        "enter the next day as the date it finished."
    ]
    assert "govuk-error-summary" in body
    assert 'value="00:30"' in body and 'value="2026-11-04"' in body
    assert not CallOut.objects.exists()


def test_missing_answers_get_messages_next_to_their_fields(client_for, wing_officer, wing, ellis, now):
    response = client_for(wing_officer).post(
        RECORD, posted(ellis.worker, wing, requested_by="", started_time="")
    )
    errors = response.context["form"].errors
    assert errors["requested_by"] == ["Say who asked for the Listener."]
    assert errors["started_time"] == ["Enter the time the Listener started."]
    assert not CallOut.objects.exists()


def test_only_current_listeners_of_this_prison_can_be_chosen(
    client_for, wing_officer, wing, ellis, other_establishment, establishment, now
):
    stranger = PeerWorkerFactory(establishment=other_establishment)
    not_a_listener = PeerWorkerFactory(establishment=establishment)
    client = client_for(wing_officer)
    for person in (stranger, not_a_listener):
        response = client.post(RECORD, posted(person, wing))
        assert "listener" in response.context["form"].errors
    assert not CallOut.objects.exists()


def test_anything_else_posted_is_ignored(client_for, wing_officer, wing, ellis, now):
    client_for(wing_officer).post(RECORD, posted(ellis.worker, wing, notes="He said...", caller="A7777AA"))
    callout = CallOut.objects.get()
    assert "He said" not in str(callout.history.values())
    assert "A7777AA" not in str(CallOut.objects.values())


def test_the_listener_can_be_chosen_from_the_lookup(client_for, wing_officer, ellis, now):
    response = client_for(wing_officer).get(RECORD, {"listener": ellis.worker.pk})
    assert response.status_code == 200
    assert response.context["form"].initial["listener"] == ellis.worker.pk


def test_another_establishments_listener_is_not_found(client_for, outsider, ellis, now):
    assert client_for(outsider).get(RECORD, {"listener": ellis.worker.pk}).status_code == 404


def test_a_user_without_an_establishment_cannot_record(client_for, db):
    assert client_for(UserFactory(username="lonely")).get(RECORD).status_code == 403


def test_the_record_page_query_count_does_not_grow(
    client_for, wing_officer, make_listener, now, django_assert_num_queries
):
    client = client_for(wing_officer)
    make_listener("Jo", "Bloggs")
    client.get(RECORD)
    with django_assert_num_queries(RECORD_QUERIES):
        client.get(RECORD)
    for n in range(10):
        make_listener("Jo", f"Bloggs{n}")
    with django_assert_num_queries(RECORD_QUERIES):
        response = client.get(RECORD)
    assert response.content.decode().count("Jo Bloggs") == 11


# --- The log -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user_fixture", "status"),
    [
        ("manager", 200),
        ("safer_custody_officer", 200),
        ("coordinator", 200),
        ("system_admin", 200),
        # Changed deliberately (issue 13): wing officers read the log, to see what they recorded.
        ("wing_officer", 200),
    ],
)
def test_the_log_is_for_every_member_of_staff(
    request, client_for, ellis, make_callout, now, user_fixture, status
):
    make_callout(ellis.worker, london(WEDNESDAY, 23))
    response = client_for(request.getfixturevalue(user_fixture)).get(LIST)
    assert response.status_code == status
    if status == 200:
        assert "Ryan Ellis" in response.content.decode()


def test_the_log_shows_only_this_prisons_call_outs(client_for, outsider, ellis, make_callout, now):
    make_callout(ellis.worker, london(WEDNESDAY, 23))
    assert "Ryan Ellis" not in client_for(outsider).get(LIST).content.decode()


def test_archived_call_outs_leave_the_log_unless_asked_for(client_for, manager, ellis, make_callout, now):
    make_callout(ellis.worker, london(WEDNESDAY, 23))
    archived = make_callout(ellis.worker, london(WEDNESDAY, 12))
    CallOut.objects.filter(pk=archived.pk).update(
        archived_at=london(THURSDAY, 8), archived_by=manager, archived_reason="Twice"
    )
    client = client_for(manager)
    assert len(client.get(LIST).context["page"]) == 1
    assert len(client.get(LIST, {"archived": "1"}).context["page"]) == 2
    assert len(client.get(LIST, {"archived": "nonsense"}).context["page"]) == 1


def test_the_log_filters_by_day_and_wing_and_the_csv_follows(
    client_for, manager, ellis, make_callout, now, establishment
):
    tuesday = make_callout(ellis.worker, london(WEDNESDAY - timedelta(days=1), 22))
    wednesday = make_callout(ellis.worker, london(WEDNESDAY, 23))
    client = client_for(manager)
    one_day = {"from_day": f"{WEDNESDAY:%d/%m/%Y}", "to_day": WEDNESDAY.isoformat()}
    assert list(client.get(LIST, one_day).context["page"]) == [wednesday]
    assert list(
        client.get(LIST, {"to_day": f"{WEDNESDAY - timedelta(days=1):%d/%m/%Y}"}).context["page"]
    ) == [tuesday]
    elsewhere = LocationFactory(establishment=establishment, name="Z wing")
    assert list(client.get(LIST, {"wing": elsewhere.pk}).context["page"]) == []
    assert list(client.get(LIST, {"wing": wednesday.location.pk}).context["page"]) == [wednesday, tuesday]
    body = client.get(LIST, one_day).content.decode()
    assert f'href="{CSV}?{urlencode(one_day)}"'.replace("&", "&amp;") in body
    assert [row["Started"][:10] for row in csv_dicts(client.get(CSV, one_day))] == [WEDNESDAY.isoformat()]


def test_a_bad_filter_is_explained_and_the_csv_sends_you_back_to_it(client_for, manager, outsider):
    theirs = LocationFactory(establishment=outsider.establishments.first())
    client = client_for(manager)
    response = client.get(LIST, {"wing": theirs.pk, "to_day": "31/02/2026"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert "Enter a real date" in response.content.decode()
    assert client.get(CSV, {"wing": theirs.pk}).status_code == 302


def test_the_log_query_count_does_not_grow(
    client_for, manager, ellis, make_callout, now, django_assert_num_queries
):
    client = client_for(manager)
    make_callout(ellis.worker, london(WEDNESDAY, 23))
    client.get(LIST)
    with django_assert_num_queries(LIST_QUERIES):
        client.get(LIST)
    for hour in range(10):
        make_callout(ellis.worker, london(WEDNESDAY, hour))
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(LIST)
    assert len(response.context["page"]) == 11


# --- Archiving ----------------------------------------------------------------------------------


@pytest.fixture
def callout(ellis, make_callout, now):
    return make_callout(ellis.worker, london(WEDNESDAY, 23))


@pytest.mark.parametrize("user_fixture", ["manager", "safer_custody_officer"])
def test_safer_custody_archive_a_call_out_and_it_is_kept(request, client_for, callout, user_fixture):
    user = request.getfixturevalue(user_fixture)
    url = reverse("listeners:callout_archive", args=[callout.pk])
    page = client_for(user).get(url).content.decode()
    assert "Why it is archived (never what was said)" in page
    response = client_for(user).post(url, {"reason": "Recorded twice"})
    assert response.status_code == 302
    callout.refresh_from_db()
    assert (callout.archived_by, callout.archived_reason) == (user, "Recorded twice")


@pytest.mark.parametrize("user_fixture", ["wing_officer", "coordinator", "system_admin"])
def test_other_staff_may_not_archive(request, client_for, callout, user_fixture):
    url = reverse("listeners:callout_archive", args=[callout.pk])
    client = client_for(request.getfixturevalue(user_fixture))
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "Nope"}).status_code == 403
    callout.refresh_from_db()
    assert callout.archived_at is None


def test_another_establishments_call_out_is_not_found(client_for, outsider, callout):
    url = reverse("listeners:callout_archive", args=[callout.pk])
    assert client_for(outsider).post(url, {"reason": "Nope"}).status_code == 404
    callout.refresh_from_db()
    assert callout.archived_at is None


def test_archiving_without_a_reason_is_refused_next_to_the_field(client_for, manager, callout):
    response = client_for(manager).post(
        reverse("listeners:callout_archive", args=[callout.pk]), {"reason": ""}
    )
    assert response.context["form"].errors["reason"] == ["Say why the call-out is archived."]
    callout.refresh_from_db()
    assert callout.archived_at is None


# Every page: session, user, establishments (3); for a
# user refused any navigation item, Django's permission backend looks up their own and their
# groups' permissions once (2). The record page (a wing officer) reads the current Listeners and
# the wings (2), and, once, whether they answer for a concerns department (1: the navigation's
# flags and concerns items ask); the log (a manager, refused nothing) counts and reads one page (2)
# and lists the wings to filter by (1).
RECORD_QUERIES = 3 + 2 + 2 + 1
LIST_QUERIES = 3 + 2 + 1


def test_a_call_out_ending_before_it_starts_is_reported_with_the_other_errors_on_the_first_submit(
    client_for, wing_officer, wing, ellis, now
):
    response = client_for(wing_officer).post(
        RECORD, posted(ellis.worker, wing, requested_by="", ended_on="2026-11-04", ended_time="23:45")
    )
    errors = response.context["form"].errors
    assert errors["requested_by"] == ["Say who asked for the Listener."]
    assert errors["ended_time"][0].startswith("The call-out must end after it started.")
    assert not CallOut.objects.exists()

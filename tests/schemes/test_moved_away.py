"""The prison a peer worker left keeps what they did there, read-only, and nothing after the move;
the prison they went to does not read the staff notes that stayed behind (issue 16, item 3)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from listeners.services import callout_record
from rota.models import CallOut
from schemes import selectors
from schemes.models import Movement, SupervisionMeeting
from schemes.services import contracts as contract_services
from schemes.services import meetings as meeting_services
from schemes.services import people as people_services
from tests.factories import LocationFactory, PeerWorkerFactory

pytestmark = pytest.mark.django_db

NOTE_LEFT_HERE = "Keep away from the kitchen workers on A wing."
NOTE_THAT_TRAVELS = "Speaks Polish; reads English well."
NEW_WING = "Cedar unit"
NEW_CELL = "4-17"
NEW_NOTE = "Settled in well at Bravo."


@pytest.fixture
def cedar_unit(other_establishment):
    return LocationFactory(establishment=other_establishment, name=NEW_WING)


def _move(worker, *, to, actor, **notes) -> Movement:
    if notes:
        people_services.peer_worker_update(worker=worker, actor=actor, **notes)
    return people_services.peer_worker_transfer(worker=worker, to=to, actor=actor)


@pytest.fixture
def moved(worker, active_contract, manager, other_establishment) -> Movement:
    """Ryan Ellis, a Listener at Alpha with a staff note for Alpha only, moved to Bravo."""
    return _move(worker, to=other_establishment, actor=manager, staff_notes=NOTE_LEFT_HERE)


@pytest.fixture
def settled_at_bravo(moved, outsider, cedar_unit):
    """Bravo puts them on its Cedar unit and writes a note of its own."""
    people_services.peer_worker_update(
        worker=moved.worker, actor=outsider, location=cedar_unit, cell=NEW_CELL, staff_notes=NEW_NOTE
    )
    return moved.worker


def _moved_page(client, worker):
    return client.get(reverse("schemes:moved_detail", args=[worker.pk]))


# --- The prison they left ---------------------------------------------------------------


def test_the_prison_they_left_lists_them(client_for, manager, moved, worker):
    response = client_for(manager).get(reverse("schemes:moved_list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert list(response.context["movements"]) == [moved]
    assert reverse("schemes:moved_detail", args=[worker.pk]) in body
    assert "Ellis, Ryan" in body
    assert "HMP Bravo" in body
    assert timezone.localdate(moved.moved_at).strftime("%-d %B %Y") in body


def test_the_worker_list_links_to_the_people_who_moved(client_for, manager, establishment):
    body = client_for(manager).get(reverse("schemes:worker_list")).content.decode()
    assert reverse("schemes:moved_list") in body
    assert "People who moved to another prison" in body


def test_the_list_searches_by_prison_number_and_name(client_for, manager, moved):
    client = client_for(manager)
    url = reverse("schemes:moved_list")
    assert list(client.get(url, {"q": "a1234bc"}).context["movements"]) == [moved]
    assert list(client.get(url, {"q": "elli"}).context["movements"]) == [moved]
    assert list(client.get(url, {"q": "Nobody"}).context["movements"]) == []


def test_the_page_shows_what_they_did_here_and_the_note_left_behind(
    client_for, manager, moved, worker, active_contract
):
    response = _moved_page(client_for(manager), worker)
    body = response.content.decode()
    assert response.status_code == 200
    assert "What they did here" in body
    assert "A1234BC" in body
    assert "Ryan Ellis" in body
    assert f"Moved to HMP Bravo on {timezone.localdate(moved.moved_at).strftime('%-d %B %Y')}" in body
    assert response.context["stay"].contracts == [active_contract]
    assert "Listeners" in body
    assert active_contract.start_date.strftime("%-d %B %Y") in body
    assert "Transferred to another prison" in body
    assert NOTE_LEFT_HERE in body


def test_the_page_has_no_buttons_to_change_anything(client_for, manager, moved, worker):
    body = _moved_page(client_for(manager), worker).content.decode()
    assert "govuk-button" not in body.split("<main", 1)[1]
    for name in ("worker_update", "worker_leave_custody", "worker_detail"):
        assert reverse(f"schemes:{name}", args=[worker.pk]) not in body


def test_the_transfer_form_takes_the_sending_prison_to_the_new_page(
    client_for, manager, worker, active_contract, other_establishment
):
    client = client_for(manager)
    response = client.post(
        reverse("schemes:worker_leave_custody", args=[worker.pk]),
        {"what_happened": "transferred", "establishment": other_establishment.pk},
    )
    assert response.url == reverse("schemes:moved_detail", args=[worker.pk])
    assert client.get(response.url).status_code == 200


def test_nothing_recorded_at_the_new_prison_shows_here(
    client_for, manager, settled_at_bravo, worker, cedar_unit
):
    body = _moved_page(client_for(manager), worker).content.decode()
    assert NEW_WING not in body
    assert NEW_CELL not in body
    assert NEW_NOTE not in body
    assert NOTE_LEFT_HERE in body


def test_the_history_here_stops_at_the_move(client_for, manager, settled_at_bravo, worker, moved):
    response = _moved_page(client_for(manager), worker)
    history = response.context["history"]
    assert history, "Alpha's own changes are kept"
    assert all(entry.when < moved.moved_at for entry in history)
    changes = [change.new for entry in history for change in entry.changes]
    assert NOTE_LEFT_HERE in changes
    assert "Moved from" not in response.content.decode()


def test_meetings_and_call_outs_here_are_counted(
    client_for, manager, coordinator, listeners, worker, wing, active_contract, other_establishment
):
    now = timezone.now()
    came = meeting_services.meeting_schedule(
        scheme=listeners,
        starts_at=now - timedelta(days=9),
        place="Chapel",
        lead=coordinator,
        actor=coordinator,
    )
    meeting_services.meeting_record_held(meeting=came, attended=[worker], notes="", actor=coordinator)
    for days_ago, status in ((5, SupervisionMeeting.Status.HELD), (3, SupervisionMeeting.Status.SCHEDULED)):
        missed = SupervisionMeeting.objects.create(
            scheme=listeners, starts_at=now - timedelta(days=days_ago), status=status, created_by=coordinator
        )
        missed.invited.add(worker)
    callout_record(
        establishment=worker.establishment,
        actor=manager,
        listener=worker,
        location=wing,
        requested_by=CallOut.RequestedBy.OFFICER,
        requested_at=now - timedelta(hours=3),
        started_at=now - timedelta(hours=2, minutes=50),
        ended_at=now - timedelta(hours=2),
    )
    _move(worker, to=other_establishment, actor=manager)
    response = _moved_page(client_for(manager), worker)
    stay = response.context["stay"]
    assert (stay.meetings_attended, stay.meetings_invited, stay.call_outs) == (1, 2, 1)
    assert "Attended 1 of the 2 held meetings they were invited to" in response.content.decode()


def test_another_prisons_contracts_are_left_out(
    client_for, manager, outsider, settled_at_bravo, worker, active_contract, system_admin
):
    from schemes.services.schemes import scheme_presets_ensure

    scheme_presets_ensure(establishment=settled_at_bravo.establishment, actor=system_admin)
    bravo_listeners = settled_at_bravo.establishment.schemes.get(preset="listeners")
    bravo_contract = contract_services.contract_issue(
        worker=worker, scheme=bravo_listeners, actor=outsider, start_date=timezone.localdate()
    )
    contracts = _moved_page(client_for(manager), worker).context["stay"].contracts
    assert contracts == [active_contract]
    assert bravo_contract not in contracts


# --- Who may see it ---------------------------------------------------------------------


def test_the_prison_they_left_no_longer_opens_their_normal_page(client_for, manager, moved, worker):
    assert client_for(manager).get(reverse("schemes:worker_detail", args=[worker.pk])).status_code == 404


def test_the_prison_they_went_to_may_not_read_the_page_left_behind(client_for, outsider, moved, worker):
    client = client_for(outsider)
    assert _moved_page(client, worker).status_code == 404
    assert list(client.get(reverse("schemes:moved_list")).context["movements"]) == []


def test_someone_who_never_moved_has_no_such_page(client_for, manager, worker):
    assert _moved_page(client_for(manager), worker).status_code == 404


def test_someone_who_came_back_has_their_normal_page_again(
    client_for, manager, outsider, moved, worker, establishment
):
    people_services.peer_worker_transfer(worker=worker, to=establishment, actor=outsider)
    client = client_for(manager)
    assert _moved_page(client, worker).status_code == 404
    assert list(client.get(reverse("schemes:moved_list")).context["movements"]) == []
    assert client.get(reverse("schemes:worker_detail", args=[worker.pk])).status_code == 200


def test_signed_out_people_are_sent_to_sign_in(client, moved, worker):
    for url in (reverse("schemes:moved_list"), reverse("schemes:moved_detail", args=[worker.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


# --- The prison they went to --------------------------------------------------------------


def test_the_new_prison_does_not_see_the_note_left_behind(client_for, outsider, settled_at_bravo, moved):
    response = client_for(outsider).get(reverse("schemes:worker_detail", args=[moved.worker.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert NOTE_LEFT_HERE not in body
    assert NEW_NOTE in body
    history = response.context["history"]
    assert all(entry.when >= moved.moved_at for entry in history)
    assert not any(NOTE_LEFT_HERE in (c.old, c.new) for entry in history for c in entry.changes)


def test_a_note_marked_may_travel_reaches_the_new_prison(
    client_for, manager, outsider, worker, active_contract, other_establishment
):
    movement = _move(
        worker,
        to=other_establishment,
        actor=manager,
        staff_notes=NOTE_THAT_TRAVELS,
        staff_notes_may_travel=True,
    )
    assert movement.staff_notes_left == ""
    assert NOTE_THAT_TRAVELS in (
        client_for(outsider).get(reverse("schemes:worker_detail", args=[worker.pk])).content.decode()
    )
    left_here = _moved_page(client_for(manager), worker).context["movement"]
    assert left_here.staff_notes_left == ""


def test_a_second_stay_shows_only_its_own_history(
    client_for, manager, outsider, moved, worker, establishment, third_establishment
):
    """Alpha, Bravo, back to Alpha, then on to Charlie: Alpha's page reads its second stay only."""
    people_services.peer_worker_update(worker=worker, actor=outsider, staff_notes=NEW_NOTE)
    back = people_services.peer_worker_transfer(worker=worker, to=establishment, actor=outsider)
    again = people_services.peer_worker_transfer(worker=worker, to=third_establishment, actor=manager)
    assert selectors.moved_away_get(establishment=establishment, pk=worker.pk) == (worker, again)
    history = client_for(manager).get(reverse("schemes:moved_detail", args=[worker.pk])).context["history"]
    assert history
    assert all(back.moved_at <= entry.when < again.moved_at for entry in history)


@pytest.fixture
def third_establishment(db):
    from tests.factories import EstablishmentFactory

    return EstablishmentFactory(name="HMP Charlie", code="CHR")


# --- Queries ------------------------------------------------------------------------------


def test_the_list_query_count_does_not_grow_with_rows(
    client_for, manager, establishment, wing, other_establishment, moved, django_assert_num_queries
):
    client = client_for(manager)
    with django_assert_num_queries(5):  # counting the rows for the pages is one of them
        client.get(reverse("schemes:moved_list"))
    for _ in range(4):
        person = PeerWorkerFactory(establishment=establishment, location=wing)
        _move(person, to=other_establishment, actor=manager)
    with django_assert_num_queries(5):
        response = client.get(reverse("schemes:moved_list"))
    assert len(response.context["movements"]) == 5


def test_the_page_query_count_does_not_grow_with_contracts(
    client_for, manager, coordinator, schemes, establishment, wing, moved, django_assert_num_queries
):
    client = client_for(manager)
    with django_assert_num_queries(10):
        response = _moved_page(client, moved.worker)
    assert len(response.context["stay"].contracts) == 1

    busier = PeerWorkerFactory(establishment=establishment, location=wing)
    for preset in ("listeners", "buddies", "toe-by-toe", "helping-hands"):
        contract_services.contract_issue(
            worker=busier, scheme=schemes[preset], actor=coordinator, start_date=timezone.localdate()
        )
        people_services.peer_worker_update(worker=busier, actor=manager, cell=f"1-0{len(preset)}")
    _move(busier, to=moved.to_establishment, actor=manager, staff_notes=NOTE_LEFT_HERE)
    with django_assert_num_queries(10):
        response = _moved_page(client, busier)
    assert len(response.context["stay"].contracts) == 4

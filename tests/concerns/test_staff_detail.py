"""A concern's page and the steps staff take with it: each a page with a form that calls one
service and comes back with a message; a refusal shows next to its box and changes nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from concerns import services
from concerns.models import Concern, ConcernEvent


def detail(concern):
    return reverse("concerns:concern_detail", args=[concern.pk])


def step(name, concern):
    return reverse(f"concerns:concern_{name}", args=[concern.pk])


def test_the_page_shows_the_concern_and_its_timeline(client_for, manager, raise_concern):
    concern = raise_concern(
        resident_agreed_to_be_named=True, resident_name="Tom Pike", resident_prison_number="B2222CC"
    )
    services.concern_note(concern=concern, actor=manager, text="Rang the pharmacy.", for_worker=False)
    response = client_for(manager).get(detail(concern))
    assert response.status_code == 200
    html = response.content.decode()
    assert concern.problem in html and "Healthcare" in html and "Tom Pike (B2222CC)" in html
    assert "Ryan Ellis, Equality Representatives" in html
    assert "Rang the pharmacy." in html and 'data-testid="staff-only"' in html
    assert "Answer</a>" in html


def test_the_resident_is_not_named_without_their_agreement(client_for, manager, concern):
    html = client_for(manager).get(detail(concern)).content.decode()
    assert "did not agree to be named" in html


def test_an_overdue_concern_says_so(client_for, manager, raise_concern):
    late = raise_concern(now=timezone.now() - timedelta(days=20))
    assert 'data-testid="overdue"' in client_for(manager).get(detail(late)).content.decode()


def test_another_prisons_staff_get_404(client_for, outsider, concern):
    assert client_for(outsider).get(detail(concern)).status_code == 404
    assert client_for(outsider).get(step("answer", concern)).status_code == 404


def test_staff_who_do_not_see_it_get_404_or_403(client_for, wing_officer, nurse, concern, establishment):
    from concerns.models import Department

    assert client_for(wing_officer).get(detail(concern)).status_code == 403  # sees no concerns at all
    food = Department.objects.get(establishment=establishment, name="Catering")
    concern.department = food
    concern.save()
    assert client_for(nurse).get(detail(concern)).status_code == 404


def test_a_coordinator_sees_their_schemes_concerns_but_may_not_answer(client_for, coordinator, concern):
    client = client_for(coordinator)
    html = client.get(detail(concern)).content.decode()
    assert concern.problem in html and 'data-testid="steps"' not in html
    assert client.get(step("answer", concern)).status_code == 403
    assert client.post(step("answer", concern), {"answer": "Sorted."}).status_code == 403
    concern.refresh_from_db()
    assert concern.status == Concern.Status.RAISED


def test_the_department_owner_answers(client_for, nurse, concern):
    client = client_for(nurse)
    assert client.get(step("answer", concern)).status_code == 200
    response = client.post(step("answer", concern), {"answer": "The round now starts at 17:15."}, follow=True)
    assert response.redirect_chain[-1][0] == detail(concern)
    assert "Answer sent." in response.content.decode()
    concern.refresh_from_db()
    assert concern.status == Concern.Status.ANSWERED and concern.answered_by == nurse


def test_an_empty_answer_is_shown_next_to_the_box(client_for, nurse, concern):
    response = client_for(nurse).post(step("answer", concern), {"answer": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["answer"]
    concern.refresh_from_db()
    assert concern.status == Concern.Status.RAISED


def test_a_refused_step_reshows_the_form_and_changes_nothing(client_for, manager, concern):
    services.concern_answer(concern=concern, actor=manager, answer="Done.")
    response = client_for(manager).post(step("decline", concern), {"reason": "Not for us."})
    assert response.status_code == 200
    assert "already answered" in response.content.decode()
    concern.refresh_from_db()
    assert concern.status == Concern.Status.ANSWERED and concern.decline_reason == ""


def test_take_on(client_for, manager, concern):
    client_for(manager).post(step("take", concern))
    concern.refresh_from_db()
    assert concern.status == Concern.Status.WITH_DEPARTMENT and concern.handler == manager


def test_forward_with_a_staff_only_note(client_for, manager, concern, establishment):
    from concerns.models import Department

    equalities = Department.objects.get(establishment=establishment, name="Equalities")
    client = client_for(manager)
    response = client.post(step("forward", concern), {"department": concern.department_id, "note": "x"})
    assert response.status_code == 200 and response.context["form"].errors["department"]
    client.post(step("forward", concern), {"department": equalities.pk, "note": "It is about race."})
    concern.refresh_from_db()
    assert concern.department == equalities
    event = concern.events.get(kind=ConcernEvent.Kind.FORWARDED)
    assert event.text == "It is about race." and not event.for_worker


@pytest.mark.parametrize(("reader", "kind"), [("staff", "staff_note"), ("worker", "worker_note")])
def test_a_note_for_staff_or_for_the_peer_worker(client_for, manager, concern, reader, kind):
    client_for(manager).post(step("note", concern), {"reader": reader, "text": "Chased."})
    assert concern.events.get(kind=kind).text == "Chased."


def test_decline_with_a_reason(client_for, manager, concern):
    client_for(manager).post(step("decline", concern), {"reason": "This is for the courts."})
    concern.refresh_from_db()
    assert concern.status == Concern.Status.DECLINED


def test_refer_with_a_reference_and_date(client_for, manager, concern):
    today = timezone.localdate()
    client = client_for(manager)
    tomorrow = today + timedelta(days=1)
    response = client.post(
        step("refer", concern),
        {
            "reference": "DIRF 1",
            "referred_on_0": tomorrow.day,
            "referred_on_1": tomorrow.month,
            "referred_on_2": tomorrow.year,
        },
    )
    assert response.status_code == 200 and response.context["form"].errors["referred_on"]
    client.post(
        step("refer", concern),
        {
            "reference": "DIRF 1",
            "referred_on_0": today.day,
            "referred_on_1": today.month,
            "referred_on_2": today.year,
        },
    )
    concern.refresh_from_db()
    assert concern.status == Concern.Status.REFERRED and concern.referred_on == today


def test_close_an_answered_concern_and_publish_it_in_general_words(client_for, manager, raise_concern):
    concern = raise_concern(resident_agreed_to_be_named=True, resident_name="Tom Pike")
    client = client_for(manager)
    assert client.post(step("close", concern)).status_code == 200  # not answered yet: refused
    services.concern_answer(concern=concern, actor=manager, answer="Done.")
    response = client.post(
        step("publish", concern),
        {"may_publish": "on", "public_problem": "Tom Pike's medicine", "public_action": "Fixed"},
    )
    assert response.status_code == 200 and "name" in str(response.context["form"].errors)
    client.post(
        step("publish", concern),
        {"may_publish": "on", "public_problem": "Medicine came late.", "public_action": "Fixed."},
    )
    client.post(step("close", concern))
    concern.refresh_from_db()
    assert concern.may_publish and concern.status == Concern.Status.CLOSED


def test_the_page_costs_the_same_queries_however_long_the_timeline(
    client_for, manager, concern, django_assert_num_queries
):
    client = client_for(manager)
    client.get(detail(concern))
    with django_assert_num_queries(QUERIES):
        client.get(detail(concern))
    for n in range(10):
        services.concern_note(concern=concern, actor=manager, text=f"Note {n}", for_worker=n % 2 == 0)
    with django_assert_num_queries(QUERIES):
        client.get(detail(concern))


# session, user, establishments, the concern, the timeline and the permission
# and navigation checks: none of them grows with the timeline.
QUERIES = 6

"""Concerns on the wing kiosk: an Equality Representative raises a resident's concern, follows it
to its answer, sends one message and says whether it was sorted; nobody else's concern ever shows,
and a Listener is never offered a form."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from concerns.models import Concern, ConcernEvent, Department
from concerns.services import (
    concern_answer,
    concern_decline,
    concern_forward,
    concern_note,
    concern_raise,
    concern_refer,
    concern_take,
)
from schemes.services import contracts
from tests.concerns.helpers import in_role
from tests.concerns.kiosk_world import (
    DISCRIMINATION,
    HEALTH,
    equality_rep,
    healthcare_owner,
    signed_in_on,
    topic,
)
from tests.factories import LocationFactory

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)
PROBLEM = "A resident on A wing has waited three weeks to see a dentist with toothache."

# Every signed-in kiosk page costs the session, the device, the signed-in person and the
# session's save (tests/kiosk/test_pages.py).
SIGNED_IN_BASE_QUERIES = 6


@pytest.fixture(autouse=True)
def clock(time_machine):
    """Monday 23 November 2026, 10:00 in London."""
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture
def owner(establishment, schemes, system_admin):
    return healthcare_owner(establishment=establishment, actor=system_admin)


@pytest.fixture
def rep(establishment, wing, schemes, owner, system_admin):
    return equality_rep(establishment=establishment, wing=wing, actor=system_admin)


@pytest.fixture
def rep_client(kiosk, rep, settings):
    return signed_in_on(kiosk.token, rep, settings.KIOSK_DEVICE_COOKIE_NAME)


@pytest.fixture
def other_rep(establishment, wing, schemes, owner, system_admin):
    """Another Equality Representative, on the same wing."""
    return equality_rep(
        establishment=establishment,
        wing=wing,
        actor=system_admin,
        prison_number="B2222CD",
        first_name="Sam",
        last_name="Neighbour",
    )


@pytest.fixture
def other_client(kiosk, other_rep, settings):
    """The other Equality Representative, signed in on the same kiosk in a browser of their own."""
    return signed_in_on(kiosk.token, other_rep, settings.KIOSK_DEVICE_COOKIE_NAME)


def post_raise(client, establishment, wing, **changes):
    """The form as a peer worker fills it in about health, with `changes`."""
    data = {
        "topic": changes.pop("topic") if "topic" in changes else topic(establishment, HEALTH).pk,
        "location": wing.pk,
        "affects": Concern.Affects.ONE,
        "problem": PROBLEM,
        "named": "no",
    }
    return client.post(reverse("concerns:kiosk_raise"), data | changes)


def a_concern(rep, kiosk, establishment, *, name=HEALTH, problem=PROBLEM) -> Concern:
    contract = rep.contracts.get()
    return concern_raise(
        worker=rep,
        contract=contract,
        topic=topic(establishment, name),
        location=kiosk.device.location,
        affects=Concern.Affects.ONE,
        problem=problem,
        protected_characteristic="race" if name == DISCRIMINATION else "",
        device=kiosk.device,
    )


def html(response) -> str:
    return response.content.decode()


# --- The menu and "My concerns" -------------------------------------------------------------------


def test_the_menu_offers_my_concerns_to_a_peer_worker_whose_role_carries_them(
    rep_client, django_assert_num_queries
):
    with django_assert_num_queries(SIGNED_IN_BASE_QUERIES + 1):
        menu = html(rep_client.get(reverse("kiosk:menu")))
    assert "My concerns" in menu
    assert reverse("concerns:kiosk_list") in menu

    page = html(rep_client.get(reverse("concerns:kiosk_list")))
    assert "Raise a new concern" in page
    assert "You have not raised any concerns yet." in page


def test_a_listener_sees_no_raise_button_but_that_what_a_caller_says_stays_with_them(
    kiosk_signed_in, active_contract, owner, establishment, wing
):
    menu = html(kiosk_signed_in.get(reverse("kiosk:menu")))
    assert "My concerns" not in menu
    assert reverse("concerns:kiosk_list") not in menu

    page = html(kiosk_signed_in.get(reverse("concerns:kiosk_list")))
    assert "What a caller tells you stays with you." in page
    assert "Samaritans" in page
    assert "Raise a new concern" not in page
    assert reverse("concerns:kiosk_raise") not in page
    assert "<form" not in page.split('id="main-content"')[1].split('id="kiosk-idle-warning"')[0]


def test_a_listener_is_refused_the_form_and_cannot_raise_one_by_posting(
    kiosk_signed_in, active_contract, owner, establishment, wing
):
    refused = kiosk_signed_in.get(reverse("concerns:kiosk_raise"))
    assert refused.status_code == 403
    assert "You cannot raise a concern here" in html(refused)
    assert "What a caller tells you stays with you." in html(refused)
    assert 'name="problem"' not in html(refused)

    posted = post_raise(kiosk_signed_in, establishment, wing)
    assert posted.status_code == 403
    assert not Concern.objects.exists()


def test_a_role_that_carries_no_concerns_is_told_who_does(
    kiosk_signed_in, worker, schemes, owner, system_admin, active_contract, coordinator
):
    contracts.contract_end(contract=active_contract, reason="resigned", actor=coordinator)
    in_role(worker=worker, scheme=schemes["toe-by-toe"], actor=system_admin)

    page = html(kiosk_signed_in.get(reverse("concerns:kiosk_list")))
    assert "Your role does not raise concerns" in page
    assert "Equality Representatives" in page
    assert "Samaritans" not in page
    assert kiosk_signed_in.get(reverse("concerns:kiosk_raise")).status_code == 403


def test_after_the_role_ends_they_still_follow_the_concerns_they_raised(
    rep_client, rep, kiosk, establishment, coordinator
):
    concern = a_concern(rep, kiosk, establishment)
    contracts.contract_end(contract=rep.contracts.get(), reason="resigned", actor=coordinator)

    assert "My concerns" in html(rep_client.get(reverse("kiosk:menu")))
    page = html(rep_client.get(reverse("concerns:kiosk_list")))
    assert "Raise a new concern" not in page
    assert reverse("concerns:kiosk_detail", args=[concern.pk]) in page
    assert rep_client.get(reverse("concerns:kiosk_raise")).status_code == 403


def test_my_concerns_says_where_each_one_stands_in_plain_words(
    rep_client, rep, kiosk, establishment, owner, manager
):
    waiting = a_concern(rep, kiosk, establishment, problem="Waiting for the dentist.")
    answered = concern_answer(
        concern=a_concern(rep, kiosk, establishment, problem="No evening medication."),
        actor=owner,
        answer="The evening round now starts at 17:15.",
    )
    declined = concern_decline(
        concern=a_concern(rep, kiosk, establishment, problem="Wants a second mattress."),
        actor=owner,
        reason="Mattresses are one per bed.",
    )
    referred = concern_refer(
        concern=a_concern(rep, kiosk, establishment, name=DISCRIMINATION, problem="Last to be unlocked."),
        actor=manager,
        reference="DIRF 2026/7",
        referred_on=timezone.localdate(),
    )

    page = html(rep_client.get(reverse("concerns:kiosk_list")))

    assert "Sent to the department" in page
    assert "Healthcare should answer by 30 November 2026." in page
    assert "Answered" in page
    assert "The evening round now starts at 17:15." in page
    assert "Not taken forward" in page
    assert "Mattresses are one per bed." in page
    assert "It was passed to the discrimination process." in page
    for concern in (waiting, answered, declined, referred):
        assert reverse("concerns:kiosk_detail", args=[concern.pk]) in page
    assert owner.last_name not in page


def test_a_late_answer_is_said_to_be_late(rep_client, rep, kiosk, establishment, clock):
    a_concern(rep, kiosk, establishment)
    clock.move_to(NOW + timedelta(days=8))
    rep_client.post(reverse("kiosk:sign_in"), {"prison_number": rep.prison_number, "pin": "2580"})

    page = html(rep_client.get(reverse("concerns:kiosk_list")))
    assert "The answer is late: it was due by 30 November 2026." in page


def test_the_list_takes_the_same_queries_however_many_concerns(
    rep_client, rep, kiosk, establishment, django_assert_num_queries
):
    a_concern(rep, kiosk, establishment)
    with django_assert_num_queries(SIGNED_IN_BASE_QUERIES + 2):
        rep_client.get(reverse("concerns:kiosk_list"))
    a_concern(rep, kiosk, establishment, name=DISCRIMINATION)
    a_concern(rep, kiosk, establishment, name="Food")
    with django_assert_num_queries(SIGNED_IN_BASE_QUERIES + 2):
        page = html(rep_client.get(reverse("concerns:kiosk_list")))
    assert page.count('data-testid="kiosk-concern"') == 3


# --- Raising a concern ----------------------------------------------------------------------------


def test_an_equality_rep_raises_a_concern_and_it_goes_to_the_department(
    rep_client, rep, kiosk, establishment, wing
):
    response = post_raise(rep_client, establishment, wing, problem=f"  {PROBLEM}\n")

    concern = Concern.objects.get()
    assert response["Location"] == reverse("concerns:kiosk_detail", args=[concern.pk])
    assert (concern.worker, concern.device, concern.logged_by, concern.location) == (
        rep,
        kiosk.device,
        None,
        wing,
    )
    assert (concern.topic.name, concern.department.name, concern.problem) == (HEALTH, "Healthcare", PROBLEM)
    assert concern.status == Concern.Status.RAISED
    assert concern.due_on == timezone.localdate() + timedelta(days=7)
    assert not concern.resident_agreed_to_be_named

    page = html(rep_client.get(response["Location"]))
    assert "Thank you. Your concern has gone to Healthcare." in page
    assert "Sent to the department" in page
    assert "Healthcare should answer by 30 November 2026." in page
    assert "It was raised and sent to Healthcare." in page


def test_the_form_asks_plain_questions_with_the_kiosks_wing_chosen(
    rep_client, establishment, wing, django_assert_num_queries
):
    LocationFactory(establishment=establishment, name="B wing")
    with django_assert_num_queries(SIGNED_IN_BASE_QUERIES + 3):
        response = rep_client.get(reverse("concerns:kiosk_raise"))
    page = html(response)

    assert "Which of your roles is this for?" not in page  # one role: nothing to ask
    for question in (
        "What is it about?",
        "If it is about discrimination: what is it about?",
        "Which wing is it on?",
        "Who does it affect?",
        "What is the problem?",
        "Did the resident agree to be named?",
    ):
        assert question in page
    assert response.context["form"]["location"].value() == wing.pk
    assert f'value="{wing.pk}"\n    \n      checked="checked"' in page
    assert "Feeling unsafe" in page
    assert "Sexual orientation" in page


def test_with_two_roles_they_choose_which_one(rep_client, rep, schemes, establishment, wing, system_admin):
    insiders = in_role(worker=rep, scheme=schemes["insiders"], actor=system_admin)
    assert "Which of your roles is this for?" in html(rep_client.get(reverse("concerns:kiosk_raise")))

    refused = post_raise(rep_client, establishment, wing)
    assert refused.context["form"].errors == {"contract": ["Choose which role this is for."]}

    post_raise(rep_client, establishment, wing, contract=insiders.pk)
    assert Concern.objects.get().contract == insiders


def test_nothing_chosen_shows_every_question_again_with_its_message(rep_client, establishment, wing):
    response = rep_client.post(reverse("concerns:kiosk_raise"), {})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "topic": ["Choose what it is about."],
        "location": ["Choose the wing."],
        "affects": ["Choose who it affects."],
        "problem": ["Tell us what the problem is."],
        "named": ["Say whether the resident agreed to be named."],
    }
    assert "There is a problem" in html(response)
    assert not Concern.objects.exists()


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"problem": "   "}, {"problem": ["Tell us what the problem is."]}),
        ({"problem": "x" * 10_000}, {"problem": ["Use 1000 characters or fewer. You used 10000."]}),
        ({"problem": "\x00\x00 \x07"}, {"problem": ["Tell us what the problem is."]}),
        ({"topic": "9" * 30}, {"topic": ["Choose what it is about."]}),
        ({"location": "-1"}, {"location": ["Choose the wing."]}),
        ({"affects": "everyone"}, {"affects": ["Choose who it affects."]}),
        ({"named": "maybe"}, {"named": ["Say whether the resident agreed to be named."]}),
    ],
    ids=["blank", "huge", "nul", "huge-topic", "unknown-wing", "unknown-affects", "unknown-named"],
)
def test_bad_input_is_shown_next_to_the_question_and_nothing_is_raised(
    rep_client, establishment, wing, changes, errors
):
    response = post_raise(rep_client, establishment, wing, **changes)

    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert not Concern.objects.exists()


def test_a_nul_byte_is_never_stored(rep_client, establishment, wing):
    """peerwork.middleware takes control characters out of every request before the form sees it."""
    post_raise(rep_client, establishment, wing, problem="Tooth\x00ache", named="yes", resident_name="Dan\x00")
    concern = Concern.objects.get()
    assert (concern.problem, concern.resident_name) == ("Toothache", "Dan")


def test_a_topic_of_another_prison_or_a_retired_one_is_not_offered(
    rep_client, establishment, other_establishment, wing, system_admin
):
    from concerns.services import concern_defaults_ensure, topic_retire

    concern_defaults_ensure(establishment=other_establishment, actor=system_admin)
    theirs = topic(other_establishment, HEALTH)
    food = topic(establishment, "Food")
    topic_retire(topic=food, actor=system_admin)

    page = html(rep_client.get(reverse("concerns:kiosk_raise")))
    assert ">\n    Food\n  <" not in page
    for offered_elsewhere in (theirs, food):
        response = post_raise(rep_client, establishment, wing, topic=offered_elsewhere.pk)
        assert response.context["form"].errors == {"topic": ["Choose what it is about."]}
    assert not Concern.objects.exists()


def test_discrimination_asks_which_protected_characteristic(rep_client, establishment, wing):
    discrimination = topic(establishment, DISCRIMINATION).pk

    refused = post_raise(rep_client, establishment, wing, topic=discrimination)
    assert refused.context["form"].errors == {
        "protected_characteristic": ["Choose what the discrimination is about."]
    }
    assert not Concern.objects.exists()

    post_raise(rep_client, establishment, wing, topic=discrimination, protected_characteristic="religion")
    concern = Concern.objects.get()
    assert (concern.department.name, concern.protected_characteristic) == ("Equalities", "religion")


def test_a_characteristic_chosen_for_another_topic_is_not_kept(rep_client, establishment, wing):
    post_raise(rep_client, establishment, wing, protected_characteristic="age")
    assert Concern.objects.get().protected_characteristic == ""


def test_the_resident_is_named_only_when_they_agreed(rep_client, establishment, wing):
    named = {"resident_name": " Daniel   Ross ", "resident_prison_number": "a 1234 bc"}

    post_raise(
        rep_client,
        establishment,
        wing,
        named="no",
        resident_prison_number="not a number",
        **{"resident_name": "Daniel Ross"},
    )
    unnamed = Concern.objects.get()
    assert (unnamed.resident_agreed_to_be_named, unnamed.resident_name, unnamed.resident_prison_number) == (
        False,
        "",
        "",
    )

    post_raise(rep_client, establishment, wing, named="yes", **named)
    agreed = Concern.objects.exclude(pk=unnamed.pk).get()
    assert (agreed.resident_agreed_to_be_named, agreed.resident_name, agreed.resident_prison_number) == (
        True,
        "Daniel Ross",
        "A1234BC",
    )
    page = html(rep_client.get(reverse("concerns:kiosk_detail", args=[agreed.pk])))
    assert "Daniel Ross (A1234BC)" in page


@pytest.mark.parametrize(
    ("named", "errors"),
    [
        ({}, {"resident_name": ["Write the resident’s name or prison number, or choose No."]}),
        (
            {"resident_prison_number": "12345"},
            {
                "resident_prison_number": [
                    "Write the prison number like this: A1234BC. One letter, four numbers, then two letters."
                ]
            },
        ),
        ({"resident_name": "x" * 121}, {"resident_name": ["Use 120 characters or fewer. You used 121."]}),
    ],
    ids=["nobody", "bad-number", "long-name"],
)
def test_a_named_resident_needs_a_name_or_a_real_prison_number(
    rep_client, establishment, wing, named, errors
):
    response = post_raise(rep_client, establishment, wing, named="yes", **named)
    assert response.context["form"].errors == errors
    assert not Concern.objects.exists()


def test_past_the_daily_limit_they_are_asked_to_speak_to_someone(rep_client, establishment, wing, settings):
    settings.CONCERNS_PER_DAY = 2
    for _ in range(2):
        assert post_raise(rep_client, establishment, wing).status_code == 302

    response = post_raise(rep_client, establishment, wing)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "You have already raised 2 concerns today. Speak to an officer or your scheme lead."
    ]
    assert Concern.objects.count() == 2


def test_with_no_topics_in_use_there_is_no_form(rep_client, establishment, system_admin, wing):
    from concerns.services import topic_retire

    for each in establishment.concern_topics.all():
        topic_retire(topic=each, actor=system_admin)
    page = html(rep_client.get(reverse("concerns:kiosk_raise")))
    assert "Concerns cannot be raised on the kiosk yet." in page
    assert 'name="problem"' not in page
    post_raise(rep_client, establishment, wing, topic="")
    assert not Concern.objects.exists()


# --- One concern: its answer, one message, and whether it was sorted ------------------------------


def test_staff_only_notes_and_staff_names_never_reach_the_kiosk(
    rep_client, rep, kiosk, establishment, owner, manager
):
    concern = a_concern(rep, kiosk, establishment)
    concern_take(concern=concern, actor=owner)
    concern_note(concern=concern, actor=owner, text="Staff only: he has been difficult.", for_worker=False)
    concern_note(concern=concern, actor=owner, text="We have booked the dentist.", for_worker=True)
    concern_forward(
        concern=concern,
        actor=owner,
        department=Department.objects.get(establishment=establishment, name="Residential"),
        note="Forwarded for a private reason.",
    )

    page = html(rep_client.get(reverse("concerns:kiosk_detail", args=[concern.pk])))

    assert "We have booked the dentist." in page
    assert "A message from staff:" in page
    for secret in ("Staff only", "private reason", owner.last_name, owner.first_name, manager.last_name):
        assert secret not in page


def test_an_answer_shows_with_two_buttons_and_this_was_sorted_closes_it(
    rep_client, rep, kiosk, establishment, owner
):
    concern = a_concern(rep, kiosk, establishment)
    url = reverse("concerns:kiosk_detail", args=[concern.pk])
    assert "This was sorted" not in html(rep_client.get(url))

    concern_answer(concern=concern, actor=owner, answer="The dentist sees him on Thursday.")
    page = html(rep_client.get(url))
    assert "The answer from Healthcare:" in page
    assert "The dentist sees him on Thursday." in page
    assert "This was sorted" in page
    assert "This was not sorted" in page

    response = rep_client.post(reverse("concerns:kiosk_verdict", args=[concern.pk]), {"sorted": "yes"})

    assert response["Location"] == url
    concern.refresh_from_db()
    assert (concern.status, concern.verdict) == (Concern.Status.CLOSED, Concern.Verdict.SORTED)
    page = html(rep_client.get(url))
    assert "Thank you. This concern is now closed." in page
    assert "You said this was sorted." in page
    assert 'name="sorted"' not in page
    assert 'name="text"' not in page  # finished: no message either


def test_not_sorted_sends_it_back_once_then_closes_it(rep_client, rep, kiosk, establishment, owner, clock):
    concern = a_concern(rep, kiosk, establishment)
    concern_answer(concern=concern, actor=owner, answer="Booked.")
    verdict = reverse("concerns:kiosk_verdict", args=[concern.pk])
    url = reverse("concerns:kiosk_detail", args=[concern.pk])

    clock.shift(timedelta(seconds=30))
    rep_client.post(verdict, {"sorted": "no"})
    concern.refresh_from_db()
    assert concern.status == Concern.Status.WITH_DEPARTMENT  # back with whoever answered it
    assert concern.due_on == timezone.localdate() + timedelta(days=7)
    page = html(rep_client.get(url))
    assert "Thank you. Your concern has gone back to Healthcare for another look." in page
    assert "Being looked into" in page
    assert "You said this was not sorted." in page
    assert 'name="sorted"' not in page

    concern_answer(concern=concern, actor=owner, answer="Booked again.")
    page = html(rep_client.get(url))
    assert "It went back to the department once already." in page
    rep_client.post(verdict, {"sorted": "no"})
    concern.refresh_from_db()
    assert (concern.status, concern.verdict) == (Concern.Status.CLOSED, Concern.Verdict.NOT_SORTED)
    page = html(rep_client.get(url))
    assert "This concern is now closed, and counted as not sorted." in page
    assert "You said it was still not sorted." in page


def test_a_verdict_before_the_answer_or_with_a_bad_value_changes_nothing(
    rep_client, rep, kiosk, establishment, owner
):
    concern = a_concern(rep, kiosk, establishment)
    verdict = reverse("concerns:kiosk_verdict", args=[concern.pk])

    assert rep_client.get(verdict).status_code == 405
    response = rep_client.post(verdict, {"sorted": "yes"}, follow=True)
    assert "You can say this once the concern has an answer." in html(response)

    concern_answer(concern=concern, actor=owner, answer="Booked.")
    for bad in ({}, {"sorted": "maybe"}, {"sorted": "\x00" * 3}):
        response = rep_client.post(verdict, bad, follow=True)
        assert "Press “This was sorted” or “This was not sorted”." in html(response)
    concern.refresh_from_db()
    assert concern.status == Concern.Status.ANSWERED
    assert not concern.events.filter(kind__in=["sorted", "not_sorted"]).exists()


def test_one_message_while_it_is_open_then_the_form_is_gone(rep_client, rep, kiosk, establishment):
    concern = a_concern(rep, kiosk, establishment)
    url = reverse("concerns:kiosk_detail", args=[concern.pk])
    message = reverse("concerns:kiosk_follow_up", args=[concern.pk])
    assert "Send a message about this concern" in html(rep_client.get(url))

    response = rep_client.post(message, {"text": "  He is in pain now.  "})
    assert response["Location"] == url
    page = html(rep_client.get(url))
    assert "Your message has been sent." in page
    assert "Your message:" in page
    assert "He is in pain now." in page
    assert 'name="text"' not in page
    assert "You have sent your one message about this concern." in page

    again = rep_client.post(message, {"text": "Another one."}, follow=True)
    assert "You have already sent a message about this concern." in html(again)
    assert list(concern.events.filter(kind=ConcernEvent.Kind.FOLLOW_UP).values_list("text", flat=True)) == [
        "He is in pain now."
    ]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("   ", "Write your message."),
        ("x" * 10_000, "Use 1000 characters or fewer. You used 10000."),
        ("\x00\x00", "Write your message."),
    ],
    ids=["blank", "huge", "nul"],
)
def test_a_bad_message_is_shown_on_the_page_and_nothing_is_sent(
    rep_client, rep, kiosk, establishment, text, error
):
    concern = a_concern(rep, kiosk, establishment)
    response = rep_client.post(reverse("concerns:kiosk_follow_up", args=[concern.pk]), {"text": text})

    assert response.status_code == 200
    assert response.context["follow_up_form"].errors == {"text": [error]}
    assert "There is a problem" in html(response)
    assert not concern.events.filter(kind=ConcernEvent.Kind.FOLLOW_UP).exists()


def test_no_message_once_it_is_finished(rep_client, rep, kiosk, establishment, owner):
    concern = concern_decline(concern=a_concern(rep, kiosk, establishment), actor=owner, reason="Not ours.")
    page = html(rep_client.get(reverse("concerns:kiosk_detail", args=[concern.pk])))
    assert 'name="text"' not in page
    assert "It was not taken forward, because:" in page

    response = rep_client.post(
        reverse("concerns:kiosk_follow_up", args=[concern.pk]), {"text": "Why?"}, follow=True
    )
    assert "This concern is finished." in html(response)
    assert not concern.events.filter(kind=ConcernEvent.Kind.FOLLOW_UP).exists()


def test_the_detail_page_takes_a_fixed_number_of_queries(
    rep_client, rep, kiosk, establishment, owner, django_assert_num_queries
):
    concern = a_concern(rep, kiosk, establishment)
    concern_note(concern=concern, actor=owner, text="Booked.", for_worker=True)
    concern_answer(concern=concern, actor=owner, answer="Seen.")
    with django_assert_num_queries(SIGNED_IN_BASE_QUERIES + 2):
        rep_client.get(reverse("concerns:kiosk_detail", args=[concern.pk]))


# --- Nobody else's concerns -----------------------------------------------------------------------


def test_another_peer_workers_concern_is_not_found_and_cannot_be_acted_on(
    rep_client, other_client, other_rep, kiosk, establishment, owner
):
    theirs = a_concern(other_rep, kiosk, establishment, problem="Something only Sam should see.")
    concern_answer(concern=theirs, actor=owner, answer="Only for Sam.")

    for response in (
        rep_client.get(reverse("concerns:kiosk_detail", args=[theirs.pk])),
        rep_client.get(reverse("concerns:kiosk_detail", args=[999_999])),
        rep_client.post(reverse("concerns:kiosk_follow_up", args=[theirs.pk]), {"text": "Mine now"}),
        rep_client.post(reverse("concerns:kiosk_verdict", args=[theirs.pk]), {"sorted": "yes"}),
    ):
        assert response.status_code == 404
        assert "Page not found" in html(response)
        assert "Only for Sam." not in html(response)
    assert "Something only Sam should see." not in html(rep_client.get(reverse("concerns:kiosk_list")))

    theirs.refresh_from_db()
    assert theirs.status == Concern.Status.ANSWERED
    assert not theirs.events.filter(kind__in=["follow_up", "sorted"]).exists()
    assert "Something only Sam should see." in html(other_client.get(reverse("concerns:kiosk_list")))


def test_staff_and_a_kiosk_nobody_signed_in_on_reach_none_of_it(
    kiosk_client, client_for, manager, rep, kiosk, establishment
):
    concern = a_concern(rep, kiosk, establishment)
    pages = [reverse("concerns:kiosk_list"), reverse("concerns:kiosk_detail", args=[concern.pk])]
    for url in pages:
        assert kiosk_client.get(url)["Location"] == reverse("kiosk:sign_in")
    kiosk_client.cookies.clear()
    staff = client_for(manager)
    for url in pages:
        assert staff.get(url).status_code == 403

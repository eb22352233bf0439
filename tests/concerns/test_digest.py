"""A department's waiting concerns in the daily digest: to its owner and deputies who opted in,
and to the department's digest email. Written once a day, in a fixed number of queries."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from concerns.services import concern_answer, department_save
from schemes.models import OutboxEmail
from schemes.services.digests import digests_write


def with_email(user):
    user.email = f"{user.username}@justice.example"
    user.receives_digest = True
    user.save()
    return user


def test_the_owner_gets_the_departments_waiting_concerns_overdue_marked(nurse, raise_concern):
    with_email(nurse)
    late = raise_concern(problem="Late.", now=timezone.now() - timedelta(days=20))
    raise_concern(problem="Fresh.")
    assert digests_write() == 1
    email = OutboxEmail.objects.get(recipient=nurse)
    assert email.subject == "Peer work: 2 concerns for Healthcare (1 overdue)"
    assert "2 concerns for Healthcare, HMP Alpha, waiting for an answer (1 overdue)" in email.body_text
    assert f"Concern {late.pk}: Health and medication, A wing" in email.body_text
    assert "Overdue: the answer was due" in email.body_text
    assert reverse("concerns:concern_detail", args=[late.pk]) in email.body_html
    assert "?department=" in email.body_text and "status=waiting" in email.body_text


def test_answered_concerns_are_left_out(nurse, manager, concern):
    with_email(nurse)
    concern_answer(concern=concern, actor=manager, answer="Done.")
    assert digests_write() == 0


def test_a_deputy_gets_it_and_the_departments_email_too(
    nurse, safer_custody_officer, healthcare, manager, concern
):
    with_email(safer_custody_officer)
    healthcare.digest_email = "healthcare-team@justice.example"
    department_save(department=healthcare, actor=manager, deputies=[safer_custody_officer])
    assert digests_write() == 2  # the owner has no email address
    shared = OutboxEmail.objects.get(to_address="healthcare-team@justice.example")
    assert shared.recipient is None
    assert "Healthcare's digest address at HMP Alpha" in shared.body_text
    assert "1 concern for Healthcare" in OutboxEmail.objects.get(recipient=safer_custody_officer).subject


def test_someone_who_opted_out_gets_none(nurse, concern):
    with_email(nurse)
    nurse.receives_digest = False
    nurse.save()
    assert digests_write() == 0


def test_writing_twice_on_the_same_day_writes_nothing_new(nurse, healthcare, manager, concern):
    with_email(nurse)
    healthcare.digest_email = "healthcare-team@justice.example"
    department_save(department=healthcare, actor=manager)
    assert digests_write() == 2
    assert digests_write() == 0
    assert OutboxEmail.objects.count() == 2


def test_the_owners_flags_and_concerns_come_in_one_email(nurse, raise_concern):
    from concerns.services import concerns_overdue_sync

    with_email(nurse)
    raise_concern(now=timezone.now() - timedelta(days=20))
    concerns_overdue_sync()
    assert digests_write() == 1
    email = OutboxEmail.objects.get(recipient=nurse)
    assert email.subject == "Peer work: 1 flag needs attention; 1 concern for Healthcare (1 overdue)"


def test_the_digest_costs_the_same_queries_for_few_or_many(
    establishment, nurse, healthcare, manager, raise_concern, settings, django_assert_num_queries
):
    from tests.factories import UserFactory

    settings.CONCERNS_PER_DAY = 100
    with_email(nurse)
    for _ in range(3):
        raise_concern()
    with django_assert_num_queries(QUERIES):
        assert digests_write() == 1

    deputies = [with_email(user) for user in UserFactory.create_batch(5, establishments=[establishment])]
    healthcare.digest_email = "healthcare-team@justice.example"
    department_save(department=healthcare, actor=manager, deputies=deputies)
    for _ in range(27):
        raise_concern()
    with django_assert_num_queries(QUERIES):
        assert digests_write(now=timezone.now() + timedelta(days=1)) == 7


# Who hears about flags (flags.audience, three queries: asked first, so that flags nobody hears
# are never read), the open flags (none), the concerns waiting for an answer and who answers for
# their departments (concerns.digest), the keys already written and the insert.
QUERIES = 8

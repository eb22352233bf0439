"""The "You said, we did" notice: the month's published concerns, in general words only, per
establishment and per wing, as a page to print and a PDF."""

import io
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from concerns.reports import month_start, you_said_notice
from tests.concerns.reports_world import *  # noqa: F403  the fixtures
from tests.concerns.reports_world import at, last_month

PAGE = reverse("concerns:you_said")
PDF = reverse("concerns:you_said_pdf")

PROBLEM = "Jonah Whitfield in cell 14 gets his tablets after lock-up every night."
RESIDENT = ("Jonah Whitfield", "B2222CD")
SAID = "Evening medication came after lock-up on one landing."
DID = "The evening round now starts at 17:15."
SAID_B = "The showers had no hot water for a week."
DID_B = "The boiler was fixed."


@pytest.fixture
def published(carrier, wing, b_wing, concern_maker):
    """Answered last month: one published on A wing (a named resident), one on B wing, and one
    not published; one published the month before; one published but reopened by its peer worker."""
    first = last_month()
    concern_maker(
        carrier,
        "Health and medication",
        wing,
        at(first + timedelta(days=2)),
        answered_at=at(first + timedelta(days=4), 15),
        published=(SAID, DID),
        problem=PROBLEM,
        answer="Healthcare moved Jonah Whitfield's round.",
        resident=RESIDENT,
    )
    concern_maker(
        carrier,
        "Wing life, cells and regime",
        b_wing,
        at(first + timedelta(days=5)),
        answered_at=at(first + timedelta(days=6), 11),
        published=(SAID_B, DID_B),
    )
    concern_maker(
        carrier, "Food", wing, at(first + timedelta(days=5)), answered_at=at(first + timedelta(days=6), 12)
    )
    before = first - relativedelta(months=1)
    concern_maker(
        carrier,
        "Food",
        wing,
        at(before + timedelta(days=3)),
        answered_at=at(before + timedelta(days=5)),
        published=("An older month's problem.", "An older month's action."),
    )


def test_the_month_lists_what_was_published_in_general_words_by_topic(establishment, published):
    notice = you_said_notice(establishment=establishment, month=last_month())
    assert [(topic.name, [(i.problem, i.action) for i in topic.items]) for topic in notice.topics] == [
        ("Health and medication", [(SAID, DID)]),
        ("Wing life, cells and regime", [(SAID_B, DID_B)]),
    ]


def test_a_wing_gets_only_its_own(establishment, wing, b_wing, published):
    notice = you_said_notice(establishment=establishment, month=last_month(), wing=b_wing)
    assert [item.problem for topic in notice.topics for item in topic.items] == [SAID_B]


def test_a_reopened_concern_waits_for_its_next_answer(establishment, published, worker):
    from concerns.models import Concern
    from concerns.services import concern_verdict

    concern = Concern.objects.get(public_problem=SAID_B)
    concern_verdict(concern=concern, worker=worker, sorted_out=False)
    notice = you_said_notice(establishment=establishment, month=last_month())
    assert [item.problem for topic in notice.topics for item in topic.items] == [SAID]


def test_the_page_defaults_to_last_month_and_names_the_prison_and_month(client_for, manager, published):
    response = client_for(manager).get(PAGE)
    body = response.content.decode()
    assert response.status_code == 200
    title = f"You said, we did: HMP Alpha, {last_month():%B %Y}"
    assert f"<title>{title}</title>" in body
    assert SAID in body and DID in body and SAID_B in body
    assert "An older month" not in body
    assert f'{PDF}?month={last_month():%Y-%m}"' in body
    assert f'<option value="{last_month():%Y-%m}" selected>' in body


def test_the_page_for_one_wing(client_for, manager, wing, published):
    response = client_for(manager).get(PAGE, {"month": f"{last_month():%Y-%m}", "wing": wing.pk})
    body = response.content.decode()
    assert f"<title>You said, we did: HMP Alpha, {last_month():%B %Y}, A wing</title>" in body
    assert SAID in body and SAID_B not in body
    assert f"{PDF}?month={last_month():%Y-%m}&amp;wing={wing.pk}" in body


def test_the_month_before(client_for, manager, published):
    before = last_month() - relativedelta(months=1)
    body = client_for(manager).get(PAGE, {"month": f"{before:%Y-%m}"}).content.decode()
    assert "An older month&#x27;s problem." in body and SAID not in body


def _pdf_text(response) -> str:
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages
    )


def test_the_pdf_has_the_general_words_and_never_a_name_or_prison_number(
    client_for, manager, worker, published
):
    response = client_for(manager).get(PDF, {"month": f"{last_month():%Y-%m}"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == f'inline; filename="you-said-we-did-alp-{last_month():%Y-%m}.pdf"'
    )
    text = _pdf_text(response)
    assert f"You said, we did HMP Alpha: {last_month():%B %Y}" in text
    for words in (SAID, DID, SAID_B, DID_B):
        assert words in text
    for secret in (PROBLEM, "Jonah", "Whitfield", RESIDENT[1], "Healthcare moved", worker.full_name):
        assert secret not in text
    for secret in (worker.first_name, worker.last_name, worker.prison_number):
        assert secret not in text


def test_the_pdf_for_one_wing(client_for, manager, b_wing, published):
    response = client_for(manager).get(PDF, {"month": f"{last_month():%Y-%m}", "wing": b_wing.pk})
    text = _pdf_text(response)
    assert f"You said, we did HMP Alpha, B wing: {last_month():%B %Y}" in text
    assert SAID_B in text and SAID not in text
    assert response["Content-Disposition"].endswith(f'-{last_month():%Y-%m}-wing-{b_wing.pk}.pdf"')


def test_another_prisons_staff_get_their_own_empty_notice(client_for, outsider, published):
    response = client_for(outsider).get(PAGE, {"month": f"{last_month():%Y-%m}"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "HMP Bravo" in body and "HMP Alpha" not in body
    assert 'data-testid="you-said-empty"' in body
    assert SAID not in body and SAID_B not in body


@pytest.mark.parametrize("url", [PAGE, PDF])
def test_a_wing_of_another_prison_is_refused(client_for, outsider, wing, published, url):
    response = client_for(outsider).get(url, {"month": f"{last_month():%Y-%m}", "wing": wing.pk})
    assert response.status_code == (400 if url == PAGE else 404)
    assert SAID.encode() not in response.content


HOSTILE = {
    "a 13th month": {"month": f"{timezone.localdate().year}-13"},
    "a month to come": {"month": f"{month_start(timezone.localdate()) + relativedelta(months=1):%Y-%m}"},
    "long ago": {"month": "1999-01"},
    "a huge number": {"wing": "9" * 30},
    "a negative number": {"wing": "-1"},
    "words": {"month": "<script>alert(1)</script>", "wing": "A wing"},
    "ten thousand characters": {"month": "9" * 10_000},
}


@pytest.mark.parametrize("query", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_month_or_wing_not_on_the_lists_shows_no_notice(client_for, manager, published, query):
    page = client_for(manager).get(PAGE, query)
    assert page.status_code == 400
    body = page.content.decode()
    assert 'data-testid="you-said-error"' in body and "<title>Error: You said, we did</title>" in body
    assert SAID not in body
    assert client_for(manager).get(PDF, query).status_code == 404


def test_nul_bytes_are_dropped_before_the_page_reads_them(client_for, manager, published):
    response = client_for(manager).get(PAGE, {"month": f"\x00{last_month():%Y-%m}", "wing": "\x00"})
    assert response.status_code == 200 and SAID in response.content.decode()


@pytest.mark.parametrize(
    "user", ["manager", "safer_custody_officer", "coordinator", "system_admin", "catering_owner"]
)
def test_staff_who_see_concerns_may_print_it(request, client_for, user):
    assert client_for(request.getfixturevalue(user)).get(PAGE).status_code == 200


@pytest.mark.parametrize("url", [PAGE, PDF])
def test_a_wing_officer_without_a_department_is_refused(client_for, wing_officer, url):
    assert client_for(wing_officer).get(url).status_code == 403

"""The stumbling-blocks report: sessions held and not held by reason, by week and by the supported
resident's wing, for a one-to-one scheme the user keeps; its page (chart and tables) and CSV."""

import pytest
from django.urls import reverse
from django.utils import timezone

from peerwork.dates import monday_of
from schemes.models import PeerWorker
from support.models import NotHeld
from support.reports import LEFT, csv_header, stumbling_blocks
from tests.downloads import csv_rows
from tests.support.report_world import *  # noqa: F403  the fixtures
from tests.support.report_world import record, weeks_ago

REPORT = reverse("support:stumbling_blocks")
REPORT_CSV = reverse("support:stumbling_blocks_csv")
# The session, the user, their establishments, whether they work in this one, the schemes they
# keep, the grouped sessions: six, however many (the session is written once a minute, not here).
QUERIES = 6

MNU, LNU, CLASH = NotHeld.MENTOR_NOT_UNLOCKED, NotHeld.LEARNER_NOT_UNLOCKED, NotHeld.REGIME_CLASH


def _counts(tally):
    """Held, then the reasons that were counted."""
    return tally.held, {reason: n for reason, n in tally.not_held.items() if n}


def test_the_numbers_by_week_by_wing_and_by_reason(toe_by_toe, sessions):
    report = stumbling_blocks(scheme=toe_by_toe)
    this_monday = monday_of(timezone.localdate())
    assert report.weeks == 8 and len(report.mondays) == 8
    assert report.mondays[-1] == this_monday and report.starts_on == weeks_ago(7)
    by_week = dict(zip(report.mondays, report.by_week, strict=True))
    assert _counts(by_week[this_monday].tally) == (1, {})
    assert _counts(by_week[weeks_ago(1)].tally) == (1, {MNU: 1, LNU: 2})  # the archived one left out
    assert _counts(by_week[weeks_ago(2)].tally) == (1, {CLASH: 1})
    assert all(row.tally.total == 0 for row in report.by_week[:5])
    assert _counts(report.total) == (3, {MNU: 1, LNU: 2, CLASH: 1})

    assert [row.name for row in report.by_wing] == ["A wing", "B wing"]
    assert _counts(report.by_wing[0].tally) == (3, {MNU: 1, LNU: 1})
    assert _counts(report.by_wing[1].tally) == (0, {LNU: 1, CLASH: 1})
    assert [(item.reason.label, item.count, item.percent) for item in report.reasons[:3]] == [
        ("Learner not unlocked", 2, 50),
        ("Mentor not unlocked", 1, 25),
        ("Clash with the regime (work, visits, meals)", 1, 25),
    ]


def test_longer_reports_reach_further_back(toe_by_toe, sessions):
    assert stumbling_blocks(scheme=toe_by_toe, weeks=4).total.held == 3
    assert stumbling_blocks(scheme=toe_by_toe, weeks=12).total.held == 4
    assert len(stumbling_blocks(scheme=toe_by_toe, weeks=26).by_week) == 26
    with pytest.raises(ValueError):
        stumbling_blocks(scheme=toe_by_toe, weeks=5)


def test_another_establishments_sessions_are_not_counted(toe_by_toe, sessions, other_pair):
    assert stumbling_blocks(scheme=toe_by_toe).total.total == 7
    theirs = stumbling_blocks(scheme=other_pair.scheme)
    assert _counts(theirs.total) == (1, {NotHeld.NO_SPACE: 1})


def test_a_resident_who_left_counts_under_no_longer_here_not_another_prisons_wing(
    toe_by_toe, sessions, other_wing
):
    PeerWorker.objects.filter(pk=sessions.b_pair.supported_id).update(
        location=other_wing, establishment=other_wing.establishment
    )
    report = stumbling_blocks(scheme=toe_by_toe)
    assert [row.name for row in report.by_wing] == ["A wing", LEFT]


def test_the_page_shows_the_chart_and_the_same_numbers_in_a_table(
    client_for, coordinator, toe_by_toe, sessions
):
    response = client_for(coordinator).get(REPORT)  # the first scheme they keep: Toe by Toe
    body = response.content.decode()
    assert response.status_code == 200
    assert "Stumbling blocks: Toe by Toe" in body
    assert 'data-testid="sb-held">3<' in body and 'data-testid="sb-not-held">4<' in body
    chart = body[body.index('data-testid="sb-chart"') : body.index("</svg>")]
    assert 'role="img"' in chart and 'aria-labelledby="sb-chart-title sb-chart-desc"' in chart
    assert "3 sessions held and 4 not held" in chart
    # This week held; last week held, mentor and learner not unlocked; two weeks ago held, a clash.
    assert chart.count("<rect ") == 6
    assert 'class="sb-bar sb-reason-learner-not-unlocked"' in chart
    assert "style=" not in body and "<style" not in body  # the CSP allows no inline styles
    assert "css/stumbling-blocks" in body
    weeks_table = body[body.index('data-testid="sb-weeks"') :]
    assert weeks_table.count('data-testid="sb-weeks-row"') == 8
    assert "Learner not unlocked" in weeks_table and 'data-testid="sb-wings"' in body
    assert f"{REPORT_CSV}?scheme={toe_by_toe.pk}&amp;weeks=8" in body


def test_the_csv_has_the_same_table(client_for, manager, toe_by_toe, sessions):
    response = client_for(manager).get(REPORT_CSV, {"scheme": toe_by_toe.pk, "weeks": 4})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="stumbling-blocks-alp-scheme-{toe_by_toe.pk}-4-weeks-'
        f'{timezone.localdate():%Y-%m-%d}.csv"'
    )
    rows = csv_rows(response)
    assert (
        rows[0]
        == csv_header()
        == [
            "Week beginning",
            "Wing",
            "Held",
            "Not held",
            "Not held: Mentor not unlocked",
            "Not held: Learner not unlocked",
            "Not held: Clash with the regime (work, visits, meals)",
            "Not held: No space",
            "Not held: Learner did not want to",
            "Not held: Learner unwell",
            "Not held: Other",
        ]
    )
    last_week = f"{weeks_ago(1):%Y-%m-%d}"
    assert [last_week, "All wings", "1", "3", "1", "2", "0", "0", "0", "0", "0"] in rows
    assert [last_week, "A wing", "1", "2", "1", "1", "0", "0", "0", "0", "0"] in rows
    assert [last_week, "B wing", "0", "1", "0", "1", "0", "0", "0", "0", "0"] in rows
    assert ["All 4 weeks", "All wings", "3", "4", "1", "2", "1", "0", "0", "0", "0"] in rows
    assert ["All 4 weeks", "B wing", "0", "2", "0", "1", "1", "0", "0", "0", "0"] in rows
    # Four weeks for every wing; this week A, last week A and B, two weeks ago A and B; the totals.
    assert len(rows) == 1 + 4 + 5 + 1 + 2


def test_a_wing_a_spreadsheet_would_run_is_quoted(client_for, manager, toe_by_toe, sessions, b_wing):
    type(b_wing).objects.filter(pk=b_wing.pk).update(name="=HYPERLINK(1)")
    response = client_for(manager).get(REPORT_CSV, {"scheme": toe_by_toe.pk})
    wings = {row[1] for row in csv_rows(response)}
    assert "'=HYPERLINK(1)" in wings and "=HYPERLINK(1)" not in wings


@pytest.mark.parametrize("url", [REPORT, REPORT_CSV])
@pytest.mark.parametrize("user", ["manager", "safer_custody_officer", "coordinator", "system_admin"])
def test_staff_who_keep_support_may_open_it(request, client_for, toe_by_toe, url, user):
    assert client_for(request.getfixturevalue(user)).get(url).status_code == 200


@pytest.mark.parametrize("url", [REPORT, REPORT_CSV])
def test_a_wing_officer_is_refused(client_for, wing_officer, toe_by_toe, url):
    assert client_for(wing_officer).get(url).status_code == 403


@pytest.mark.parametrize("url", [REPORT, REPORT_CSV])
def test_nobody_signed_in_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_coordinator_cannot_choose_a_scheme_they_do_not_lead(client_for, coordinator, toe_by_toe, schemes):
    buddies = schemes["buddies"]
    signed_in = client_for(coordinator)
    response = signed_in.get(REPORT, {"scheme": buddies.pk})
    assert (
        response.status_code == 400 and "Choose one of the schemes on the list" in response.content.decode()
    )
    assert "Buddies" not in response.content.decode()
    assert signed_in.get(REPORT_CSV, {"scheme": buddies.pk}).status_code == 404


def test_a_coordinator_who_leads_no_one_to_one_scheme_is_told_so(client_for, coordinator, schemes):
    response = client_for(coordinator).get(REPORT)
    assert response.status_code == 200 and 'data-testid="sb-no-schemes"' in response.content.decode()
    assert client_for(coordinator).get(REPORT_CSV).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {"scheme": "99999999999999999999"},
        {"scheme": "-1"},
        {"scheme": "toe\x00by"},
        {"weeks": "-1"},
        {"weeks": "99999999999999999999"},
        {"weeks": "5"},
    ],
)
def test_hostile_parameters_are_refused_not_a_crash(client_for, manager, toe_by_toe, sessions, query):
    signed_in = client_for(manager)
    response = signed_in.get(REPORT, query)
    assert response.status_code == 400 and 'data-testid="sb-chart"' not in response.content.decode()
    assert signed_in.get(REPORT_CSV, query).status_code == 404


def test_a_nul_byte_is_dropped_before_the_report_reads_the_weeks(client_for, manager, toe_by_toe, sessions):
    response = client_for(manager).get(REPORT, {"scheme": toe_by_toe.pk, "weeks": "4\x00"})
    assert response.status_code == 200 and "the last 4 weeks" in response.content.decode()


def test_another_prisons_scheme_shows_nothing_of_it(client_for, manager, toe_by_toe, sessions, other_pair):
    signed_in = client_for(manager)
    response = signed_in.get(REPORT, {"scheme": other_pair.scheme_id})
    assert response.status_code == 400 and "HMP Bravo" not in response.content.decode()
    assert signed_in.get(REPORT_CSV, {"scheme": other_pair.scheme_id}).status_code == 404


def test_the_page_costs_the_same_queries_however_many_sessions(
    client_for, manager, toe_by_toe, wing, b_wing, pair_maker, coordinator, django_assert_num_queries
):
    signed_in = client_for(manager)
    query = {"scheme": toe_by_toe.pk, "weeks": 26}
    first = pair_maker(toe_by_toe, wing)
    record(first, weeks_ago(1), actor=coordinator)
    signed_in.get(REPORT, query)  # the session is warm
    with django_assert_num_queries(QUERIES):
        assert signed_in.get(REPORT, query).status_code == 200
    reasons = NotHeld.values
    for n, place in enumerate([wing, b_wing, wing]):
        pair = pair_maker(toe_by_toe, place)
        for day in range(2, 40):
            because = "" if day % 3 else reasons[(day + n) % len(reasons)]
            record(pair, weeks_ago(day // 7 + 1, day % 7), because, actor=coordinator)
    with django_assert_num_queries(QUERIES):
        assert signed_in.get(REPORT, query).status_code == 200
    with django_assert_num_queries(QUERIES):
        assert signed_in.get(REPORT_CSV, query).status_code == 200

"""The Buddy story from the research, end to end: "We're supposed to have meetings as Buddies
every month, and the last meeting was six to eight months ago." The lead was moved and nobody
noticed. Here the system notices, and safer custody hears about it once.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core import mail
from django.urls import reverse

from flags.models import Flag
from schemes import tasks
from schemes.models import OutboxEmail, SchemeLead
from schemes.oversight import AFTER_MEETING_CHANGE
from schemes.services import meetings
from schemes.services.contracts import contract_issue, contract_sign
from schemes.services.schemes import scheme_lead_add

LONDON = ZoneInfo("Europe/London")


def test_the_buddy_story(
    client_for, manager, coordinator, buddies, worker, time_machine, django_capture_on_commit_callbacks
):
    manager.email, coordinator.email = "manager@prison.example", "coordinator@prison.example"
    manager.save(update_fields=["email"])
    coordinator.save(update_fields=["email"])
    assert buddies.supervision_every_days == 30  # monthly

    # June: Buddies have a lead, a Buddy in role, and a meeting that happens.
    time_machine.move_to(datetime(2026, 6, 1, 9, tzinfo=LONDON), tick=False)
    lead = scheme_lead_add(scheme=buddies, user=coordinator, actor=manager)
    contract = contract_issue(worker=worker, scheme=buddies, actor=coordinator, start_date=date(2026, 6, 1))
    contract_sign(contract=contract, signed_on=date(2026, 6, 1), witnessed_by=coordinator, actor=coordinator)
    held = meetings.meeting_schedule(
        scheme=buddies,
        starts_at=datetime(2026, 6, 10, 14, tzinfo=LONDON),
        place="Education",
        lead=coordinator,
        actor=coordinator,
    )
    later = [
        meetings.meeting_schedule(
            scheme=buddies,
            starts_at=datetime(2026, month, 10, 14, tzinfo=LONDON),
            place="Education",
            lead=coordinator,
            actor=coordinator,
        )
        for month in (7, 8)
    ]
    time_machine.move_to(datetime(2026, 6, 10, 16, tzinfo=LONDON), tick=False)
    meetings.meeting_record_held(
        meeting=held, attended=[worker], notes="Cell-share checks.", actor=coordinator
    )

    # July and August: the coordinator cancels both meetings from the meeting page.
    for meeting, reason in zip(later, ["Lead redeployed to reception", "No officer free"], strict=True):
        time_machine.move_to(meeting.starts_at.replace(hour=9), tick=False)
        with django_capture_on_commit_callbacks() as queued:
            response = client_for(coordinator).post(
                reverse("schemes:meeting_cancel", args=[meeting.pk]), {"reason": reason}
            )
        assert response.url == reverse("schemes:meeting_detail", args=[meeting.pk])
        assert len(queued) == 1  # the flag is raised at once, after commit, not at the next sweep
        tasks.flags_recheck.apply(args=[AFTER_MEETING_CHANGE])
    cancelled = Flag.objects.get(kind=Flag.Kind.MEETINGS_CANCELLED, resolved_at__isnull=True)
    assert cancelled.severity == Flag.Severity.URGENT  # two in a row escalate the one flag
    assert "2 supervision meetings cancelled in a row" in cancelled.summary

    # The lead is moved; the manager ends the lead from the scheme's leads page.
    response = client_for(manager).post(reverse("schemes:scheme_lead_end", args=[buddies.pk, lead.pk]))
    assert response.url == reverse("schemes:scheme_leads", args=[buddies.pk])
    assert not SchemeLead.objects.filter(scheme=buddies, ended_on__isnull=True).exists()

    # 20 August: the hourly sweep runs (twice, as a retried job might) and notices everything.
    time_machine.move_to(datetime(2026, 8, 20, 10, 5, tzinfo=LONDON), tick=False)
    tasks.oversight_sweep.apply()
    tasks.oversight_sweep.apply()
    open_flags = {f.kind: f for f in Flag.objects.filter(scheme=buddies, resolved_at__isnull=True)}
    assert set(open_flags) == {Flag.Kind.MEETINGS_CANCELLED, Flag.Kind.SUPERVISION_OVERDUE, Flag.Kind.NO_LEAD}
    overdue = open_flags[Flag.Kind.SUPERVISION_OVERDUE]
    assert overdue.severity == Flag.Severity.URGENT  # 71 days since the last held meeting: past twice monthly
    assert Flag.objects.filter(scheme=buddies).count() == 3  # nothing opened twice

    # The safer-custody home page shows the escalated flags first.
    home = client_for(manager).get(reverse("home")).content.decode()
    top = home[home.index('data-testid="home-top-flags"') :]
    top = top[: top.index("</ul>")]
    assert "Urgent" in top
    assert cancelled.summary in top
    assert overdue.summary in top
    assert f"{buddies.name} has peer workers but no staff lead." in top

    # Next morning's digest names them, and goes out once.
    time_machine.move_to(datetime(2026, 8, 21, 7, 15, tzinfo=LONDON), tick=False)
    tasks.digests_write.apply()
    tasks.digests_write.apply()
    tasks.outbox_send.apply()
    tasks.outbox_send.apply()
    [digest] = [m for m in mail.outbox if m.to == [manager.email]]
    assert cancelled.summary in digest.body
    assert overdue.summary in digest.body
    assert digest.body.index("URGENT") < digest.body.index(cancelled.summary)
    # The coordinator no longer leads Buddies, so their digest does not carry Buddies' flags.
    assert not OutboxEmail.objects.filter(recipient=coordinator, body_text__contains=buddies.name).exists()

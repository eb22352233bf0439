"""A Listener's published shifts as an iCalendar feed, for staff calendars.

Calendar apps cannot sign in, so the feed's address carries a signed token instead: Django's
`signing` of the Listener's id and establishment, with a salt of its own. The address cannot be
guessed or altered, it stops working if the Listener moves to another prison, and every address
can be withdrawn at once by rotating SECRET_KEY. The feed holds that Listener's shifts from
published weeks and nothing about anyone else.
"""

from datetime import UTC, datetime, timedelta

from django.core import signing
from django.http import Http404
from django.utils import timezone
from icalendar import Calendar, Event

from listeners.lookup import visible_assignments
from schemes.models import PeerWorker

# Kept from when the feed lived in rota: a new salt would break every feed address already given out.
SALT = "rota.ical.listener-shifts"
PAST_DAYS = 28


def feed_token(worker: PeerWorker) -> str:
    return signing.dumps({"w": worker.pk, "e": worker.establishment_id}, salt=SALT)


def worker_for_token(token: str) -> PeerWorker:
    """The Listener the token was made for, while they are still held where it was made (else 404)."""
    try:
        payload = signing.loads(token, salt=SALT)
        worker_pk, establishment_pk = int(payload["w"]), int(payload["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise Http404("No such calendar.") from error
    worker = (
        PeerWorker.objects.select_related("establishment")
        .filter(pk=worker_pk, establishment_id=establishment_pk)
        .first()
    )
    if worker is None:
        raise Http404("No such calendar.")
    return worker


def calendar_time(moment: datetime) -> datetime:
    """London time, with the zone's rules in the feed (TZID=Europe/London), so that a calendar
    shows 21:00 to 07:00 whichever night the clocks change; but UTC for a moment in the hour after
    a clock change. In October that hour happens twice and a London time names the first, so the
    second could not be told apart; in March the rules icalendar writes for the zone start summer
    time an hour late, so an app that reads them would put 02:30 BST at 03:30."""
    instant = moment.astimezone(UTC)
    local = timezone.localtime(instant)
    if timezone.localtime(instant - timedelta(hours=1)).utcoffset() != local.utcoffset():
        return instant
    return local


def listener_calendar(*, worker: PeerWorker, now: datetime | None = None) -> bytes:
    """Their shifts from four weeks ago onwards, from published weeks. Two queries with the worker."""
    now = now or timezone.now()
    assignments = visible_assignments(establishment=worker.establishment).filter(
        worker=worker, ends_at__gt=now - timedelta(days=PAST_DAYS)
    )
    calendar = Calendar.new(
        name=f"{worker.full_name}: Listener shifts, {worker.establishment}",
        prodid="-//HMPPS//Peer work//EN",
        refresh_interval=timedelta(hours=1),
    )
    for assignment in assignments:
        needs_cover = assignment.status == assignment.Status.NEEDS_COVER
        event = Event.new(
            uid=f"listener-shift-{assignment.pk}@peerwork",
            summary=f"{worker.full_name}: Listener {assignment.shift_type.name.lower()} shift, {assignment.cover_point.name}",
            start=calendar_time(assignment.starts_at),
            end=calendar_time(assignment.ends_at),
            stamp=now,
            description="Cover has been asked for this shift." if needs_cover else None,
            status="TENTATIVE" if needs_cover else "CONFIRMED",
        )
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()

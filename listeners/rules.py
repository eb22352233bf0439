"""The rules a call-out must keep to be recorded or corrected (refused with a message next to the
field), and who may correct one.

A call-out records when, where, which Listener attended, who asked (by kind only) and how long it
took. There is no field for what was said and none for who the caller was.
"""

from datetime import UTC, date, datetime, timedelta

from accounts.models import User
from accounts.permissions import is_safer_custody
from establishments.models import Establishment, Location
from peerwork.formats import long_date
from rota.models import CallOut
from schemes.models import Contract, PeerWorker
from schemes.rules import RuleError

LONGEST_CALL_OUT = timedelta(hours=12)
CLOCK_SLACK = timedelta(minutes=5)
CORRECTION_WINDOW = timedelta(hours=24)
# The reason is kept as the history's change reason ("Corrected: …"), which holds 100 characters.
CORRECTION_REASON_LENGTH = 80


class CallOutRefused(RuleError):
    """A call-out that cannot be recorded as given."""


def check_location_here(location: Location, establishment: Establishment) -> None:
    if location.establishment_id != establishment.pk or location.is_archived:
        raise CallOutRefused({"location": "Choose a wing or unit of this prison."})


def check_listener_on(listener: PeerWorker, establishment: Establishment, day: date) -> None:
    """A Listener contract of theirs here held for at least part of the day of the call-out
    (`Contract.objects.held_during`: in effect that day, as a rota shift asks, or ended during it)."""
    if listener.establishment_id != establishment.pk:
        raise CallOutRefused({"listener": "Choose a Listener held in this prison."})
    in_effect = (
        Contract.objects.listeners()
        .held_during(day)
        .filter(worker=listener, scheme__establishment=establishment)
    )
    if not in_effect.exists():
        raise CallOutRefused({"listener": f"{listener.full_name} was not a Listener on {long_date(day)}."})


def check_callout_times(
    *, requested_at: datetime, started_at: datetime, ended_at: datetime, now: datetime
) -> None:
    # In UTC: Python compares and subtracts two datetimes of the same zone by their wall clocks,
    # which is an hour out for a call-out over a clock change (01:50 BST to 01:10 GMT is 20 minutes).
    requested_at, started_at, ended_at = (
        moment.astimezone(UTC) for moment in (requested_at, started_at, ended_at)
    )
    problems = {}
    if started_at < requested_at:
        problems["started_at"] = (
            "The Listener cannot start before they were asked for. Check the dates and times."
        )
    if ended_at <= started_at:
        problems["ended_at"] = (
            "The call-out must end after it started. If it ended after midnight, "
            "enter the next day as the date it finished."
        )
    elif ended_at - started_at > LONGEST_CALL_OUT:
        problems["ended_at"] = "A call-out cannot last more than 12 hours. Check the dates."
    elif ended_at > now + CLOCK_SLACK:
        problems["ended_at"] = (
            "This finish time has not happened yet. Record a call-out once it has finished."
        )
    if problems:
        raise CallOutRefused(problems)


def correction_refusal(callout: CallOut, actor: User, now: datetime) -> str | None:
    """Why `actor` may not correct `callout` now, or None if they may. Safer custody may correct
    any call-out in the log; anyone else only one they recorded, within 24 hours of recording it."""
    if callout.archived_at is not None:
        return "This call-out is archived. An archived call-out cannot be corrected."
    if is_safer_custody(actor):
        return None
    if callout.recorded_by_id != actor.pk:
        return "Only the person who recorded this call-out, or the safer-custody team, can correct it."
    if now - callout.recorded_at > CORRECTION_WINDOW:
        return (
            "A call-out can be corrected by the person who recorded it for 24 hours. "
            "Ask the safer-custody team to correct this one."
        )
    return None


def check_may_correct(callout: CallOut, actor: User, now: datetime) -> None:
    if (refusal := correction_refusal(callout, actor, now)) is not None:
        raise CallOutRefused(refusal)

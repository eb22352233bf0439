"""Rules across rows for one-to-one support, as check_* functions that raise a typed error.

Errors a mentor can meet on the kiosk are in plain words and marked for translation.
"""

from datetime import date

from django.utils.translation import gettext as _

from schemes.models import Contract, PeerWorker, Scheme
from schemes.rules import RuleError
from support.models import Pair


class NotOneToOne(RuleError):
    pass


class OverTheLimit(RuleError):
    pass


class WrongPlace(RuleError):
    pass


class WrongStep(RuleError):
    pass


def check_scheme_works_one_to_one(scheme: Scheme) -> None:
    if not scheme.works_one_to_one:
        raise NotOneToOne(f"{scheme.name} does not pair mentors with residents (see the scheme's settings).")


def check_mentor_in_role(mentor: PeerWorker, scheme: Scheme) -> None:
    if not Contract.objects.open().filter(worker=mentor, scheme=scheme).exists():
        raise NotOneToOne({"mentor": f"{mentor.full_name} has no open {scheme.name} contract."})


def check_same_establishment(*, scheme: Scheme, mentor: PeerWorker, supported: PeerWorker) -> None:
    """Both held in the scheme's prison now: no pair across establishments."""
    for field, person in (("mentor", mentor), ("supported", supported)):
        if (
            person.establishment_id != scheme.establishment_id
            or person.custody_status != PeerWorker.CustodyStatus.IN_CUSTODY
        ):
            raise WrongPlace({field: f"{person.full_name} is not held in {scheme.establishment}."})


def check_within_limit(*, scheme: Scheme, mentor: PeerWorker) -> None:
    """The scheme's limit of residents per mentor (the mentor's row is locked by the caller)."""
    supporting = Pair.objects.open().filter(scheme=scheme, mentor=mentor).count()
    if supporting >= scheme.supported_per_mentor:
        limit = scheme.supported_per_mentor
        raise OverTheLimit(
            {
                "mentor": f"{mentor.full_name} already supports {supporting} resident{'s' if supporting != 1 else ''}: "
                f"{scheme.name} mentors support {limit} at a time. End a pair first, or change the scheme's limit."
            }
        )


def check_start(started_on: date, today: date) -> None:
    if started_on > today:
        raise RuleError({"started_on": "Enter today or a day before: the pair has started."})


def check_open(pair: Pair) -> None:
    if not pair.is_open:
        raise WrongStep(_("This pair has ended."))


def check_session_day(pair: Pair, on: date, today: date) -> None:
    if on > today:
        raise RuleError({"on": _("A session is recorded on the day or after it.")})
    if on < pair.started_on or (pair.ended_on is not None and on > pair.ended_on):
        raise RuleError({"on": "Choose a day while the pair was running."})

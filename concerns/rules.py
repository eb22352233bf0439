"""Rules across rows for concerns, as check_* functions that raise a typed error.

Errors a peer worker can meet on the kiosk are in plain words and marked for translation.
"""

import re
from datetime import datetime, timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from accounts.models import Role, User
from concerns.models import Concern, Department, Topic
from establishments.models import Establishment, Location
from schemes.models import Contract, PeerWorker
from schemes.rules import RuleError

# A prison number anywhere in a text, in any case ("a1234bc" is still one).
PRISON_NUMBER_IN_TEXT = re.compile(r"\b[a-z][0-9]{4}[a-z]{2}\b", re.IGNORECASE)


class NotForThisRole(RuleError):
    pass


class TooManyConcerns(RuleError):
    pass


class WrongStep(RuleError):
    pass


class NotAllowed(RuleError):
    pass


def check_contract_carries_concerns(contract: Contract, worker: PeerWorker) -> None:
    """Only a role in a scheme whose peer workers carry concerns, held now by this person.

    Never a Listener role: the scheme setting cannot be on for Listeners (a database constraint).
    """
    if contract.worker_id != worker.pk or contract.status not in Contract.OPEN:
        raise NotForThisRole({"contract": _("Choose one of your roles.")})
    if not contract.scheme.raises_concerns:
        raise NotForThisRole(
            {
                "contract": _(
                    "Concerns are raised through a role that carries them, such as Equality Representative."
                )
            }
        )


def check_worker_held_here(worker: PeerWorker, establishment: Establishment) -> None:
    if (
        worker.establishment_id != establishment.pk
        or worker.custody_status != PeerWorker.CustodyStatus.IN_CUSTODY
    ):
        raise NotForThisRole(f"{worker.full_name} is not in custody in {establishment}.")


def check_topic_and_wing(*, topic: Topic, location: Location, establishment: Establishment) -> None:
    if topic.establishment_id != establishment.pk or topic.is_archived:
        raise RuleError({"topic": _("Choose what it is about.")})
    if location.establishment_id != establishment.pk or location.is_archived:
        raise RuleError({"location": _("Choose the wing.")})


def check_allowance(worker: PeerWorker, now: datetime) -> None:
    """A cap per day, so that one session cannot flood a department; past it, speak to someone."""
    raised_today = Concern.objects.filter(worker=worker, raised_at__gt=now - timedelta(days=1)).count()
    if raised_today >= settings.CONCERNS_PER_DAY:
        raise TooManyConcerns(
            _("You have already raised %(count)d concerns today. Speak to an officer or your scheme lead.")
            % {"count": raised_today}
        )


def check_department_takes_concerns(department: Department, establishment: Establishment) -> None:
    if department.establishment_id != establishment.pk or department.is_archived:
        raise RuleError({"department": "Choose a department of this prison that is in use."})


def check_awaiting_answer(concern: Concern) -> None:
    if not concern.is_awaiting_answer:
        raise WrongStep(f"This concern is already {concern.get_status_display().lower()}.")


def check_open(concern: Concern) -> None:
    if not concern.is_open:
        raise WrongStep(f"This concern is {concern.get_status_display().lower()}: it is finished.")


def check_may_answer(user: User, concern: Concern) -> None:
    """Safer custody and administrators answer any concern; otherwise its department's owner or a deputy."""
    if user.role in (Role.SAFER_CUSTODY_MANAGER, Role.SAFER_CUSTODY_OFFICER, Role.SYSTEM_ADMIN):
        return
    department = concern.department
    if department.owner_id == user.pk or department.deputies.filter(pk=user.pk).exists():
        return
    raise NotAllowed(f"Only {department.name}'s owner, its deputies or the safer-custody team can do this.")


def check_general_words(concern: Concern, *texts: str) -> None:
    """What is published names nobody: no prison number, and not the resident's name."""
    for text in texts:
        if PRISON_NUMBER_IN_TEXT.search(text):
            raise RuleError("Take out the prison number: what is published names nobody.")
        name = concern.resident_name.strip()
        if name and name.lower() in text.lower():
            raise RuleError("Take out the resident's name: what is published names nobody.")

"""Out-of-role reports: a peer worker tells safer custody they were asked to work outside their role."""

import uuid
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from flags.api import Condition, Flag, Kind, Severity, flag_raise
from kiosk import rules
from kiosk.models import KioskDevice, OutOfRoleReport
from schemes.models import Contract, PeerWorker
from schemes.rules import RuleError

FLAG_SUMMARY_LENGTH = Flag.SUMMARY_LENGTH


def _flag_summary(*, worker: PeerWorker, contract: Contract, description: str) -> str:
    return Truncator(
        f"{worker.full_name} ({worker.prison_number}) says they were asked to do something outside "
        f"their {contract.scheme.name} role: “{description}”"
    ).chars(FLAG_SUMMARY_LENGTH)


@transaction.atomic
def out_of_role_report_make(
    *,
    worker: PeerWorker,
    contract: Contract,
    description: str,
    device: KioskDevice,
    now: datetime | None = None,
) -> OutOfRoleReport:
    """Record the report and open its flag for safer custody, in one transaction.

    The flag has no scheme, and out-of-role reports go to safer custody only (flags.audience):
    never to the scheme's coordinator, who may be the person who asked.
    """
    now = now or timezone.now()
    description = " ".join(description.split())
    if not description:
        raise RuleError({"description": _("Tell us what you were asked to do.")})
    rules.check_contract_open_and_theirs(contract, worker)
    # The daily allowance counts this person's reports, so their reports are made one at a time:
    # of several sent at once, each counts those before it, and the sixth is refused.
    PeerWorker.objects.select_for_update(no_key=True).get(pk=worker.pk)
    rules.check_report_allowance(worker, now)

    flag = flag_raise(
        condition=Condition(
            kind=Kind.OUT_OF_ROLE,
            key=f"{Kind.OUT_OF_ROLE}:report:{uuid.uuid4()}",
            establishment_id=contract.scheme.establishment_id,
            contract_id=contract.pk,
            severity=Severity.WARNING,
            summary=_flag_summary(worker=worker, contract=contract, description=description),
        ),
        now=now,
    )
    report = OutOfRoleReport(
        worker=worker,
        contract=contract,
        device=device,
        description=description,
        created_at=now,
        flag=flag,
    )
    report.full_clean()
    report.save()
    return report

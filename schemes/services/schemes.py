"""Schemes, their staff leads and their versioned role descriptions."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from establishments.models import Establishment
from peerwork.dates import OUT_OF_RANGE, is_supported
from peerwork.formats import long_date, money
from peerwork.queue import after_commit
from peerwork.records import save
from schemes import events, tasks
from schemes.models import EligibilityCheck, RoleDescription, Scheme, SchemeLead, SchemeRate
from schemes.models.roles import ROLE_DESCRIPTION_FIELDS
from schemes.oversight import AFTER_LEAD_CHANGE
from schemes.presets import COMMON_NOT_PART, PRESETS
from schemes.rules import RuleError, check_rate_within_bounds


class NothingChanged(RuleError):
    pass


@transaction.atomic
def scheme_presets_ensure(*, establishment: Establishment, actor: User) -> list[Scheme]:
    """Create any national scheme this establishment does not have yet. Never overwrites edits."""
    # One run at a time per establishment, so that two runs cannot both add the same preset.
    Establishment.objects.select_for_update(no_key=True).get(pk=establishment.pk)
    existing = set(Scheme.objects.filter(establishment=establishment).values_list("preset", flat=True))
    created = []
    for preset in PRESETS:
        if preset["preset"] in existing:
            continue
        fields = {
            k: v for k, v in preset.items() if k not in ("role", "checks", "preset", "weekly_rate_pence")
        }
        scheme = Scheme(establishment=establishment, preset=preset["preset"], **fields)
        save(scheme, actor=actor, reason="National preset")
        if scheme.is_paid:
            scheme_rate_set(
                scheme=scheme,
                weekly_rate_pence=preset["weekly_rate_pence"],
                effective_from=timezone.localdate(),
                actor=actor,
            )
        role = preset["role"] | {
            "not_part_of_role": COMMON_NOT_PART,
            "confidentiality": preset["confidentiality_statement"],
        }
        role_description_publish(scheme=scheme, actor=actor, change_summary="First version", **role)
        for order, (kind, label, extra) in enumerate(preset["checks"]):
            save(EligibilityCheck(scheme=scheme, kind=kind, label=label, order=order, **extra), actor=actor)
        created.append(scheme)
    events.establishment_set_up.send(sender=Establishment, establishment=establishment, actor=actor)
    return created


@transaction.atomic
def scheme_create(*, establishment: Establishment, actor: User, **fields: object) -> Scheme:
    """A local scheme. A coordinator who creates one leads it, so that they can go on to run it."""
    scheme = Scheme(establishment=establishment, **fields)
    save(scheme, actor=actor)
    if actor.role == Role.SCHEME_COORDINATOR:
        scheme_lead_add(scheme=scheme, user=actor, actor=actor)
    return scheme


@transaction.atomic
def scheme_update(*, scheme: Scheme, actor: User, **fields: object) -> Scheme:
    for name, value in fields.items():
        setattr(scheme, name, value)
    save(scheme, actor=actor)
    return scheme


@transaction.atomic
def scheme_rate_set(
    *, scheme: Scheme, weekly_rate_pence: int, effective_from: date, actor: User
) -> SchemeRate:
    """The scheme's weekly rate from `effective_from` until its next rate takes effect: the days
    before keep the rate they had. Set again for a day that already has one, it corrects that rate
    (the history keeps what it was). Refused outside the establishment's bounds, or for an unpaid
    scheme."""
    # One change at a time per scheme, so that two at once for the same day correct one row.
    scheme = Scheme.objects.select_for_update(no_key=True).select_related("establishment").get(pk=scheme.pk)
    if not scheme.is_paid:
        raise RuleError(
            {"weekly_rate": f"{scheme} is an unpaid role. Make it a paid role in its settings first."}
        )
    if not is_supported(effective_from):
        raise RuleError({"effective_from": OUT_OF_RANGE})
    check_rate_within_bounds(scheme.establishment, weekly_rate_pence, field="weekly_rate")
    rate = SchemeRate.objects.filter(scheme=scheme, effective_from=effective_from).first()
    if rate is not None and rate.weekly_rate_pence == weekly_rate_pence:
        raise NothingChanged(
            {
                "weekly_rate": f"The rate from {long_date(effective_from)} is already {money(weekly_rate_pence)}."
            }
        )
    rate = rate or SchemeRate(scheme=scheme, effective_from=effective_from)
    reason = "Rate corrected" if rate.pk else "Rate set"
    rate.weekly_rate_pence = weekly_rate_pence
    rate.set_by = actor
    rate.set_at = timezone.now()
    save(rate, actor=actor, reason=reason)
    return rate


@transaction.atomic
def scheme_lead_add(*, scheme: Scheme, user: User, actor: User) -> SchemeLead:
    if not user.establishments.filter(pk=scheme.establishment_id).exists():
        raise RuleError({"user": f"{user} does not work in {scheme.establishment}."})
    lead = SchemeLead(scheme=scheme, user=user, started_on=timezone.localdate())
    save(lead, actor=actor)
    after_commit(tasks.flags_recheck, AFTER_LEAD_CHANGE)
    return lead


@transaction.atomic
def scheme_lead_end(*, lead: SchemeLead, actor: User) -> SchemeLead:
    if lead.ended_on is None:
        lead.ended_on = timezone.localdate()
        lead.ended_by = actor
        save(lead, actor=actor, reason="No longer leads the scheme")
        after_commit(tasks.flags_recheck, AFTER_LEAD_CHANGE)
    return lead


@transaction.atomic
def role_description_publish(
    *, scheme: Scheme, actor: User, change_summary: str = "", **fields: str
) -> RoleDescription:
    """Publish the next version. Earlier versions stay exactly as they were issued."""
    # One publication at a time per scheme: the second of two at once numbers its version after the
    # first's (and finds nothing changed if it is the same text), even when the scheme had none yet.
    Scheme.objects.select_for_update(no_key=True).get(pk=scheme.pk)
    current = RoleDescription.objects.filter(scheme=scheme).order_by("-version").first()
    if current is not None and all(getattr(current, f) == fields.get(f, "") for f in ROLE_DESCRIPTION_FIELDS):
        raise NothingChanged("Nothing has changed since the current version, so there is nothing to publish.")
    version = RoleDescription(
        scheme=scheme,
        version=(current.version + 1) if current else 1,
        change_summary=change_summary,
        published_by=actor,
        published_at=timezone.now(),
        **{f: fields.get(f, "") for f in ROLE_DESCRIPTION_FIELDS},
    )
    version.full_clean()
    version.save()
    return version

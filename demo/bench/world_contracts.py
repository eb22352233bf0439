"""The estate's peer-work careers: five years of six-month contracts back to back for every peer
worker (one open per current peer worker, the rest ended for every reason there is), an approved
application with its checks before each spell, and applications at every other stage."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from demo.bench.world_rows import Ids
from schemes.models import Application, Contract, Scheme, Suspension
from schemes.models.applications import ApplicationCheck
from schemes.models.contracts import DismissalReason, EndReason

if TYPE_CHECKING:
    from demo.bench.world import Estate

TERM = timedelta(days=182)  # a six-month contract


@dataclass(frozen=True)
class Track:
    """A peer worker's spell in one scheme: `terms` six-month contracts back to back from `first`.
    `ended_on`/`end_reason` close the last one (None: it is open, in `state`)."""

    worker: int
    scheme: Scheme
    first: date
    terms: int
    ended_on: date | None = None
    end_reason: str = ""
    state: str = Contract.Status.ACTIVE


def build(estate: "Estate") -> None:
    """Five years of six-month contracts, back to back, for every peer worker: one open per
    current peer worker, the rest ended (renewed, completed, resigned, dismissed, expired,
    released, transferred); an approved application with its checks before each spell."""
    rng = estate.rng
    tracks: list[Track] = []
    for index, career in enumerate(estate.careers):
        presets = list(estate.schemes[career.prison].values())
        first = presets[index % len(presets)]
        second = presets[(index * 3 + 1) % len(presets)] if index % 5 < 4 else None
        if career.current:
            tracks.append(_open_track(estate, career.worker, first, index))
        elif career.left_on is not None:
            reason = EndReason.RELEASED if career.left_as == "released" else EndReason.TRANSFERRED
            tracks.append(_ended_track(estate, career.worker, first, career.left_on, reason))
        else:
            tracks.append(_ended_track(estate, career.worker, first, None, ""))
        if second is not None and second != first:
            ends = career.left_on
            if ends is None or rng.random() < 0.5:
                ends = None
            reason = "" if ends is None else tracks[-1].end_reason
            tracks.append(_ended_track(estate, career.worker, second, ends, reason, before=career.left_on))

    application_ids, contract_ids = Ids(Application), Ids(Contract)
    firsts: list[tuple[int, int]] = []  # (application id, first contract id) of each track
    suspensions: list[dict] = []

    def applications():
        for track in tracks:
            pk = application_ids.take()
            firsts.append((pk, 0))
            decided = estate.at(track.first - timedelta(days=7), 11)
            yield {
                "id": pk,
                "worker_id": track.worker,
                "scheme_id": track.scheme.pk,
                "received_on": track.first - timedelta(days=20 + track.worker % 40),
                "why_they_want_the_role": "To give something back on the wing.",
                "status": Application.Status.APPROVED,
                "decided_by_id": estate.coordinator(track.scheme.establishment_id).pk,
                "decided_at": decided,
                "created_by_id": estate.coordinator(track.scheme.establishment_id).pk,
            }
        yield from _other_applications(estate, application_ids)

    written: list[tuple] = []

    def recorded(rows):
        for row in rows:
            written.append(
                (
                    row["id"],
                    row["scheme_id"],
                    row["status"],
                    row.get("decided_by_id"),
                    row.get("decided_at"),
                    row["received_on"],
                    row["created_by_id"],
                )
            )
            yield row

    estate.write(Application, recorded(applications()))
    estate.write(ApplicationCheck, _application_checks(estate, written), with_ids=False)

    def contracts():
        for number, track in enumerate(tracks):
            application = firsts[number][0]
            coordinator = estate.coordinator(track.scheme.establishment_id).pk
            previous = None
            for term in range(track.terms):
                pk = contract_ids.take()
                start = track.first + TERM * term
                end = start + TERM
                row = {
                    "id": pk,
                    "worker_id": track.worker,
                    "scheme_id": track.scheme.pk,
                    "role_description_id": estate.roles[track.scheme.pk],
                    "application_id": application if term == 0 else None,
                    "renewal_of_id": previous,
                    "start_date": start,
                    "end_date": end,
                    "signed_on": start,
                    "witnessed_by_id": coordinator,
                    "issued_by_id": coordinator,
                    "issued_at": estate.at(start - timedelta(days=3), 10),
                    "status": Contract.Status.ENDED,
                    "end_reason": EndReason.RENEWED,
                    "ended_on": end,
                    "ended_by_id": coordinator,
                }
                last = term == track.terms - 1
                if last and track.ended_on is None:
                    row |= {"status": track.state, "end_reason": "", "ended_on": None, "ended_by_id": None}
                    if track.state == Contract.Status.AWAITING_SIGNATURE or (
                        previous is not None and number % 23 == 0
                    ):
                        row |= {"signed_on": None, "witnessed_by_id": None}
                    if track.state == Contract.Status.SUSPENDED:
                        suspensions.append(_suspension(estate, pk, coordinator))
                elif last:
                    row |= {"end_reason": track.end_reason, "ended_on": track.ended_on}
                    if track.end_reason == EndReason.EXPIRED:
                        row["status"] = Contract.Status.EXPIRED
                    if track.end_reason == EndReason.DISMISSED:
                        row["dismissal_reason"] = DismissalReason.CONDUCT
                        row["end_note"] = "Dismissed after a proven adjudication."
                if row["status"] != Contract.Status.AWAITING_SIGNATURE:
                    until = row["ended_on"] or end
                    estate.contracts.setdefault(track.scheme.pk, []).append((pk, track.worker, start, until))
                previous = pk
                yield row
            if track.state != Contract.Status.AWAITING_SIGNATURE or track.ended_on is not None:
                until = track.ended_on or (track.first + TERM * track.terms)
                estate.tracks.setdefault(track.scheme.pk, []).append((track.worker, track.first, until))

    estate.write(Contract, contracts())
    estate.write(Suspension, iter(suspensions), with_ids=False)


def _open_track(estate: "Estate", worker: int, scheme: Scheme, index: int) -> Track:
    rng = estate.rng
    last_start = estate.today - timedelta(days=rng.randrange(182))
    most = (last_start - estate.since) // TERM + 1
    terms = rng.randint((2 * min(10, most) + 2) // 3, min(10, most))  # most stay for years
    state = Contract.Status.ACTIVE
    if index % 20 == 7:
        state = Contract.Status.SUSPENDED
    elif index % 20 == 13 and terms == 1:
        state, last_start = Contract.Status.AWAITING_SIGNATURE, estate.today + timedelta(days=3)
    return Track(worker, scheme, last_start - TERM * (terms - 1), terms, state=state)


def _ended_track(
    estate: "Estate",
    worker: int,
    scheme: Scheme,
    ended_on: date | None,
    reason: str,
    before: date | None = None,
) -> Track:
    """A spell that ended on `ended_on` for `reason` (None: at a day and for a reason chosen here,
    before `before` if given, else before today)."""
    rng = estate.rng
    if ended_on is None:
        latest = before or estate.today
        ended_on = (
            estate.since
            + TERM
            + timedelta(days=1 + rng.randrange(max(1, (latest - estate.since - TERM).days - 1)))
        )
        reason = rng.choice(
            [EndReason.COMPLETED] * 4 + [EndReason.RESIGNED] * 2 + [EndReason.DISMISSED, EndReason.EXPIRED]
        )
    at_term = reason in (EndReason.COMPLETED, EndReason.EXPIRED)
    last_start = ended_on - (TERM if at_term else timedelta(days=1 + rng.randrange(181)))
    if last_start < estate.since:
        last_start = estate.since
        ended_on = max(ended_on, last_start + timedelta(days=1))
    most = (last_start - estate.since) // TERM + 1
    terms = rng.randint((2 * min(10, most) + 2) // 3, min(10, most))  # most stay for years
    return Track(worker, scheme, last_start - TERM * (terms - 1), terms, ended_on=ended_on, end_reason=reason)


def _suspension(estate: "Estate", contract: int, coordinator: int) -> dict:
    return {
        "contract_id": contract,
        "starts_on": estate.today - timedelta(days=1 + contract % 20),
        "reason": "Under investigation after a wing incident.",
        "created_by_id": coordinator,
        "created_at": estate.now,
    }


def _other_applications(estate: "Estate", ids: Ids):
    """Applications from residents at every other stage: in progress lately, declined or
    withdrawn over the years."""
    statuses = ["received", "checks", "interview", "declined", "withdrawn", "declined", "withdrawn"]
    for prison in estate.prisons:
        schemes = list(estate.schemes[prison.pk].values())
        residents = estate.residents[prison.pk]
        coordinator = estate.coordinator(prison.pk).pk
        for n in range(estate.per_prison(100, least=len(statuses))):
            status = statuses[n % len(statuses)]
            is_open = status in Application.OPEN
            received = estate.today - timedelta(
                days=1 + n % 60 if is_open else 60 + n * 37 % ((estate.today - estate.since).days - 60)
            )
            row = {
                "id": ids.take(),
                "worker_id": residents[n % len(residents)],
                "scheme_id": schemes[(n + n // len(residents)) % len(schemes)].pk,
                "route": "nominated" if n % 5 == 0 else "applied",
                "nominated_by": "Wing officer" if n % 5 == 0 else "",
                "received_on": received,
                "status": status,
                "created_by_id": coordinator,
            }
            if status == "interview":
                row["interview_on"] = estate.today + timedelta(days=1 + n % 10)
            if not is_open:
                row |= {"decided_by_id": coordinator, "decided_at": estate.at(received + timedelta(days=14))}
            if status == "declined":
                row["decision_reason"] = "Time left to serve is shorter than the contract."
            yield row


def _application_checks(estate: "Estate", applications: list[tuple]):
    """Every application's checks: passed for approved ones, some still pending in progress.
    From the applications as written (no query: a COPY is in progress on the connection)."""
    for pk, scheme, status, decider, decided_at, received, creator in applications:
        for order, requirement in enumerate(estate.checks.get(scheme, [])):
            done = status in ("approved", "declined", "withdrawn", "interview") or (
                status == "checks" and order % 2 == 0
            )
            outcome = "pending"
            if done:
                outcome = "failed" if status == "declined" and order == 0 else "passed"
            yield {
                "application_id": pk,
                "requirement_id": requirement,
                "outcome": outcome,
                "confirmed_by_id": (decider or creator) if done else None,
                "confirmed_at": (decided_at or estate.at(received + timedelta(days=3))) if done else None,
            }

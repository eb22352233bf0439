"""The background jobs the benchmark times, each with its raw-SQL floor: the cheapest read of the
same rows the job has to look at, which no ORM code can beat. The benchmark prints each job's time
as a ratio of its floor (target: at most 2x).

Every job in `peerwork.celery`'s beat schedule is here, calling the service its task calls.

A floor is one statement, a UNION ALL of one SELECT per thing the job decides on, each giving the
same seven columns (what, id, establishment, scheme, two values, a label), so that
`cursor.execute(floor_sql)` + `fetchall()` reads them all in one round trip on PostgreSQL and
SQLite alike. It reads what the job must read to decide, not less: the rows each condition is
computed from (joined to the names its flag's summary uses), and the open flags the job compares
them with. Dates are literals of today (UTC timestamps), so the same text runs on both databases.
Writes are not in the floor: at steady state (the second run) a job has nothing to write.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.utils import timezone


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], object]
    # Builds the raw SQL reading the rows the job must look at, for today (None: no floor).
    floor: Callable[[], str] | None = None

    @property
    def floor_sql(self) -> str | None:
        return self.floor() if self.floor else None


# --- SQL pieces -----------------------------------------------------------------------------------

OPEN_CONTRACT = "('awaiting_signature', 'active', 'suspended')"
IN_ROLE = "('active', 'suspended')"
NAME = "w.first_name || ' ' || w.last_name"


def _day(day: date) -> str:
    return f"'{day.isoformat()}'"


def _moment(moment: datetime) -> str:
    """A UTC timestamp literal: compared as a timestamp on PostgreSQL, as stored text on SQLite."""
    return f"'{moment.astimezone(UTC):%Y-%m-%d %H:%M:%S}'"


def _text(column: str) -> str:
    return f"CAST({column} AS TEXT)"


def _open_flags(*kinds: str) -> str:
    """The open flags a sync compares its conditions with (what flags_sync reads)."""
    listed = ", ".join(f"'{kind}'" for kind in kinds)
    return (
        f"SELECT f.kind, f.id, f.establishment_id, f.scheme_id, {_text('f.severity')}, f.key, f.summary "
        f"FROM schemes_flag f WHERE f.resolved_at IS NULL AND f.kind IN ({listed})"
    )


def _union(*selects: str) -> str:
    return "\nUNION ALL\n".join(selects)


def _today() -> date:
    return timezone.localdate()


# --- The oversight sweep --------------------------------------------------------------------------


def _contract_rows(what: str, where: str) -> str:
    return (
        f"SELECT '{what}', c.id, s.establishment_id, c.scheme_id, {_text('c.start_date')}, "
        f"{_text('c.end_date')}, {NAME} || ' ' || s.name "
        "FROM schemes_contract c JOIN schemes_scheme s ON s.id = c.scheme_id "
        f"JOIN schemes_peerworker w ON w.id = c.worker_id WHERE {where}"
    )


def _oversight_selects(today: date) -> list[str]:
    """Contracts to expire, ending, renewals unsigned; each active scheme with people in role (its
    last held meeting, first start, whether it has a lead); cancelled meetings since the last held
    one per scheme; open 'expired' flags whose worker has a new contract; the open flags of each kind."""
    ending_by = today + timedelta(days=max(settings.CONTRACT_WARNING_DAYS))
    signed_by = today - timedelta(days=14)
    return [
        _contract_rows("expire", f"c.status IN {OPEN_CONTRACT} AND c.end_date <= {_day(today)}"),
        _contract_rows(
            "ending",
            f"c.status IN {IN_ROLE} AND c.end_date <= {_day(ending_by)} AND c.end_date > {_day(today)}",
        ),
        _contract_rows(
            "renewal_unsigned",
            f"c.status IN {IN_ROLE} AND c.renewal_of_id IS NOT NULL AND c.signed_on IS NULL "
            f"AND c.start_date <= {_day(signed_by)}",
        ),
        "SELECT 'scheme', s.id, s.establishment_id, s.supervision_every_days, CAST(h.last_held AS TEXT), "
        "CAST(r.first_start AS TEXT), s.name || CASE WHEN l.scheme_id IS NULL THEN ' (no lead)' ELSE '' END "
        "FROM schemes_scheme s JOIN (SELECT r.scheme_id, MIN(r.start_date) AS first_start "
        f"FROM schemes_contract r WHERE r.status IN {IN_ROLE} GROUP BY r.scheme_id) r ON r.scheme_id = s.id "
        "LEFT JOIN (SELECT m.scheme_id, MAX(m.starts_at) AS last_held FROM schemes_supervisionmeeting m "
        "WHERE m.status = 'held' GROUP BY m.scheme_id) h ON h.scheme_id = s.id "
        "LEFT JOIN (SELECT DISTINCT l.scheme_id FROM schemes_schemelead l WHERE l.ended_on IS NULL) l "
        "ON l.scheme_id = s.id WHERE s.is_active",
        "SELECT 'cancelled', MAX(m.id), s.establishment_id, s.id, CAST(COUNT(*) AS TEXT), NULL, s.name "
        "FROM schemes_supervisionmeeting m JOIN schemes_scheme s ON s.id = m.scheme_id "
        "WHERE m.status = 'cancelled' AND NOT EXISTS (SELECT 1 FROM schemes_supervisionmeeting h "
        "WHERE h.scheme_id = m.scheme_id AND h.status = 'held' AND h.starts_at >= m.starts_at) "
        "GROUP BY s.id, s.establishment_id, s.name",
        "SELECT 'replaced', f.id, f.establishment_id, f.scheme_id, NULL, f.key, NULL "
        "FROM schemes_flag f JOIN schemes_contract c ON c.id = f.contract_id "
        "WHERE f.kind = 'contract_expired' AND f.resolved_at IS NULL AND EXISTS (SELECT 1 FROM "
        "schemes_contract n WHERE n.worker_id = c.worker_id AND n.scheme_id = c.scheme_id "
        f"AND n.status IN {OPEN_CONTRACT})",
        _open_flags(
            "meetings_cancelled",
            "supervision_overdue",
            "no_lead",
            "contract_ending",
            "renewal_unsigned",
            "contract_expired",
        ),
    ]


def _oversight_floor() -> str:
    return _union(*_oversight_selects(_today()))


def _oversight_sweep() -> object:
    from schemes.services.oversight import oversight_sweep

    return oversight_sweep()


# --- Rota gaps ------------------------------------------------------------------------------------


def _rota_gap_selects(today: date) -> list[str]:
    """Each Listener cover need (its shift type, cover point and rota), the Listeners on duty per
    shift from two days back to seven ahead (on the rota, a Listener contract in effect that day,
    not suspended, not on a break), and the open rota gap flags."""
    first, last = today - timedelta(days=2), today + timedelta(days=7)
    return [
        "SELECT 'need', n.id, r.establishment_id, r.scheme_id, "
        f"{_text('t.starts')} || '-' || {_text('t.ends')}, {_text('n.listeners')}, t.name || ' ' || p.name "
        "FROM rota_coverneed n JOIN rota_shifttype t ON t.id = n.shift_type_id "
        "JOIN rota_coverpoint p ON p.id = n.cover_point_id JOIN rota_rota r ON r.id = p.rota_id "
        "WHERE n.listeners > 0 AND p.archived_at IS NULL AND t.archived_at IS NULL AND p.rota_id = t.rota_id",
        "SELECT 'on_duty', a.cover_point_id, a.shift_type_id, COUNT(*), "
        f"{_text('a.day')}, NULL, NULL "
        "FROM rota_assignment a JOIN rota_rotaweek k ON k.id = a.week_id JOIN rota_rota r ON r.id = k.rota_id "
        f"WHERE a.day BETWEEN {_day(first)} AND {_day(last)} AND a.status = 'on' "
        "AND EXISTS (SELECT 1 FROM schemes_contract c WHERE c.worker_id = a.worker_id "
        "AND c.scheme_id = r.scheme_id AND (c.signed_on IS NOT NULL OR c.renewal_of_id IS NOT NULL) "
        "AND c.start_date <= a.day AND c.end_date > a.day AND (c.ended_on IS NULL OR c.ended_on > a.day)) "
        "AND NOT EXISTS (SELECT 1 FROM schemes_suspension u JOIN schemes_contract c ON c.id = u.contract_id "
        "WHERE c.worker_id = a.worker_id AND c.scheme_id = r.scheme_id AND u.starts_on <= a.day "
        "AND (u.ends_on IS NULL OR u.ends_on >= a.day) AND (u.lifted_on IS NULL OR u.lifted_on > a.day)) "
        "AND NOT EXISTS (SELECT 1 FROM rota_unavailability b WHERE b.worker_id = a.worker_id "
        "AND b.establishment_id = r.establishment_id AND b.archived_at IS NULL "
        "AND b.starts_on <= a.day AND b.ends_on >= a.day) "
        "GROUP BY a.cover_point_id, a.day, a.shift_type_id",
        _open_flags("rota_gap"),
    ]


def _rota_gaps_floor() -> str:
    return _union(*_rota_gap_selects(_today()))


def _rota_gaps() -> object:
    from rota.services.gaps import rota_gaps_sync

    return rota_gaps_sync()


# --- Concerns overdue -----------------------------------------------------------------------------


def _concerns_overdue_floor() -> str:
    """Concerns waiting for an answer due before today, with the names their flag's summary
    gives, and the open overdue flags."""
    return _union(
        "SELECT 'overdue', c.id, c.establishment_id, c.deadline_days, "
        f"{_text('c.due_on')}, d.name || ' ' || t.name, l.name "
        "FROM concerns_concern c JOIN concerns_department d ON d.id = c.department_id "
        "LEFT JOIN concerns_topic t ON t.id = c.topic_id LEFT JOIN schemes_location l ON l.id = c.location_id "
        f"WHERE c.status IN ('raised', 'with_department') AND c.due_on < {_day(_today())}",
        _open_flags("concern_overdue"),
    )


def _concerns_overdue() -> object:
    from concerns.services import concerns_overdue_sync

    return concerns_overdue_sync()


# --- Support oversight ----------------------------------------------------------------------------


def _support_floor() -> str:
    """Each open pair of a one-to-one scheme with its last session, the sessions of the last four
    weeks counted by pair and reason, and the open flags of both kinds."""
    today = _today()
    return _union(
        "SELECT 'pair', p.id, p.establishment_id, p.scheme_id, "
        f'{_text("p.started_on")}, (SELECT CAST(MAX(x."on") AS TEXT) FROM support_session x '
        "WHERE x.pair_id = p.id AND x.archived_at IS NULL), "
        f"s.name || {_text('s.session_window_days')} || {NAME} || v.first_name "
        "FROM support_pair p JOIN schemes_scheme s ON s.id = p.scheme_id "
        "JOIN schemes_peerworker w ON w.id = p.mentor_id JOIN schemes_peerworker v ON v.id = p.supported_id "
        "WHERE p.ended_on IS NULL AND s.works_one_to_one",
        "SELECT 'sessions', x.pair_id, p.establishment_id, p.scheme_id, x.not_held_because, "
        f"{_text('COUNT(*)')}, s.name || {NAME} || v.first_name "
        "FROM support_session x JOIN support_pair p ON p.id = x.pair_id "
        "JOIN schemes_scheme s ON s.id = p.scheme_id JOIN schemes_peerworker w ON w.id = p.mentor_id "
        "JOIN schemes_peerworker v ON v.id = p.supported_id "
        f'WHERE x.archived_at IS NULL AND x."on" > {_day(today - timedelta(days=28))} AND x."on" <= {_day(today)} '
        "AND p.ended_on IS NULL AND s.works_one_to_one "
        "GROUP BY x.pair_id, x.not_held_because, p.establishment_id, p.scheme_id, s.name, "
        "w.first_name, w.last_name, v.first_name",
        _open_flags("support_no_session", "support_blocked"),
    )


def _support_oversight() -> object:
    from support.oversight import support_oversight_sync

    return support_oversight_sync()


# --- Welfare oversight ----------------------------------------------------------------------------


def _welfare_floor() -> str:
    """Each in-role contract of an active scheme with check-ins due, with its holder's last check-in
    here; the latest 'needs a break' check-ins with no later check-in or break since (and not
    resolved by staff); the rotas' limits and night shifts; the call-outs of last week and this;
    and the open flags of the three kinds."""
    from peerwork.dates import monday_of

    today = _today()
    tz = timezone.get_current_timezone()
    first = datetime.combine(monday_of(today) - timedelta(days=7), datetime.min.time(), tzinfo=tz)
    last = first + timedelta(days=14)
    return _union(
        "SELECT 'checkin_due', c.id, s.establishment_id, c.scheme_id, "
        f'{_text("c.start_date")}, (SELECT CAST(MAX(k."on") AS TEXT) FROM welfare_checkin k '
        "WHERE k.worker_id = c.worker_id AND k.establishment_id = s.establishment_id "
        f'AND k.archived_at IS NULL AND k."on" <= {_day(today)}), '
        f"s.name || {_text('s.checkin_every_days')} || {NAME} "
        "FROM schemes_contract c JOIN schemes_scheme s ON s.id = c.scheme_id "
        "JOIN schemes_peerworker w ON w.id = c.worker_id "
        f"WHERE c.status IN {IN_ROLE} AND s.checkin_every_days IS NOT NULL AND s.is_active",
        "SELECT 'needs_break', k.id, k.establishment_id, k.scheme_id, "
        f'CAST(k."on" AS TEXT), s.preset, s.name || {NAME} '
        "FROM welfare_checkin k JOIN schemes_peerworker w ON w.id = k.worker_id "
        "JOIN schemes_scheme s ON s.id = k.scheme_id "
        "WHERE k.how = 'needs_break' AND k.archived_at IS NULL AND w.establishment_id = k.establishment_id "
        "AND NOT EXISTS (SELECT 1 FROM welfare_checkin n WHERE n.worker_id = k.worker_id "
        "AND n.establishment_id = k.establishment_id AND n.archived_at IS NULL "
        'AND (n."on" > k."on" OR (n."on" = k."on" AND n.recorded_at > k.recorded_at))) '
        "AND NOT EXISTS (SELECT 1 FROM rota_unavailability b WHERE b.worker_id = k.worker_id "
        "AND b.establishment_id = k.establishment_id AND b.archived_at IS NULL "
        "AND b.created_at >= k.recorded_at) "
        "AND NOT EXISTS (SELECT 1 FROM schemes_flag f WHERE f.kind = 'needs_break' "
        "AND f.key = 'needs_break:checkin:' || k.id AND f.resolved_by_id IS NOT NULL)",
        "SELECT 'rota', r.id, r.establishment_id, r.scheme_id, "
        f"{_text('r.max_callout_hours_per_week')}, {_text('r.max_night_callouts_per_week')}, s.name "
        "FROM rota_rota r JOIN schemes_scheme s ON s.id = r.scheme_id",
        "SELECT 'night', t.id, r.establishment_id, NULL, "
        f"{_text('t.starts')}, {_text('t.ends')}, NULL "
        "FROM rota_shifttype t JOIN rota_rota r ON r.id = t.rota_id "
        "WHERE t.is_night AND t.archived_at IS NULL",
        "SELECT 'callout', o.listener_id, o.establishment_id, NULL, "
        f"{_text('o.requested_at')}, {_text('o.started_at')} || {_text('o.ended_at')}, {NAME} "
        "FROM rota_callout o JOIN schemes_peerworker w ON w.id = o.listener_id "
        f"WHERE o.archived_at IS NULL AND o.requested_at >= {_moment(first)} "
        f"AND o.requested_at < {_moment(last)}",
        _open_flags("checkin_overdue", "needs_break", "workload"),
    )


def _welfare_oversight() -> object:
    from welfare.oversight import welfare_oversight_sync

    return welfare_oversight_sync()


# --- Consistency audit ----------------------------------------------------------------------------


def _consistency_floor() -> str:
    """Every condition the sweep and the rota gaps job compute (the audit recomputes them to find
    open flags whose condition cleared), the open flags of those kinds, and the records each
    invariant reads: shifts to come with their holder's contract, PINs, contracts' role
    descriptions, open applications of contract holders; and the open consistency flags."""
    today = _today()
    now = timezone.now()
    return _union(
        *_oversight_selects(today),
        *_rota_gap_selects(today),
        "SELECT 'shift', a.id, r.establishment_id, NULL, " + _text("a.day") + ", NULL, " + NAME + " "
        "FROM rota_assignment a JOIN rota_rotaweek k ON k.id = a.week_id JOIN rota_rota r ON r.id = k.rota_id "
        "JOIN schemes_peerworker w ON w.id = a.worker_id "
        f"WHERE a.status IN ('on', 'needs_cover') AND a.ends_at > {_moment(now)} "
        "AND NOT EXISTS (SELECT 1 FROM schemes_contract c WHERE c.worker_id = a.worker_id "
        "AND c.scheme_id = r.scheme_id AND (c.signed_on IS NOT NULL OR c.renewal_of_id IS NOT NULL) "
        "AND c.start_date <= a.day AND c.end_date > a.day AND (c.ended_on IS NULL OR c.ended_on > a.day))",
        "SELECT 'pin', p.id, p.establishment_id, NULL, NULL, NULL, " + NAME + " "
        "FROM kiosk_kioskcredential p JOIN schemes_peerworker w ON w.id = p.worker_id "
        "WHERE NOT (w.custody_status = 'in_custody' AND w.establishment_id = p.establishment_id)",
        "SELECT 'role', c.id, s.establishment_id, c.scheme_id, NULL, NULL, " + NAME + " || s.name "
        "FROM schemes_contract c JOIN schemes_roledescription d ON d.id = c.role_description_id "
        "JOIN schemes_scheme s ON s.id = c.scheme_id JOIN schemes_peerworker w ON w.id = c.worker_id "
        "WHERE d.scheme_id <> c.scheme_id",
        "SELECT 'application', a.id, s.establishment_id, a.scheme_id, NULL, NULL, " + NAME + " || s.name "
        "FROM schemes_application a JOIN schemes_scheme s ON s.id = a.scheme_id "
        "JOIN schemes_peerworker w ON w.id = a.worker_id "
        "WHERE a.status IN ('received', 'checks', 'interview') AND EXISTS (SELECT 1 FROM schemes_contract c "
        f"WHERE c.worker_id = a.worker_id AND c.scheme_id = a.scheme_id AND c.status IN {OPEN_CONTRACT})",
        _open_flags("consistency"),
    )


def _audit_consistency() -> object:
    from consistency.services import consistency_audit

    return consistency_audit()


# --- Digests and the outbox -----------------------------------------------------------------------


def _digests_floor() -> str:
    """The open flags not resting (with their scheme, prison and concern's department), who wants
    a digest and what they hear about (prisons of those who hear every flag, schemes led,
    departments owned or deputised), the concerns waiting for an answer, and today's digest keys."""
    today = _today()
    wants = "u.is_active AND u.receives_digest AND u.email <> ''"
    return _union(
        "SELECT f.kind, f.id, f.establishment_id, f.scheme_id, "
        f"{_text('f.severity')}, {_text('c.department_id')}, f.summary || s.name || e.name "
        "FROM schemes_flag f JOIN schemes_establishment e ON e.id = f.establishment_id "
        "LEFT JOIN schemes_scheme s ON s.id = f.scheme_id LEFT JOIN concerns_concern c ON c.id = f.concern_id "
        f"WHERE f.resolved_at IS NULL AND (f.look_again_on IS NULL OR f.look_again_on <= {_day(today)})",
        "SELECT 'member', u.id, m.establishment_id, NULL, u.role, u.email, u.first_name || u.last_name "
        "FROM accounts_user u JOIN accounts_user_establishments m ON m.user_id = u.id "
        f"WHERE {wants} AND u.role IN ('safer_custody_manager', 'safer_custody_officer', 'system_admin')",
        "SELECT 'lead', u.id, NULL, l.scheme_id, u.role, u.email, u.first_name || u.last_name "
        "FROM accounts_user u JOIN schemes_schemelead l ON l.user_id = u.id AND l.ended_on IS NULL "
        f"WHERE {wants} AND u.role = 'scheme_coordinator'",
        "SELECT 'owner', u.id, d.establishment_id, d.id, u.role, u.email, u.first_name || u.last_name "
        "FROM accounts_user u JOIN concerns_department d ON d.owner_id = u.id AND d.archived_at IS NULL "
        f"WHERE {wants}",
        "SELECT 'deputy', u.id, d.establishment_id, d.id, u.role, u.email, u.first_name || u.last_name "
        "FROM accounts_user u JOIN concerns_department_deputies x ON x.user_id = u.id "
        f"JOIN concerns_department d ON d.id = x.department_id AND d.archived_at IS NULL WHERE {wants}",
        "SELECT 'waiting', c.id, c.establishment_id, c.department_id, "
        f"{_text('c.due_on')}, t.name, l.name "
        "FROM concerns_concern c JOIN concerns_department d ON d.id = c.department_id "
        "LEFT JOIN concerns_topic t ON t.id = c.topic_id LEFT JOIN schemes_location l ON l.id = c.location_id "
        "WHERE c.status IN ('raised', 'with_department') AND d.archived_at IS NULL",
        "SELECT 'written', o.id, NULL, NULL, NULL, NULL, o.key FROM schemes_outboxemail o "
        f"WHERE o.key LIKE 'digest:%:{today.isoformat()}'",
    )


def _digests_write() -> object:
    from schemes.services.digests import digests_write

    return digests_write()


def _outbox_floor() -> str:
    """The batch of unsent emails the sender takes (200, oldest first)."""
    return (
        "SELECT o.id, o.to_address, o.subject, o.body_text, o.body_html FROM schemes_outboxemail o "
        "WHERE o.sent_at IS NULL AND o.failed_attempts < 5 ORDER BY o.created_at, o.id LIMIT 200"
    )


def _outbox_send() -> object:
    from schemes.services.digests import outbox_send

    return outbox_send()


JOBS: list[Job] = [
    Job("oversight sweep", _oversight_sweep, _oversight_floor),
    Job("rota gaps", _rota_gaps, _rota_gaps_floor),
    Job("concerns overdue", _concerns_overdue, _concerns_overdue_floor),
    Job("support oversight", _support_oversight, _support_floor),
    Job("welfare oversight", _welfare_oversight, _welfare_floor),
    Job("consistency audit", _audit_consistency, _consistency_floor),
    Job("write digests", _digests_write, _digests_floor),
    Job("send outbox", _outbox_send, _outbox_floor),
]

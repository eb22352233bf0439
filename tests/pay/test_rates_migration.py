"""Upgrading: each paid scheme's single rate becomes its first dated rate, from its earliest
contract's start, and the contracts paid that rate follow the scheme's rate from then on."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone


def _every_app_but_pay_at(schemes_migration: str) -> list[tuple[str, str | None]]:
    """Every app at its latest, schemes at `schemes_migration` and pay (which needs schemes' last)
    not yet there."""
    leaves = MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes()
    others = [(app, name) for app, name in leaves if app not in ("schemes", "pay")]
    return [*others, ("schemes", schemes_migration), ("pay", None)]


BEFORE = _every_app_but_pay_at("0012_scheme_rates_from_a_date")
AFTER = _every_app_but_pay_at("0013_scheme_rates_carried_over")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([target for target in targets if target[1]]).apps


@pytest.fixture
def before_dated_rates(transactional_db):
    apps = _migrate(BEFORE)
    yield apps
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_the_rates_and_contracts_carry_over(before_dated_rates):
    apps = before_dated_rates
    today = timezone.localdate()
    prison = apps.get_model("establishments", "Establishment").objects.create(
        name="HMP X", code="XXX", category="B"
    )
    user = apps.get_model("accounts", "User").objects.create(username="u", role="safer_custody_manager")
    Scheme = apps.get_model("schemes", "Scheme")
    buddies = Scheme.objects.create(
        establishment=prison,
        name="Buddies",
        summary="-",
        confidentiality="strict",
        is_paid=True,
        weekly_rate_pence=600,
    )
    Scheme.objects.create(establishment=prison, name="Listeners", summary="-", confidentiality="strict")
    role = apps.get_model("schemes", "RoleDescription").objects.create(
        scheme=buddies, version=1, published_by=user, published_at=timezone.now()
    )
    worker = apps.get_model("schemes", "PeerWorker").objects.create(
        prison_number="A1000AA", first_name="A", last_name="B", establishment=prison
    )
    Contract = apps.get_model("schemes", "Contract")

    def contract(pay, days_ago):
        start = today - timedelta(days=days_ago)
        return Contract.objects.create(
            worker=worker,
            scheme=buddies,
            role_description=role,
            start_date=start,
            end_date=start + timedelta(days=180),
            status="ended",
            end_reason="completed",
            ended_on=start + timedelta(days=1),
            weekly_pay_pence=pay,
            issued_by=user,
            issued_at=timezone.now(),
        )

    follows, own = contract(600, 100), contract(750, 50)

    apps = _migrate(AFTER)
    rates = apps.get_model("schemes", "SchemeRate").objects.all()
    assert [(r.scheme_id, r.weekly_rate_pence, r.effective_from) for r in rates] == [
        (buddies.pk, 600, today - timedelta(days=100))
    ]
    Contract = apps.get_model("schemes", "Contract")
    assert Contract.objects.get(pk=follows.pk).weekly_pay_pence is None
    assert Contract.objects.get(pk=own.pk).weekly_pay_pence == 750

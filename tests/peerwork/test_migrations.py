"""Upgrading keeps every row: a database as an earlier release left it, migrated to this one.

The earlier release is the set of migrations below, from before Establishment and Location moved
out of schemes (issue 12). Its rows are written through that release's own models (the migration
state's), because today's models have columns its tables do not. Then the database is migrated
to today's: every table keeps every row, column and constraint (later releases only add), and the
records read back through the models where they live now.
"""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from accounts.models import User
from concerns.models import Department
from establishments.models import Establishment, Location
from schemes.models import Scheme

# The last migration of each app in the release before Establishment and Location moved out of
# schemes into establishments (issue 12).
PREVIOUS_RELEASE = [
    ("accounts", "0003_historicaluser_receives_digest_user_receives_digest"),
    ("schemes", "0005_free_text_bounded"),
    ("flags", "0004_comment_text_bounded"),
    ("kiosk", "0003_sign_in_limits"),
    ("rota", "0002_assignment_belongs_to_worker"),
    ("establishments", None),
]


def migrate_to(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([target for target in targets if target[1]]).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def snapshot():
    """Every table's columns, constraints and row count, read from the database itself, not from
    the models. (django_migrations, the record of what ran, is the one table meant to grow.)"""
    tables = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table == "django_migrations":
                continue
            description = connection.introspection.get_table_description(cursor, table)
            constraints = connection.introspection.get_constraints(cursor, table)
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            tables[table] = (sorted(c.name for c in description), sorted(constraints), cursor.fetchone()[0])
    return tables


@pytest.fixture
def previous_release(transactional_db):
    apps = migrate_to(PREVIOUS_RELEASE)
    yield apps
    migrate_to(latest())


def _write_rows(apps) -> None:
    """Two prisons with wings (and their history), a member of staff, two national schemes and a
    peer worker, written as the earlier release would have."""
    now = timezone.now()
    user = apps.get_model("accounts", "User").objects.create(username="manager", role="safer_custody_manager")
    for code, name, wings in (
        ("NGT", "HMP Northgate", ["A wing", "B wing"]),
        ("EMR", "HMP Eastmoor", ["Annexe"]),
    ):
        prison = apps.get_model("schemes", "Establishment").objects.create(name=name, code=code, category="B")
        user.establishments.add(prison)
        for wing in wings:
            location = apps.get_model("schemes", "Location").objects.create(establishment=prison, name=wing)
            apps.get_model("schemes", "HistoricalLocation").objects.create(
                id=location.pk,
                establishment=prison,
                name=wing,
                kind="wing",
                history_date=now,
                history_type="+",
            )
        for preset, scheme in (("listeners", "Listeners"), ("buddies", "Buddies")):
            apps.get_model("schemes", "Scheme").objects.create(
                establishment=prison, preset=preset, name=scheme, summary="-", confidentiality="strict"
            )
    apps.get_model("schemes", "PeerWorker").objects.create(
        prison_number="A1001AA",
        first_name="Lee",
        last_name="Barker",
        establishment=prison,
        location=location,
    )


def test_an_earlier_release_keeps_every_row(previous_release):
    _write_rows(previous_release)
    ContentType.objects.clear_cache()
    LogEntry.objects.create(
        content_type=ContentType.objects.get(app_label="schemes", model="location"),
        object_id="1",
        object_repr="A wing",
        action_flag=2,
        user=User.objects.first(),
    )
    before = snapshot()
    assert before["schemes_location"][2] > 0 and before["schemes_historicallocation"][2] > 0

    migrate_to(latest())
    ContentType.objects.clear_cache()

    after = snapshot()
    for table, (columns, constraints, rows) in before.items():
        assert table in after, f"migrating lost the table {table}"
        now_columns, now_constraints, now_rows = after[table]
        assert set(columns) <= set(now_columns), f"migrating lost a column of {table}"
        assert set(constraints) <= set(now_constraints), f"migrating lost a constraint of {table}"
        assert now_rows == rows, f"migrating changed the rows of {table}"
    wings = Location.objects.select_related("establishment")
    assert wings.count() == before["schemes_location"][2]
    assert {wing.establishment.code for wing in wings} == set(
        Establishment.objects.values_list("code", flat=True)
    )
    assert Location.history.count() == before["schemes_historicallocation"][2]
    # The admin's log still names what it changed: the content type moved with its model.
    assert LogEntry.objects.get().content_type.model_class() is Location
    # Later releases' data steps: Buddies carry residents' concerns, Listeners never; every prison
    # has the default departments.
    assert set(Scheme.objects.filter(raises_concerns=True).values_list("preset", flat=True)) == {"buddies"}
    assert Department.objects.filter(establishment__code="EMR", name="Healthcare").exists()

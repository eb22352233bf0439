"""Upgrading keeps every row: the demo database, as the previous release left it, migrated to this one.

The previous release is the set of migrations below. The demo data is loaded with the database
at that state (the tables are the ones that release created), then the database is migrated to
today's. Every table keeps every row and every column, and the records read back through the
models where they live now.
"""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import User
from establishments.models import Establishment, Location

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
    migrate_to(PREVIOUS_RELEASE)
    yield
    migrate_to(latest())


def test_the_demo_database_of_the_previous_release_keeps_every_row(previous_release):
    call_command("load_demo")
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

    assert snapshot() == before, "migrating the demo database lost or changed a table"
    wings = Location.objects.select_related("establishment")
    assert wings.count() == before["schemes_location"][2]
    assert {wing.establishment.code for wing in wings} == set(
        Establishment.objects.values_list("code", flat=True)
    )
    assert Location.history.count() == before["schemes_historicallocation"][2]
    # The admin's log still names what it changed: the content type moved with its model.
    assert LogEntry.objects.get().content_type.model_class() is Location

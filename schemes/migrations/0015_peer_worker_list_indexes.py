"""Indexes for the peer workers list at national scale (README, "Searching at scale").

The two btree indexes on people serve the list's pages by name, and the partial one on open
contracts its "scheme" and "in a role here" filters. The trigram index serves a name search
(`icontains`, which Django writes as UPPER(name::text) LIKE UPPER('%term%')) and exists on
PostgreSQL only: SQLite, the development default, has no pg_trgm, and the operation below does
nothing there. (Django's TrigramExtension skips other databases going forwards but not backwards:
unapplied on SQLite it asks for pg_extension and fails. Going back leaves the extension installed,
as other indexes may come to use it.)
"""

from django.db import migrations, models

NAME_TRIGRAMS = "peer_worker_name_trigrams"


def create_name_trigrams(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX {NAME_TRIGRAMS} ON schemes_peerworker USING gin "
            "(UPPER(last_name::text) gin_trgm_ops, UPPER(first_name::text) gin_trgm_ops)"
        )


def drop_name_trigrams(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME_TRIGRAMS}")


class Migration(migrations.Migration):
    dependencies = [
        ("establishments", "0002_pay_bounds"),
        ("schemes", "0014_scheme_weekly_rate_retired"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="peerworker",
            index=models.Index(
                fields=["establishment", "custody_status", "last_name", "first_name", "id"],
                name="peer_worker_custody_by_name",
            ),
        ),
        migrations.AddIndex(
            model_name="peerworker",
            index=models.Index(fields=["establishment", "last_name", "first_name", "id"], name="peer_worker_by_name"),
        ),
        migrations.AddIndex(
            model_name="contract",
            index=models.Index(
                condition=models.Q(status__in=["awaiting_signature", "active", "suspended"]),
                fields=["scheme", "worker"],
                name="contract_open_by_scheme",
            ),
        ),
        migrations.RunPython(create_name_trigrams, drop_name_trigrams, elidable=False),
    ]

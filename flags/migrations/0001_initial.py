"""Flag and FlagComment move here from `schemes`, keeping their tables, rows and ids.

Only Django's idea of which app owns them changes: the tables stay schemes_flag and
schemes_flagcomment (Meta.db_table), so this migration and schemes' 0004 touch no table.
Content types follow, so admin history and permissions keep pointing at the same models.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("flag", "flagcomment"):
        if not ContentType.objects.filter(app_label="flags", model=model).exists():
            ContentType.objects.filter(app_label="schemes", model=model).update(app_label="flags")


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("flag", "flagcomment"):
        if not ContentType.objects.filter(app_label="schemes", model=model).exists():
            ContentType.objects.filter(app_label="flags", model=model).update(app_label="schemes")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("schemes", "0003_supervision_and_flags"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Flag",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("meetings_cancelled", "Supervision meeting cancelled"), ("supervision_overdue", "Supervision overdue"), ("no_lead", "Scheme has no staff lead"), ("contract_ending", "Contract ending soon"), ("contract_expired", "Contract expired"), ("rota_gap", "Listener rota gap"), ("out_of_role", "Asked to work outside the role")], max_length=30)),
                        ("key", models.CharField(max_length=120)),
                        ("severity", models.PositiveSmallIntegerField(choices=[(1, "Notice"), (2, "Warning"), (3, "Urgent")])),
                        ("summary", models.CharField(max_length=300)),
                        ("opened_at", models.DateTimeField()),
                        ("escalated_at", models.DateTimeField(blank=True, null=True)),
                        ("acknowledged_at", models.DateTimeField(blank=True, null=True)),
                        ("resolved_at", models.DateTimeField(blank=True, null=True)),
                        ("resolution", models.CharField(blank=True, max_length=300)),
                        ("acknowledged_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("contract", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="flags", to="schemes.contract")),
                        ("establishment", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="flags", to="schemes.establishment")),
                        ("meeting", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="flags", to="schemes.supervisionmeeting")),
                        ("resolved_by", models.ForeignKey(blank=True, help_text="Blank when the system resolved it because the condition cleared.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("scheme", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="flags", to="schemes.scheme")),
                    ],
                    options={
                        "db_table": "schemes_flag",
                        "ordering": ["-severity", "opened_at"],
                        "indexes": [models.Index(fields=["establishment", "resolved_at", "kind"], name="schemes_fla_establi_7ad05c_idx")],
                        "constraints": [
                            models.UniqueConstraint(condition=models.Q(("resolved_at__isnull", True)), fields=("key",), name="flag_one_open_per_condition"),
                            models.CheckConstraint(condition=models.Q(("acknowledged_at__isnull", True), ("acknowledged_by__isnull", False), _connector="OR"), name="flag_acknowledgement_is_attributed"),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="FlagComment",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("text", models.TextField(help_text="Never record what a Listener's caller said.")),
                        ("created_at", models.DateTimeField()),
                        ("author", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("flag", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="comments", to="flags.flag")),
                    ],
                    options={
                        "db_table": "schemes_flagcomment",
                        "ordering": ["created_at"],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]

"""Every establishment already on the system gets the default departments and topics (new ones get
them from concerns.receivers when they are set up), and the national schemes whose peer workers
carry residents' concerns (schemes.presets) have the setting on."""

from django.db import migrations

from concerns import defaults

CARRY_CONCERNS = ["equality-representatives", "insiders", "prison-advice-line", "buddies", "drug-peer-mentors"]


def carry_concerns(apps, schema_editor):
    apps.get_model("schemes", "Scheme").objects.filter(preset__in=CARRY_CONCERNS).update(raises_concerns=True)


def add_defaults(apps, schema_editor):
    Establishment = apps.get_model("establishments", "Establishment")
    Department = apps.get_model("concerns", "Department")
    Topic = apps.get_model("concerns", "Topic")
    for establishment in Establishment.objects.all():
        departments = {
            name: Department.objects.get_or_create(establishment=establishment, name=name, archived_at=None)[0]
            for name in defaults.DEPARTMENTS
        }
        for name, department, days in defaults.TOPICS:
            Topic.objects.get_or_create(
                establishment=establishment,
                name=name,
                archived_at=None,
                defaults={
                    "department": departments[department],
                    "answer_within_days": days,
                    "asks_protected_characteristic": name == defaults.DISCRIMINATION,
                },
            )


class Migration(migrations.Migration):
    # After every app's move of its foreign keys to `establishments`, so the state is whole.
    dependencies = [
        ("concerns", "0001_initial"),
        ("accounts", "0004_establishments_moved"),
        ("flags", "0006_renewal_unsigned_kind"),
        ("kiosk", "0004_establishments_moved"),
        ("rota", "0003_establishments_moved_call_outs_archivable"),
    ]

    operations = [
        migrations.RunPython(carry_concerns, migrations.RunPython.noop),
        migrations.RunPython(add_defaults, migrations.RunPython.noop),
    ]

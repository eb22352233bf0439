"""The national schemes that work one to one get the setting (Toe by Toe one learner per mentor,
Buddies up to three, drug peer mentors up to five), and every Toe by Toe scheme its reading plan's
first stages, numbered for staff to rename (new establishments get both from support.receivers)."""

from django.db import migrations

ONE_TO_ONE = {"toe-by-toe": 1, "buddies": 3, "drug-peer-mentors": 5}
STAGES = 5


def set_up(apps, schema_editor):
    Scheme = apps.get_model("schemes", "Scheme")
    ReadingStage = apps.get_model("support", "ReadingStage")
    for preset, limit in ONE_TO_ONE.items():
        Scheme.objects.filter(preset=preset).update(works_one_to_one=True, supported_per_mentor=limit)
    for scheme in Scheme.objects.filter(preset="toe-by-toe"):
        for number in range(1, STAGES + 1):
            ReadingStage.objects.get_or_create(
                scheme=scheme, number=number, archived_at=None, defaults={"name": f"Stage {number}"}
            )


class Migration(migrations.Migration):
    # After every app's move of its foreign keys to `establishments`, so the state is whole.
    dependencies = [
        ("support", "0001_initial"),
        ("concerns", "0002_default_departments"),
    ]

    operations = [migrations.RunPython(set_up, migrations.RunPython.noop)]

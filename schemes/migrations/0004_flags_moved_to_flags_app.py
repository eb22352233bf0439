"""Flag and FlagComment now belong to the `flags` app (flags 0001), which keeps their tables.
Removed from schemes' state only: no table is dropped."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("schemes", "0003_supervision_and_flags"),
        ("flags", "0001_initial"),
        ("kiosk", "0002_flag_moved_to_flags"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="FlagComment"),
                migrations.DeleteModel(name="Flag"),
            ],
        ),
    ]

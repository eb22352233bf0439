"""The report's flag is now flags.Flag: the same table (schemes_flag), so no column or
constraint changes; only Django's state follows the move."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("flags", "0001_initial"),
        ("kiosk", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="outofrolereport",
                    name="flag",
                    field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name="out_of_role_report", to="flags.flag"),
                ),
                migrations.AlterField(
                    model_name="historicaloutofrolereport",
                    name="flag",
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="flags.flag"),
                ),
            ],
        ),
    ]

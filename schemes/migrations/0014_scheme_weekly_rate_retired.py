"""Scheme.weekly_rate_pence is retired: the rates from a date (SchemeRate) are the one source.

Releases only add to the database (tests/peerwork/test_migrations.py), so the column and its
constraint stay, with a database default of 0 that rows written from now on take; the models no
longer know the column."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("schemes", "0013_scheme_rates_carried_over")]

    operations = [
        migrations.AlterField(
            model_name="scheme",
            name="weekly_rate_pence",
            field=models.PositiveIntegerField(default=0, db_default=0, verbose_name="Weekly rate (pence)"),
        ),
        migrations.AlterField(
            model_name="historicalscheme",
            name="weekly_rate_pence",
            field=models.PositiveIntegerField(default=0, db_default=0, verbose_name="Weekly rate (pence)"),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveConstraint(model_name="scheme", name="scheme_unpaid_has_no_rate"),
                migrations.RemoveField(model_name="historicalscheme", name="weekly_rate_pence"),
                migrations.RemoveField(model_name="scheme", name="weekly_rate_pence"),
            ],
        ),
    ]

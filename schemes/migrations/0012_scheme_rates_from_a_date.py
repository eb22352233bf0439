"""Scheme rates take effect from a date (SchemeRate); a contract's pay may be empty, meaning it
follows the scheme's rate. The rates themselves are carried over in 0013."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('schemes', '0011_scheme_checkin_every_days'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalSchemeRate',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('weekly_rate_pence', models.PositiveIntegerField(verbose_name='Weekly rate (pence)')),
                ('effective_from', models.DateField(verbose_name='Takes effect from')),
                ('set_at', models.DateTimeField()),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical scheme rate',
                'verbose_name_plural': 'historical scheme rates',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='SchemeRate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('weekly_rate_pence', models.PositiveIntegerField(verbose_name='Weekly rate (pence)')),
                ('effective_from', models.DateField(verbose_name='Takes effect from')),
                ('set_at', models.DateTimeField()),
            ],
            options={
                'ordering': ['-effective_from'],
            },
        ),
        migrations.AlterField(
            model_name='contract',
            name='weekly_pay_pence',
            field=models.PositiveIntegerField(blank=True, help_text="Empty: the contract is paid the scheme's rate in force each day (schemes.SchemeRate).", null=True, verbose_name='Own weekly rate (pence)'),
        ),
        migrations.AlterField(
            model_name='historicalcontract',
            name='weekly_pay_pence',
            field=models.PositiveIntegerField(blank=True, help_text="Empty: the contract is paid the scheme's rate in force each day (schemes.SchemeRate).", null=True, verbose_name='Own weekly rate (pence)'),
        ),
        migrations.AlterField(
            model_name='historicalscheme',
            name='is_paid',
            field=models.BooleanField(default=False, help_text="The safer-custody manager sets the weekly rate, from a date, on the scheme's pay rates page.", verbose_name='Paid role'),
        ),
        migrations.AlterField(
            model_name='scheme',
            name='is_paid',
            field=models.BooleanField(default=False, help_text="The safer-custody manager sets the weekly rate, from a date, on the scheme's pay rates page.", verbose_name='Paid role'),
        ),
        migrations.AddField(
            model_name='historicalschemerate',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalschemerate',
            name='scheme',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='schemes.scheme'),
        ),
        migrations.AddField(
            model_name='historicalschemerate',
            name='set_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='schemerate',
            name='scheme',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rates', to='schemes.scheme'),
        ),
        migrations.AddField(
            model_name='schemerate',
            name='set_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddConstraint(
            model_name='schemerate',
            constraint=models.UniqueConstraint(fields=('scheme', 'effective_from'), name='scheme_rate_once_per_day', violation_error_message='The scheme already has a rate that takes effect that day.'),
        ),
        migrations.AddConstraint(
            model_name='schemerate',
            constraint=models.CheckConstraint(condition=models.Q(('weekly_rate_pence__gt', 0)), name='scheme_rate_positive', violation_error_message='A weekly rate is more than £0.00.'),
        ),
    ]

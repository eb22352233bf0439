

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('flags', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='flag',
            name='look_again_on',
            field=models.DateField(blank=True, help_text='Set when acknowledged: until this day the flag stays out of the daily digest.', null=True),
        ),
    ]

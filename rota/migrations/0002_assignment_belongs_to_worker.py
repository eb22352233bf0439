# A shift belongs to the Listener, not to one contract: whether they can work it is asked of
# the contracts in effect on its day (Assignment.objects.with_standing), so renewing a contract
# no longer strands the shifts booked under the old one.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("rota", "0001_rota"),
    ]

    operations = [
        migrations.RemoveField(model_name="assignment", name="contract"),
        migrations.RemoveField(model_name="historicalassignment", name="contract"),
    ]

"""Each paid scheme's weekly rate becomes its first dated rate, in force from its earliest
contract's start or the scheme's creation, whichever came first, so every contract already issued
is paid at it. A contract whose pay was the scheme's rate now follows the scheme's rate (empty);
one issued at a different rate keeps it as its own."""

from django.db import migrations
from django.db.models import F, Min
from django.utils import timezone


def carry_over(apps, schema_editor):
    Scheme = apps.get_model("schemes", "Scheme")
    SchemeRate = apps.get_model("schemes", "SchemeRate")
    Contract = apps.get_model("schemes", "Contract")
    HistoricalScheme = apps.get_model("schemes", "HistoricalScheme")
    now = timezone.now()
    for scheme in Scheme.objects.filter(is_paid=True, weekly_rate_pence__gt=0):
        days = [timezone.localdate(now)]
        created = HistoricalScheme.objects.filter(id=scheme.pk).aggregate(first=Min("history_date"))["first"]
        if created is not None:
            days.append(timezone.localdate(created))
        earliest = Contract.objects.filter(scheme=scheme).aggregate(first=Min("start_date"))["first"]
        if earliest is not None:
            days.append(earliest)
        SchemeRate.objects.create(
            scheme=scheme, weekly_rate_pence=scheme.weekly_rate_pence, effective_from=min(days), set_at=now
        )
    Contract.objects.filter(weekly_pay_pence=F("scheme__weekly_rate_pence")).update(weekly_pay_pence=None)


def carry_back(apps, schema_editor):
    """Back to one rate per scheme: the latest, and every contract's pay written out again."""
    Scheme = apps.get_model("schemes", "Scheme")
    SchemeRate = apps.get_model("schemes", "SchemeRate")
    Contract = apps.get_model("schemes", "Contract")
    for rate in SchemeRate.objects.order_by("scheme_id", "effective_from"):
        Scheme.objects.filter(pk=rate.scheme_id).update(weekly_rate_pence=rate.weekly_rate_pence)
    for scheme in Scheme.objects.all():
        Contract.objects.filter(scheme=scheme, weekly_pay_pence__isnull=True).update(
            weekly_pay_pence=scheme.weekly_rate_pence
        )
    SchemeRate.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("schemes", "0012_scheme_rates_from_a_date")]

    operations = [migrations.RunPython(carry_over, carry_back)]

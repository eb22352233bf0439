from django.core.management.base import BaseCommand

from rota.services.gaps import rota_gaps_sync


class Command(BaseCommand):
    help = (
        "Flag Listener rota shifts in the next 7 days with fewer Listeners than they need (nights first), "
        "and resolve the flags of shifts now covered. The same job the worker runs every hour."
    )

    def handle(self, *args, **options):
        result = rota_gaps_sync()
        self.stdout.write(
            f"Rota gaps: {result.opened} opened, {result.escalated} escalated, {result.resolved} resolved."
        )

from django.core.management.base import BaseCommand

from concerns.services import concerns_overdue_sync


class Command(BaseCommand):
    help = (
        "Flag every concern not answered by its due day (escalating at two and three times its deadline) "
        "and resolve the flags of concerns now answered. The same job the worker runs every hour."
    )

    def handle(self, *args, **options):
        result = concerns_overdue_sync()
        self.stdout.write(
            f"Overdue concerns: {result.opened} opened, {result.escalated} escalated, {result.resolved} resolved."
        )

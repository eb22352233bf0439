from django.core.management.base import BaseCommand

from welfare.oversight import welfare_oversight_sync


class Command(BaseCommand):
    help = (
        "Flag welfare check-ins overdue, Listeners over the rota's weekly call-out limits, and check-ins "
        "that found someone needs a break; resolve the flags of those that cleared. "
        "The same job the worker runs every hour."
    )

    def handle(self, *args, **options):
        result = welfare_oversight_sync()
        self.stdout.write(
            f"Welfare flags: {result.opened} opened, {result.escalated} escalated, {result.resolved} resolved."
        )

from django.core.management.base import BaseCommand

from support.oversight import support_oversight_sync


class Command(BaseCommand):
    help = (
        "Flag one-to-one pairs with no session in their scheme's window, and pairs whose sessions mostly "
        "did not happen for one reason in four weeks; resolve the flags of those that cleared. "
        "The same job the worker runs every hour."
    )

    def handle(self, *args, **options):
        result = support_oversight_sync()
        self.stdout.write(
            f"Support flags: {result.opened} opened, {result.escalated} escalated, {result.resolved} resolved."
        )

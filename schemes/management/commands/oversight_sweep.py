from django.core.management.base import BaseCommand

from schemes.services.oversight import oversight_sweep


class Command(BaseCommand):
    help = (
        "Expire contracts past their end date and open, escalate or resolve oversight flags. "
        "The same job the worker runs every hour."
    )

    def handle(self, *args, **options):
        result = oversight_sweep()
        flags = result.flags
        self.stdout.write(
            f"Expired {result.expired} contract{'s' if result.expired != 1 else ''}. "
            f"Flags: {flags.opened} opened, {flags.escalated} escalated, {flags.resolved} resolved."
        )

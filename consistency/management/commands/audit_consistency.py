from django.core.management.base import BaseCommand

from consistency.services import consistency_audit


class Command(BaseCommand):
    help = (
        "Check the invariants that span apps (shifts, flags, kiosk PINs, contracts, applications); "
        "each breach becomes one flag for system administrators. The nightly job runs the same."
    )

    def handle(self, *args, **options):
        found, result = consistency_audit()
        for breach in found:
            self.stdout.write(f"Breach: {breach.summary}")
        self.stdout.write(
            f"{len(found)} breach{'es' if len(found) != 1 else ''} found; "
            f"{result.opened} flag{'s' if result.opened != 1 else ''} opened, {result.resolved} closed."
        )
        if found:
            raise SystemExit(1)

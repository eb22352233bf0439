from django.core.management.base import BaseCommand

from schemes.services.digests import digests_write, outbox_send


class Command(BaseCommand):
    help = (
        "Write today's digest for each scheme lead and safer-custody manager with open flags, "
        "then send the outbox. Running it again the same day writes and sends nothing new."
    )

    def handle(self, *args, **options):
        written = digests_write()
        sent = outbox_send()
        self.stdout.write(
            f"Wrote {written} digest{'s' if written != 1 else ''}. Sent {sent} email{'s' if sent != 1 else ''}."
        )

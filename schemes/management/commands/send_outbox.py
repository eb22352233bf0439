from django.core.management.base import BaseCommand

from schemes.services.digests import outbox_send


class Command(BaseCommand):
    help = "Send the emails waiting in the outbox. The same job the worker runs every minute."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=200, help="Send at most this many (default 200).")

    def handle(self, *args, **options):
        sent = outbox_send(limit=options["limit"])
        self.stdout.write(f"Sent {sent} email{'s' if sent != 1 else ''}.")

"""Demo data: fictional prisons and one demo user per role. Safe to run again."""

from django.core.management.base import BaseCommand
from django.db import transaction

from demo import data


class Command(BaseCommand):
    help = "Load the demo establishments and demo users (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            summary = data.load()
        for line in summary:
            self.stdout.write(line)

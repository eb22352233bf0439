"""Demo data: fictional prisons and one demo user per role. Safe to run again."""

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import User
from demo import data
from demo.concerns import load_concerns
from demo.kiosk import load_kiosk_pins
from demo.rota import load_rota_demo
from demo.support import load_support
from demo.welfare import load_welfare
from establishments.models import Establishment


class Command(BaseCommand):
    help = "Load the demo establishments and demo users (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            summary = data.load()
            summary += load_rota_demo(
                Establishment.objects.get(code="NGT"), User.objects.get(username="coordinator")
            )
            summary += load_kiosk_pins()
            summary += load_concerns()
            summary += load_support()
            summary += load_welfare()
        for line in summary:
            self.stdout.write(line)

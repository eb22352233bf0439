"""Build the estate into its own PostgreSQL database and leave it there (for the load test).

    python manage.py bench_build --database-name peerwork_bench
    python manage.py bench_build --database-name peerwork_bench --scale 0.1 --establishments 12

Drops the database if it exists, creates it on DATABASE_URL's server, migrates it and builds the
estate (demo.bench.world.build_estate) into it, then prints the counts and how long it took.
Every bench user's password is demo.bench.world.BENCH_PASSWORD.

How: the command points the default connection at the new database (it closes the connection and
changes the connection's NAME, which is settings.DATABASES["default"]'s own dict) before it
migrates, the way Django's test runner points it at test_<name>. The configured database is never
touched, and the command refuses to drop it.
"""

import resource
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = "Drop, create, migrate and fill a PostgreSQL database with the benchmark's estate."

    def add_arguments(self, parser):
        parser.add_argument("--database-name", required=True, help="The database to (re)create.")
        parser.add_argument("--scale", type=float, default=1.0, help="Per-prison numbers times this.")
        parser.add_argument("--establishments", type=int, default=120, help="Prisons (default 120).")
        parser.add_argument("--years", type=int, default=5, help="Years of history (default 5).")

    def handle(self, *args, database_name, scale, establishments, years, **options):
        from demo.bench.world import build_estate

        if connection.vendor != "postgresql":
            raise CommandError("bench_build needs PostgreSQL: set DATABASE_URL.")
        if database_name == connection.settings_dict["NAME"]:
            raise CommandError(f"{database_name} is the configured database: choose another name.")
        started = time.perf_counter()
        quoted = connection.ops.quote_name(database_name)
        with connection._nodb_cursor() as cursor:  # as Django's test runner creates its database
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
            cursor.execute(f"CREATE DATABASE {quoted}")
        connection.close()
        connection.settings_dict["NAME"] = database_name
        call_command("migrate", verbosity=0, interactive=False)
        migrated = time.perf_counter()
        world = build_estate(scale=scale, establishments=establishments, years=years)
        connection.close()
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(world["counts"])
        self.stdout.write(
            f"Built {database_name} in {time.perf_counter() - started:.0f} s "
            f"(migrate {migrated - started:.0f} s, estate {world['seconds']:.0f} s); "
            f"peak memory {peak_mb:.0f} MB."
        )

"""Loaded with `-p tests.environment` (see pyproject.toml), before Django reads its settings.

Only defaults: CI's DATABASE_URL and REDIS_URL still point the suite at PostgreSQL and Redis.
"""

import os

os.environ.setdefault("DEBUG", "false")
# The test client and the live server speak plain HTTP.
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
# No collectstatic before tests: serve static files straight from the finders.
os.environ.setdefault("STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")
# Keep the suite's cache apart from a running `make run`.
os.environ.setdefault("CACHE_URL", "locmemcache://")
# A queue of the suite's own, so a developer's running worker never takes a test's task.
os.environ.setdefault("CELERY_TASK_DEFAULT_QUEUE", "peerwork-tests")


def pytest_configure(config):
    """`PEERWORK_TEST_TODAY=YYYY-MM-DD` moves the whole suite's clock to that day (the clock keeps
    ticking from the real time of day). CI runs the suite once on the real clock and once more
    than a year ahead, so a test that holds only on the day it was written fails there."""
    today = os.environ.get("PEERWORK_TEST_TODAY")
    if not today:
        return
    from datetime import date, datetime

    import time_machine

    day = date.fromisoformat(today)
    now = datetime.now().astimezone()
    traveller = time_machine.travel(datetime.combine(day, now.timetz()), tick=True)
    traveller.start()
    config._peerwork_clock = traveller
    config.add_cleanup(traveller.stop)


def pytest_report_header(config):
    today = os.environ.get("PEERWORK_TEST_TODAY")
    return f"peerwork: the suite's clock is moved to {today}" if today else None

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

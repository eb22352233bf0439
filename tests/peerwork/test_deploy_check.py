import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-4f9d2c7b1e8a6d3f0c5b9e2a7d4f1c8b6e3a0d9f",
    "ALLOWED_HOSTS": "peerwork.example.gov.uk",
    "DATABASE_URL": "sqlite:///:memory:",
}
TEST_ONLY = {"SECURE_SSL_REDIRECT", "STATICFILES_BACKEND", "CACHE_URL", "CELERY_TASK_DEFAULT_QUEUE"}


def _check_deploy(extra: dict) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    environment.update(PRODUCTION | extra)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _check_deploy({})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_with_the_development_secret_key():
    result = _check_deploy({"SECRET_KEY": ""})
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr

from tests.peerwork.test_oversight_worker import celery_worker, ending_contract  # noqa: F401  shared fixtures

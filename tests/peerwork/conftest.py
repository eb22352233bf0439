import pytest

HOSTILE_WALK_SUMMARY = pytest.StashKey[str]()


def pytest_terminal_summary(terminalreporter, config):
    """The hostile-input walk says how many forms and values it tried, even under -q."""
    if summary := config.stash.get(HOSTILE_WALK_SUMMARY, None):
        terminalreporter.write_line(summary)

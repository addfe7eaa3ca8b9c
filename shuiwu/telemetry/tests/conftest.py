import pytest


@pytest.fixture(autouse=True)
def _fresh_alarm_state():
    """The alarm evaluator keeps per-process state (runs, last readings, rules); each test starts clean."""
    from shuiwu.telemetry import alarms

    alarms.forget()
    yield
    alarms.forget()

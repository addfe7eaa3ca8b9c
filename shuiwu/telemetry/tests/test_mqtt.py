"""MQTT ingestion against a real broker: end to end, a kill mid-batch, a broker restart, bad payloads.

Each test runs ``shuiwu ingest-mqtt`` as a child process on the test database. They skip, saying why, where
no broker (or no mosquitto binary, for the restart test) is present.
"""

import time

import pytest

from shuiwu.core.models import Rule
from shuiwu.telemetry.models import DailyRollup, Reading
from shuiwu.telemetry.tests import mqtt_kit as kit
from shuiwu.telemetry.tests.factories import sensor

pytestmark = pytest.mark.django_db(transaction=True)

CODES = [f"MQ-{i}" for i in range(10)]


@pytest.fixture
def sensors(companies):
    return [sensor(companies["SUPPLY"], code=code) for code in CODES]


def stored() -> int:
    return Reading.objects.filter(sensor__code__in=CODES).count()


def counted() -> int:
    return sum(DailyRollup.objects.filter(sensor__code__in=CODES).values_list("count", flat=True))


def test_readings_flow_from_the_broker_to_the_table(sensors):
    kit.require_broker()
    ingester = kit.IngesterProcess("mqtt://127.0.0.1:1883", kit.client_id(), "--batch-seconds", "0.2")
    try:
        ingester.wait_subscribed()
        kit.publish(1883, kit.reading_messages(CODES, per_message=20, messages=10))
        kit.publish(1883, [(f"{kit.TOPIC}/one", {"sensor": "MQ-0", "ts": "2026-07-02T00:00:00Z", "value": 0.31})])
        kit.wait_for(lambda: stored() == 201, 30, "201 readings")
    finally:
        output = ingester.stop()
    assert counted() == 201
    assert "written=201" in output.splitlines()[-1]


def test_a_kill_mid_batch_loses_and_duplicates_nothing(sensors):
    kit.require_broker()
    cid = kit.client_id()
    # Each batch is held open (written, not committed) for a second: the kill lands inside one.
    first = kit.IngesterProcess(
        "mqtt://127.0.0.1:1883", cid, "--batch-size", "50", "--batch-seconds", "0.2", "--pause-before-commit", "1"
    )
    try:
        first.wait_subscribed()
        kit.publish(1883, kit.reading_messages(CODES, per_message=10, messages=30))
        kit.wait_for(lambda: stored() > 0, 30, "the first committed batch")
        time.sleep(0.5)
        first.kill()
    finally:
        first.stop()
    partial = stored()
    assert 0 < partial < 300, "the kill should have come mid-way"
    second = kit.IngesterProcess("mqtt://127.0.0.1:1883", cid, "--batch-seconds", "0.2")
    try:
        second.wait_subscribed()
        kit.wait_for(lambda: stored() == 300, 30, "the re-delivered readings")
    finally:
        second.stop()
    assert stored() == 300
    assert counted() == 300  # rollups count each reading once, re-delivery or not


def test_a_broker_restart_loses_nothing(sensors, tmp_path):
    broker = kit.PrivateBroker(tmp_path)
    broker.start()
    ingester = kit.IngesterProcess(f"mqtt://127.0.0.1:{broker.port}", kit.client_id(), "--batch-seconds", "0.2")
    try:
        ingester.wait_subscribed()
        kit.publish(broker.port, kit.reading_messages(CODES, per_message=10, messages=10))
        kit.wait_for(lambda: stored() == 100, 30, "the readings before the restart")
        broker.stop()
        broker.start()
        # Published while the ingester may still be reconnecting: the persistent session keeps them.
        kit.publish(broker.port, kit.reading_messages(CODES, per_message=10, messages=10, start_minute=100))
        kit.wait_for(lambda: stored() == 200, 60, "the readings after the restart")
        assert ingester.process.poll() is None
    finally:
        output = ingester.stop()
        broker.stop()
    assert counted() == 200, output


def test_bad_payloads_are_counted_and_the_ingester_keeps_going(sensors):
    kit.require_broker()
    Rule.objects.update_or_create(key="telemetry.max_batch_readings", defaults={"value": 100})
    ingester = kit.IngesterProcess("mqtt://127.0.0.1:1883", kit.client_id(), "--batch-seconds", "0.2")
    try:
        ingester.wait_subscribed()
        huge = [{"sensor": "MQ-0", "ts": "2026-07-03T00:00:00Z", "value": 1}] * 101
        kit.publish(
            1883,
            [
                (f"{kit.TOPIC}/bad", b"{not json"),
                (f"{kit.TOPIC}/bad", b"\xff\xfe"),
                (f"{kit.TOPIC}/bad", 42),
                (f"{kit.TOPIC}/bad", huge),
                (f"{kit.TOPIC}/bad", [{"sensor": "MQ-0", "ts": "2026-07-03T00:00:00Z", "value": "high"}]),
                (f"{kit.TOPIC}/bad", [{"sensor": "NOT-A-SENSOR", "ts": "2026-07-03T00:00:00Z", "value": 1}]),
            ],
        )
        kit.publish(1883, kit.reading_messages(CODES, per_message=10, messages=2))
        kit.wait_for(lambda: stored() == 20, 30, "the good readings after the bad ones")
        assert ingester.process.poll() is None
    finally:
        output = ingester.stop()
    last = output.splitlines()[-1]
    assert "written=20" in last and "malformed=5" in last and "unknown_sensor=1" in last, output

"""The MQTT ingester: subscribe, batch by size and time, write in bulk, acknowledge only after the commit.

Persistent session (MQTT 5, clean start off, a session expiry) and QoS 1 with manual acknowledgement: a reading
the broker handed over is acknowledged only once its batch is committed, so a crash, a kill or a broker restart
loses none — the broker re-delivers what was not acknowledged, and the (sensor, time) key drops the repeats.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

import paho.mqtt.client as mqtt
from django.db import close_old_connections, connection, transaction
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from shuiwu.core import rules
from shuiwu.telemetry import ingest

log = logging.getLogger(__name__)

SESSION_EXPIRY_S = 7 * 24 * 3600
RECEIVE_MAXIMUM = 65535  # the most unacknowledged messages the broker may send us (MQTT 5)


def broker_address(url: str) -> tuple[str, int]:
    parsed = urlparse(url if "://" in url else f"mqtt://{url}")
    if parsed.scheme not in ("mqtt", "tcp", ""):
        raise ValueError(f"Unsupported MQTT URL scheme: {parsed.scheme!r} (use mqtt://host:port)")
    return parsed.hostname or "127.0.0.1", parsed.port or 1883


@dataclass
class Message:
    generation: int
    mid: int
    qos: int
    topic: str
    payload: bytes


@dataclass
class Stats:
    messages: int = 0
    batches: int = 0
    report: ingest.Report = field(default_factory=ingest.Report)
    started: float = field(default_factory=time.monotonic)

    def line(self) -> str:
        r = self.report
        rate = r.written / max(time.monotonic() - self.started, 1e-9)
        return (
            f"messages={self.messages} batches={self.batches} readings={r.received} written={r.written} "
            f"duplicates={r.duplicates} out_of_range={r.out_of_range} unknown_sensor={sum(r.unknown_sensors.values())} "
            f"malformed={sum(r.malformed.values())} alarms={r.alarms_raised} rate={rate:,.0f}/s"
        )


class Ingester:
    def __init__(
        self,
        url: str,
        topic: str = "shuiwu/#",
        client_id: str = "shuiwu-ingester",
        batch_size: int = 5000,
        batch_seconds: float = 1.0,
        pause_before_commit: float = 0.0,
        evaluate: bool = True,
        on_ready=None,
    ):
        self.on_ready = on_ready  # called once the subscription is acknowledged (each connection)
        self.host, self.port = broker_address(url)
        self.topic = topic
        self.client_id = client_id
        self.batch_size = batch_size
        self.batch_seconds = batch_seconds
        self.pause_before_commit = pause_before_commit
        self.evaluate = evaluate
        self.inbox: queue.Queue[Message] = queue.Queue()
        self.generation = 0
        self.connected = threading.Event()
        self.stop = threading.Event()
        self.stats = Stats()
        self.index = ingest.SensorIndex(refresh_seconds=5.0)
        self.client = mqtt.Client(
            mqtt.CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv5, manual_ack=True
        )
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = self._on_disconnect
        self.client.on_message = self._on_message
        self.client.on_subscribe = self._on_subscribe
        self.client.reconnect_delay_set(min_delay=1, max_delay=10)

    # -- network thread -------------------------------------------------------------------------

    def _on_connect(self, client, userdata, flags, reason_code, properties):
        if reason_code.is_failure:
            log.error("MQTT connect refused: %s", reason_code)
            return
        # Message ids of an earlier connection mean nothing on this one: those messages come again.
        self.generation += 1
        client.subscribe(self.topic, qos=1)
        self.connected.set()
        log.info("connected to %s:%s (session present: %s)", self.host, self.port, flags.session_present)

    def _on_subscribe(self, client, userdata, mid, reason_codes, properties):
        if self.on_ready is not None:
            self.on_ready()

    def _on_disconnect(self, client, userdata, flags, reason_code, properties):
        self.connected.clear()
        if not self.stop.is_set():
            log.warning("MQTT connection lost (%s); reconnecting", reason_code)

    def _on_message(self, client, userdata, msg):
        self.inbox.put(Message(self.generation, msg.mid, msg.qos, msg.topic, msg.payload))

    # -- main thread -----------------------------------------------------------------------------

    def connect(self) -> None:
        props = Properties(PacketTypes.CONNECT)
        props.SessionExpiryInterval = SESSION_EXPIRY_S
        props.ReceiveMaximum = RECEIVE_MAXIMUM
        self.client.connect(self.host, self.port, keepalive=30, clean_start=False, properties=props)
        self.client.loop_start()

    def run(self, max_seconds: float | None = None, stats_every: float = 10.0, out=None) -> Stats:
        """Ingest until stopped (or for max_seconds). ``out`` gets a stats line every ``stats_every`` seconds."""
        self.connect()
        deadline = None if max_seconds is None else time.monotonic() + max_seconds
        next_stats = time.monotonic() + stats_every
        try:
            while not self.stop.is_set() and (deadline is None or time.monotonic() < deadline):
                batch = self._collect()
                if batch:
                    self._process(batch)
                if out and time.monotonic() >= next_stats:
                    out(self.stats.line())
                    next_stats = time.monotonic() + stats_every
        finally:
            self.client.disconnect()
            self.client.loop_stop()
        return self.stats

    def _collect(self) -> list[Message]:
        """Messages until the batch holds batch_size readings (roughly) or batch_seconds have passed."""
        batch: list[Message] = []
        try:
            batch.append(self.inbox.get(timeout=0.2))
        except queue.Empty:
            return batch
        deadline = time.monotonic() + self.batch_seconds
        size = len(batch[0].payload)
        # Bytes stand in for readings while collecting (a reading is ~60 bytes of JSON); parsing comes later.
        limit = self.batch_size * 60
        while size < limit:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            try:
                message = self.inbox.get(timeout=remaining)
            except queue.Empty:
                break
            batch.append(message)
            size += len(message.payload)
        return batch

    def _records(self, batch: list[Message], report: ingest.Report) -> list:
        limit = rules.value("telemetry.max_batch_readings")
        records: list = []
        for message in batch:
            try:
                data = json.loads(message.payload)
            except (ValueError, UnicodeDecodeError):
                report.error(message.topic, "payload", "not JSON", "bad_json")
                continue
            if isinstance(data, dict):
                records.append(data)
            elif isinstance(data, list):
                if len(data) > limit:
                    report.error(message.topic, "payload", f"more than {limit} readings", "too_many")
                    continue
                records.extend(data)
            else:
                report.error(message.topic, "payload", "neither an object nor an array", "bad_json")
        return records

    def _process(self, batch: list[Message]) -> None:
        report = ingest.Report()
        records = self._records(batch, report)
        while not self.stop.is_set():
            try:
                close_old_connections()
                with transaction.atomic():
                    frame = ingest.to_frame(records, index=self.index, report=report)
                    ingest.store_frame(frame, report, evaluate=self.evaluate)
                    if self.pause_before_commit:
                        time.sleep(self.pause_before_commit)  # tests kill the process here, mid-batch
                break
            except Exception:  # the database is away: keep the batch unacknowledged and try again
                log.exception("writing a batch of %d messages failed; retrying", len(batch))
                connection.close()
                report = ingest.Report()
                records = self._records(batch, report)
                time.sleep(2)
        else:
            return
        generation = self.generation
        for message in batch:
            if message.qos and message.generation == generation:
                self.client.ack(message.mid, message.qos)
        self.stats.messages += len(batch)
        self.stats.batches += 1
        self.stats.report.merge(report)
        if report.rejected:
            log.warning(
                "batch rejected %d readings: unknown sensors %s, malformed %s",
                report.rejected,
                dict(report.unknown_sensors.most_common(5)),
                dict(report.malformed),
            )

"""shuiwu simulate-telemetry: live readings for the demo sensors, so the live overview moves."""

from __future__ import annotations

import json
import math
import random
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from shuiwu.telemetry import ingest
from shuiwu.telemetry.choices import Measure, RuleKind
from shuiwu.telemetry.models import AlarmRule, Sensor

# How far a value wanders in 15 minutes (absolute, or a share of the value where relative) and where it starts
# when a sensor has no reading yet. A round of a few seconds wanders as a random walk does: by the square root.
WALK_SECONDS = 900
WALK = {
    Measure.PRESSURE: (0.002, False, 0.35),
    Measure.FLOW: (0.01, True, 100.0),
    Measure.LEVEL: (0.01, False, 3.0),
    Measure.TURBIDITY: (0.005, False, 0.2),
    Measure.CHLORINE: (0.004, False, 0.5),
    Measure.PH: (0.01, False, 7.5),
    Measure.PUMP_FREQUENCY: (0.2, False, 40.0),
    Measure.POWER: (0.01, True, 10.0),
    Measure.SEWAGE_FLOW: (0.02, True, 200.0),
}
# Each round pulls a value back towards where it started by this share, so an hour of walking stays plausible.
PULL = 0.05
# A sensor whose last reading is this far behind the freshest one is a logger that has gone silent (the demo
# breaks one on purpose); it stays silent unless asked.
SILENT_AFTER = timedelta(hours=6)
CONNECT_TIMEOUT_S = 10.0
PUBLISH_TIMEOUT_S = 10.0


class Walker:
    """The next value of each sensor: its last one plus a small random step; totalisers count their plant's flow."""

    def __init__(self, sensors: list[Sensor], seed: int | None = None, rate_limits: dict[int, float] | None = None):
        self.rng = random.Random(seed)
        self.sensors = sensors
        self.rate_limits = rate_limits or {}  # per sensor: the most change per hour a live reading may show
        self.start = {s.pk: self._initial(s) for s in sensors}
        self.value = dict(self.start)
        flows = {s.asset_id: s.pk for s in sensors if s.measure == Measure.FLOW and s.asset_id}
        self.flow_of = {s.pk: flows.get(s.asset_id) for s in sensors if s.measure == Measure.TOTALISER}

    @staticmethod
    def _initial(sensor: Sensor) -> float:
        if sensor.last_value is not None:
            return float(sensor.last_value)
        if sensor.measure == Measure.PUMP_STATE:
            return 1.0
        if sensor.measure == Measure.TOTALISER:
            return 0.0
        return WALK.get(sensor.measure, (0, False, 0.0))[2]

    def step(self, seconds: float) -> dict[int, float]:
        for sensor in self.sensors:
            if sensor.measure in (Measure.TOTALISER, Measure.PUMP_STATE):
                continue
            size, relative, _ = WALK.get(sensor.measure, (0.01, True, 0.0))
            value, home = self.value[sensor.pk], self.start[sensor.pk]
            scale = (size * abs(home) if relative else size) * math.sqrt(seconds / WALK_SECONDS)
            change = self.rng.gauss(0, scale) + PULL * (home - value)
            limit = self.rate_limits.get(sensor.pk)
            if limit is not None:
                change = min(max(change, -limit * seconds / 3600), limit * seconds / 3600)
            value += change
            low = sensor.valid_min if sensor.valid_min is not None else 0.0
            high = sensor.valid_max if sensor.valid_max is not None else value
            self.value[sensor.pk] = min(max(value, low), high)
        for pk, flow in self.flow_of.items():
            if flow is not None:
                self.value[pk] += max(self.value[flow], 0.0) * seconds / 3600
        return self.value


class Publisher:
    """A paho-mqtt 2.x client that publishes at QoS 1 and knows whether the broker answered."""

    def __init__(self, url: str):
        import paho.mqtt.client as mqtt

        from shuiwu.telemetry.mqtt import broker_address

        self.host, self.port = broker_address(url)
        self.connected = threading.Event()
        self.refused = None
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"shuiwu-simulator-{random.random():.8f}")
        self.client.on_connect = self._on_connect

    def _on_connect(self, client, userdata, flags, reason_code, properties):
        if reason_code.is_failure:
            self.refused = str(reason_code)
        self.connected.set()

    def connect(self) -> None:
        where = f"{self.host}:{self.port}"
        try:
            self.client.connect(self.host, self.port, keepalive=30)
        except OSError as exc:
            raise CommandError(f"Cannot reach the MQTT broker at {where}: {exc}") from exc
        self.client.loop_start()
        if not self.connected.wait(CONNECT_TIMEOUT_S) or self.refused:
            self.close()
            raise CommandError(f"The MQTT broker at {where} did not accept the connection: {self.refused or 'timeout'}")

    def publish(self, messages: list[tuple[str, dict]]) -> None:
        infos = [self.client.publish(topic, json.dumps(payload), qos=1) for topic, payload in messages]
        deadline = time.monotonic() + PUBLISH_TIMEOUT_S
        for info in infos:
            try:
                info.wait_for_publish(max(deadline - time.monotonic(), 0.01))
            except (RuntimeError, ValueError) as exc:  # not queued: the connection is gone
                raise CommandError(f"Lost the MQTT broker at {self.host}:{self.port}: {exc}") from exc
            if not info.is_published():
                raise CommandError(f"The MQTT broker at {self.host}:{self.port} stopped acknowledging readings.")

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


class Command(BaseCommand):
    help = "Publish a live reading for every active sensor each few seconds (to MQTT, or straight to the store)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between rounds (default 5)")
        parser.add_argument("--count", type=int, default=None, help="Stop after this many rounds (default: never)")
        parser.add_argument("--mqtt", action="store_true", help="Publish to the broker instead of writing directly")
        parser.add_argument("--url", default=settings.MQTT_URL, help="Broker, mqtt://host:port (default: MQTT_URL)")
        parser.add_argument("--seed", type=int, default=None, help="Seed of the random walk (repeatable runs)")
        parser.add_argument(
            "--include-silent", action="store_true", help="Also revive loggers that stopped reporting long ago"
        )

    def handle(self, *args, **options):
        # Readings are kept to the second: a shorter interval would only repeat the same times.
        if options["interval"] < 1 or (options["count"] is not None and options["count"] < 1):
            raise CommandError("--interval must be at least 1 (second) and --count at least 1.")
        sensors = self._sensors(options["include_silent"])
        walker = Walker(sensors, seed=options["seed"], rate_limits=self._rate_limits(sensors))
        publisher = None
        if options["mqtt"]:
            try:
                publisher = Publisher(options["url"])
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            publisher.connect()
            target = f"MQTT {publisher.host}:{publisher.port}"
        else:
            target = "the store"
        self.stdout.write(f"simulating {len(sensors)} sensors every {options['interval']:g} s to {target}")
        index = ingest.SensorIndex()
        rounds = 0
        previous = None
        try:
            while options["count"] is None or rounds < options["count"]:
                started = time.monotonic()
                rounds += 1
                now = timezone.now().replace(microsecond=0)
                # The walk covers the time between the readings' stamps, so a slow round cannot fake a steep change.
                seconds = (now - previous).total_seconds() if previous else options["interval"]
                self._round(rounds, now, walker, max(seconds, 1.0), publisher, index)
                previous = now
                if options["count"] is None or rounds < options["count"]:
                    time.sleep(max(options["interval"] - (time.monotonic() - started), 0))
        except KeyboardInterrupt:
            self.stdout.write(f"stopped after {rounds} rounds")
        finally:
            if publisher is not None:
                publisher.close()

    def _sensors(self, include_silent: bool) -> list[Sensor]:
        sensors = list(Sensor.objects.filter(active=True).select_related("company").order_by("code"))
        if not sensors:
            raise CommandError("There are no active sensors: build the demo first (shuiwu demo).")
        stamps = [s.last_ts for s in sensors if s.last_ts]
        if stamps and not include_silent:
            newest = max(stamps)
            sensors = [s for s in sensors if s.last_ts is None or newest - s.last_ts <= SILENT_AFTER]
        return sensors

    @staticmethod
    def _rate_limits(sensors: list[Sensor]) -> dict[int, float]:
        """Half the threshold of the rate-of-change rules: a walk of a few seconds would otherwise look like a burst."""
        limits: dict[int, float] = {}
        for rule in AlarmRule.objects.filter(active=True, kind=RuleKind.RATE, threshold__isnull=False):
            for sensor in sensors:
                if rule.applies_to(sensor):
                    limits[sensor.pk] = min(limits.get(sensor.pk, math.inf), rule.threshold / 2)
        return limits

    def _round(self, number: int, now, walker: Walker, seconds: float, publisher: Publisher | None, index) -> None:
        values = walker.step(seconds)
        stamp = now.isoformat()
        # Six decimals: rounding to the display's three would be a step of 0.001 MPa within seconds, a "burst".
        records = [{"sensor": s.code, "ts": stamp, "value": round(values[s.pk], 6)} for s in walker.sensors]
        local = timezone.localtime(now).strftime("%H:%M:%S")
        if publisher is not None:
            topics = {s.code: s.topic or f"shuiwu/{s.company.code.lower()}/{s.code}" for s in walker.sensors}
            publisher.publish([(topics[r["sensor"]], r) for r in records])
            self.stdout.write(f"round {number} {local}: published {len(records)} readings")
            return
        report = ingest.ingest(records, index=index)
        self.stdout.write(
            f"round {number} {local}: {report.written} written, {report.duplicates} duplicates, "
            f"{report.rejected} rejected, {report.alarms_raised} alarms raised, {report.alarms_cleared} cleared"
        )

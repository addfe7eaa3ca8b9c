"""Real brokers and real ingester processes for the MQTT tests (skipped, with the reason, where absent)."""

from __future__ import annotations

import getpass
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]
DEFAULT_BROKER = ("127.0.0.1", 1883)
# A topic tree of this process's own: parallel test workers (and anything else on the shared broker) stay apart.
TOPIC = f"shuiwu/test-{uuid.uuid4().hex[:8]}"


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require_broker(host="127.0.0.1", port=1883) -> None:
    if not reachable(host, port):
        pytest.skip(f"no MQTT broker on {host}:{port} (install and start mosquitto)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateBroker:
    """A mosquitto of our own on a free port, with persistence, that a test may stop and start again."""

    def __init__(self, tmp_path: Path):
        binary = shutil.which("mosquitto") or ("/usr/sbin/mosquitto" if Path("/usr/sbin/mosquitto").exists() else None)
        if binary is None:
            pytest.skip("the mosquitto binary is not installed (apt-get install mosquitto)")
        self.binary = binary
        self.port = free_port()
        self.dir = tmp_path / "broker"
        self.dir.mkdir()
        self.conf = self.dir / "mosquitto.conf"
        self.conf.write_text(
            f"listener {self.port} 127.0.0.1\nallow_anonymous true\npersistence true\n"
            f"persistence_location {self.dir}/\nautosave_interval 1\n"
            # Run as ourselves: mosquitto started by root would switch to its own user and not be able
            # to write its sessions into our temporary folder.
            f"user {getpass.getuser()}\n"
        )
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "-c", str(self.conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_for(lambda: reachable("127.0.0.1", self.port), 10, "the private broker to listen")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # mosquitto saves its sessions on the way out
            self.process.wait(10)


def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


def database_url() -> str:
    """The test database, for a child process (it must see what the test committed)."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    port = s.get("PORT") or 5432
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s.get('HOST') or '127.0.0.1'}:{port}/{s['NAME']}"


class IngesterProcess:
    """``shuiwu ingest-mqtt`` in a child process, its output collected by a thread."""

    def __init__(self, url: str, client_id: str, *extra: str):
        env = {**os.environ, "DATABASE_URL": database_url(), "MQTT_URL": url, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "ingest-mqtt",
                "--client-id",
                client_id,
                "--topic",
                f"{TOPIC}/#",
                *extra,
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip())

    def wait_subscribed(self, count: int = 1, seconds: float = 60) -> None:
        wait_for(
            lambda: sum(line == "subscribed" for line in self.lines) >= count or self.process.poll() is not None,
            seconds,
            "the ingester to subscribe",
        )
        assert self.process.poll() is None, "\n".join(self.lines)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(10)

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        self.process.wait(30)
        self.reader.join(5)
        return "\n".join(self.lines)


def client_id() -> str:
    return f"test-{uuid.uuid4().hex[:10]}"


def publish(port: int, messages: list[tuple[str, object]], host: str = "127.0.0.1") -> None:
    """Publish (topic, payload) pairs at QoS 1 and wait until the broker has each."""
    import paho.mqtt.client as mqtt

    publisher = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"pub-{uuid.uuid4().hex[:8]}")
    publisher.connect(host, port)
    publisher.loop_start()
    try:
        infos = []
        for topic, payload in messages:
            data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
            infos.append(publisher.publish(topic, data, qos=1))
        for info in infos:
            info.wait_for_publish(10)
    finally:
        publisher.disconnect()
        publisher.loop_stop()


def reading_messages(codes: list[str], per_message: int, messages: int, start_minute: int = 0):
    """Messages of ``per_message`` readings, round-robin over the sensors, each reading a distinct time."""
    out = []
    n = start_minute
    for _ in range(messages):
        batch = []
        for _ in range(per_message):
            code = codes[n % len(codes)]
            minute = n // len(codes)
            batch.append({"sensor": code, "ts": f"2026-07-01T{minute // 60:02d}:{minute % 60:02d}:00Z", "value": 0.3})
            n += 1
        out.append((f"{TOPIC}/{codes[0]}", batch))
    return out

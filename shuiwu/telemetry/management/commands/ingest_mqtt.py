"""shuiwu ingest-mqtt: the telemetry ingester (runs until stopped)."""

import logging
import signal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from shuiwu.telemetry.mqtt import Ingester


class Command(BaseCommand):
    help = "Subscribe to the MQTT topic tree and store the readings (QoS 1, acknowledged after commit)."

    def add_arguments(self, parser):
        parser.add_argument("--url", default=settings.MQTT_URL, help="Broker, mqtt://host:port (default: MQTT_URL)")
        parser.add_argument("--topic", default="shuiwu/#", help="Topic filter (default shuiwu/#)")
        parser.add_argument("--client-id", default="shuiwu-ingester", help="Keep it stable: it names the session")
        parser.add_argument("--batch-size", type=int, default=5000, help="Readings per batch (about)")
        parser.add_argument("--batch-seconds", type=float, default=1.0, help="Longest wait to fill a batch")
        parser.add_argument("--stats-every", type=float, default=10.0, help="Seconds between stats lines")
        parser.add_argument("--max-seconds", type=float, default=None, help="Stop after this long")
        parser.add_argument("--no-alarms", action="store_true", help="Do not run the alarm rules")
        parser.add_argument("--pause-before-commit", type=float, default=0.0, help="(tests) hold each batch open")

    def handle(self, *args, **options):
        logging.basicConfig(level=logging.INFO if options["verbosity"] > 1 else logging.WARNING)
        if options["batch_size"] < 1 or options["batch_seconds"] <= 0:
            raise CommandError("--batch-size must be at least 1 and --batch-seconds above 0.")
        try:
            ingester = Ingester(
                options["url"],
                topic=options["topic"],
                client_id=options["client_id"],
                batch_size=options["batch_size"],
                batch_seconds=options["batch_seconds"],
                pause_before_commit=options["pause_before_commit"],
                evaluate=not options["no_alarms"],
                on_ready=self._ready,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc

        def stop(signum, frame):
            ingester.stop.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            where = f"{ingester.host}:{ingester.port}"
            self.stdout.write(f"ingesting {options['topic']} from {where} as {options['client_id']}")
            stats = ingester.run(
                max_seconds=options["max_seconds"], stats_every=options["stats_every"], out=self.stdout.write
            )
        except OSError as exc:
            raise CommandError(f"Cannot reach the MQTT broker at {ingester.host}:{ingester.port}: {exc}") from exc
        self.stdout.write(stats.line())

    def _ready(self):
        self.stdout.write("subscribed")
        self.stdout.flush()

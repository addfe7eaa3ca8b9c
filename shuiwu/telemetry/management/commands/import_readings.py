"""``shuiwu import-readings FILE``: readings from a CSV file (columns sensor, ts, value), all or nothing."""

import math

from django.core.management.base import BaseCommand, CommandError

from shuiwu.telemetry import ingest

CHUNK = 200_000


class Command(BaseCommand):
    help = (
        "Import readings from a CSV with the columns sensor, ts, value (ISO 8601 or Unix seconds; local time "
        "without a zone). Re-imported readings are ignored. One bad row rejects the file unless --skip-invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file ('-' for standard input)")
        parser.add_argument("--skip-invalid", action="store_true", help="Store the good rows, report the bad ones")
        parser.add_argument("--no-alarms", action="store_true", help="Do not run the alarm rules over the readings")

    def handle(self, *args, **options):
        import sys

        from django.db import transaction

        source = sys.stdin if options["file"] == "-" else options["file"]
        try:
            records = ingest.read_csv(source)
        except FileNotFoundError:
            raise CommandError(f"No such file: {options['file']}") from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise CommandError(f"{options['file']}: {exc}") from None
        report = ingest.Report()
        index = ingest.SensorIndex()
        frames = []
        for start in range(0, len(records), CHUNK):
            part = ingest.Report()
            frames.append(ingest.to_frame(records[start : start + CHUNK], index=index, report=part))
            for error in part.errors:
                if isinstance(error["index"], int):
                    error["index"] += start
            report.merge(part)
        if report.rejected:
            for error in report.errors[:20]:
                row = error["index"] + 2 if isinstance(error["index"], int) else error["index"]  # header is line 1
                self.stderr.write(f"line {row}: {error['field']}: {error['reason']}")
            if not options["skip_invalid"]:
                raise CommandError(
                    f"{report.rejected} of {len(records)} rows are invalid; nothing was imported "
                    "(fix them, or use --skip-invalid)."
                )
        with transaction.atomic():
            for frame in frames:
                ingest.store_frame(frame, report, evaluate=not options["no_alarms"])
        chunks = math.ceil(len(records) / CHUNK) if records else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.written} readings written, {report.duplicates} already there, "
                f"{report.out_of_range} out of range, {report.rejected} rejected ({chunks} chunks)"
            )
        )

"""``shuiwu import-meter-reads FILE``: meter reads from a handheld or an AMR/AMI export (CSV), all or nothing."""

import csv

from django.core.management.base import BaseCommand, CommandError

from shuiwu.customers import services
from shuiwu.customers.choices import ReadingSource


class Command(BaseCommand):
    help = (
        "Import meter reads from a CSV with the columns meter (serial) or account (number), read_on (YYYY-MM-DD), "
        "value (m³) and optionally kind (actual, no_access, meter_fault). One bad row rejects the file unless "
        "--skip-invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--source", choices=[ReadingSource.HANDHELD, ReadingSource.AMR], default=ReadingSource.HANDHELD
        )
        parser.add_argument("--skip-invalid", action="store_true")

    def handle(self, *args, **options):
        try:
            with open(options["file"], encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.DictReader(handle))
        except FileNotFoundError:
            raise CommandError(f"No such file: {options['file']}") from None
        except UnicodeDecodeError as exc:
            raise CommandError(f"{options['file']}: not UTF-8 text ({exc})") from None
        result = services.import_readings(rows, source=options["source"], skip_invalid=options["skip_invalid"])
        for error in result["errors"][:20]:
            self.stderr.write(f"line {error['line'] + 1}: {error['field']}: {error['reason']}")  # header is line 1
        if result["errors"] and not options["skip_invalid"]:
            raise CommandError(f"{len(result['errors'])} rows are invalid; nothing was imported.")
        self.stdout.write(self.style.SUCCESS(f"{result['written']} reads written"))

"""``shuiwu import-weather FILE``: daily weather (observed, and the forecast for the days ahead), all or nothing."""

import csv

from django.core.management.base import BaseCommand, CommandError

from shuiwu.analytics import services


class Command(BaseCommand):
    help = (
        "Import daily weather from a CSV with the columns day (YYYY-MM-DD), t_max and t_min (°C), and optionally "
        "rain_mm and source (observed or forecast). The supply forecast reads the temperature of the days ahead "
        "from it. One bad row rejects the file."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        try:
            with open(options["file"], encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.DictReader(handle))
        except FileNotFoundError:
            raise CommandError(f"No such file: {options['file']}") from None
        except UnicodeDecodeError as exc:
            raise CommandError(f"{options['file']}: not UTF-8 text ({exc})") from None
        written, errors = services.import_weather(rows)
        for error in errors[:20]:
            self.stderr.write(f"line {error['line'] + 1}: {error['field']}: {error['reason']}")  # header is line 1
        if errors:
            raise CommandError(f"{len(errors)} problems; nothing was imported.")
        self.stdout.write(self.style.SUCCESS(f"{written} days of weather written"))

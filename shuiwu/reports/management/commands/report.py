"""``shuiwu report``: the scorecard of a period as Excel or PDF, or the scheduled reports that are due."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from shuiwu.org.models import Company
from shuiwu.reports import exports, services


class Command(BaseCommand):
    help = "Write the scorecard of a period (2025H1, 2025-06, 2025) as .xlsx or .pdf, or produce the due reports."

    def add_arguments(self, parser):
        parser.add_argument("--period", help="2025H1, 2025H2, 2025-06 or 2025 (default: the last half-year)")
        parser.add_argument("--company", help="company code (default: the whole group)")
        parser.add_argument("--out", help="file to write, .xlsx or .pdf (default: print the narrative)")
        parser.add_argument("--due", action="store_true", help="produce last month's and half-year's reports")

    def handle(self, *args, **options):
        if options["due"]:
            made = services.produce_due()
            self.stdout.write(f"{len(made)} reports produced")
            return
        try:
            start, end = services.parse_period(options["period"]) if options["period"] else services.last_half_year()
        except ValueError as exc:
            raise CommandError(f"--period: {exc}")
        company = None
        if options["company"]:
            company = Company.objects.filter(code=options["company"]).first()
            if company is None:
                raise CommandError(f"--company: no company with code {options['company']!r}")
        card = services.scorecard(start, end, company=company)
        out = options["out"]
        if not out:
            for unit in card["units"]:
                self.stdout.write(unit["narrative"]["zh"])
            return
        path = Path(out)
        if path.suffix not in (".xlsx", ".pdf"):
            raise CommandError("--out: the file name ends in .xlsx or .pdf")
        path.write_bytes(exports.scorecard_xlsx(card) if path.suffix == ".xlsx" else exports.scorecard_pdf(card))
        self.stdout.write(f"wrote {path}")

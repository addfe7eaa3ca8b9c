"""``shuiwu schedule-rounds``: create the coming rounds from the plans and flag missed ones (cron: hourly)."""

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from shuiwu.inspections import services


class Command(BaseCommand):
    help = "Create rounds from the active plans for the coming days (idempotent) and flag missed rounds overdue."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=2, help="Days ahead to schedule (default 2)")
        parser.add_argument("--from", dest="start", help="First local date, YYYY-MM-DD (default today)")

    def handle(self, *args, **options):
        try:
            start = date.fromisoformat(options["start"]) if options["start"] else timezone.localdate()
        except ValueError:
            raise CommandError("--from takes a date, YYYY-MM-DD") from None
        if options["days"] < 0:
            raise CommandError("--days cannot be negative")
        made = services.generate_rounds(start, start + timedelta(days=options["days"]))
        overdue = services.mark_overdue()
        self.stdout.write(self.style.SUCCESS(f"{made} rounds created, {overdue} flagged overdue"))

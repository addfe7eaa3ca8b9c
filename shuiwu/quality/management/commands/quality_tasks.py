"""Generate the sampling tasks of the plans for the days ahead and flag the tasks that were missed."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date

from shuiwu.quality import services


class Command(BaseCommand):
    help = "Generate sampling tasks from the plans (today and the days ahead) and flag missed ones."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="Days ahead to generate (default 7)")
        parser.add_argument("--start", help="First day, YYYY-MM-DD (default today)")

    def handle(self, *args, days, start, **options):
        first = timezone.localdate()
        if start:
            first = parse_date(start)
            if first is None:
                raise CommandError(f"--start: {start!r} is not a date (YYYY-MM-DD).")
        if days < 0:
            raise CommandError("--days cannot be negative.")
        made = services.generate_tasks(first, first + timedelta(days=days))
        missed = services.flag_missed()
        self.stdout.write(f"{made} tasks generated, {missed} flagged as missed")

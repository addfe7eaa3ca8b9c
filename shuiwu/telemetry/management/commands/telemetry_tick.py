"""``shuiwu telemetry-tick``: stale-data and night-flow checks, and raw-data retention (cron, every 5 min)."""

from django.core.management.base import BaseCommand

from shuiwu.telemetry import jobs


class Command(BaseCommand):
    help = "Raise stale-data alarms, check last night's minimum night flows and, with --prune, apply retention."

    def add_arguments(self, parser):
        parser.add_argument("--prune", action="store_true", help="Also delete raw readings past the retention")

    def handle(self, *args, **options):
        result = jobs.check()
        if options["prune"]:
            result.update(jobs.prune())
        self.stdout.write(" ".join(f"{k}={v}" for k, v in result.items()))

"""``shuiwu work-tick``: run the repair centre's periodic job once (cron or a systemd timer, every 5 min)."""

from django.core.management.base import BaseCommand

from shuiwu.work.jobs import tick


class Command(BaseCommand):
    help = "Mark scheduled outages whose start has come as active."

    def handle(self, *args, **options):
        self.stdout.write(str(tick()))

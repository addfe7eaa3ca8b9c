"""``shuiwu demo``: create the database, build the demo city if it is absent, and serve it."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from shuiwu.core import demo
from shuiwu.core.context import change_context


class Command(BaseCommand):
    help = "Create the database, build the demo city (once) and serve Shuiwu on 127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Build only; do not start the web server.")
        parser.add_argument("--port", type=int, default=8000, help="Port to serve on (default 8000).")
        parser.add_argument("--host", default="127.0.0.1", help="Address to serve on (default 127.0.0.1).")
        parser.add_argument("--reset", action="store_true", help="Delete every record and build the demo anew.")

    def handle(self, *args, **options):
        db = settings.DATABASES["default"]
        self.stdout.write(f"Shuiwu demo — database: {_describe(db)}")
        if options["reset"]:
            self._reset(db)
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Building the demo city (parts already built are kept):")
        with change_context(source="cli"):
            demo.build(demo.DemoContext(out=self.stdout.write))
        self._print_logins(options)
        if not options["no_serve"]:
            call_command("serve", port=options["port"], host=options["host"])

    def _reset(self, db):
        """Empty every table (keeping the schema), so the demo is built anew."""
        call_command("migrate", interactive=False, verbosity=0)
        call_command("flush", interactive=False, verbosity=0)
        self.stdout.write("Emptied every table")

    def _print_logins(self, options):
        from shuiwu.org.demo import LOGINS

        password = settings.SHUIWU_DEMO_PASSWORD
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Shuiwu is ready: {url}"))
        self.stdout.write(f"Logins (password “{password}”, or $SHUIWU_DEMO_PASSWORD):")
        self.stdout.write(f"  {'admin':16} superuser (admin pages)")
        for username, company, _, role, note in LOGINS:
            self.stdout.write(f"  {username:16} {role.label} · {company} · {note}")


def _describe(db) -> str:
    if db["ENGINE"].endswith("sqlite3"):
        return f"SQLite {db['NAME']}"
    return f"{db['ENGINE'].rsplit('.', 1)[-1]} {db.get('HOST') or 'localhost'}/{db['NAME']}"

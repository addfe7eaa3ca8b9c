"""``shuiwu serve``: serve an existing database with waitress (static files through WhiteNoise)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


class Command(BaseCommand):
    help = "Serve Shuiwu on 127.0.0.1:8000 (waitress, several threads)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, **options):
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("The database is not up to date: run `shuiwu migrate` (or `shuiwu demo`) first.")
        from waitress import serve

        from shuiwu.wsgi import application

        self.stdout.write(f"Serving on http://{options['host']}:{options['port']}/ — Ctrl+C stops.")
        serve(
            application,
            host=options["host"],
            port=options["port"],
            threads=options["threads"],
            ident="shuiwu",
            clear_untrusted_proxy_headers=True,
        )

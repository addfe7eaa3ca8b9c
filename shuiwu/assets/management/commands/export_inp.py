"""``shuiwu export-inp FILE``: write the register's active network as an EPANET file."""

from django.core.management.base import BaseCommand, CommandError

from shuiwu.assets import services
from shuiwu.assets.choices import System


class Command(BaseCommand):
    help = "Write the active network of a system (default supply) as an EPANET .inp file that EPANET runs."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--system", default=System.SUPPLY, choices=System.values)

    def handle(self, *args, **options):
        try:
            counts = services.export_network(options["system"], options["file"])
        except (ValueError, OSError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {options['file']}: {counts['nodes']} nodes, {counts['links']} links, "
                f"{counts['patterns']} patterns, {counts['controls']} controls."
            )
        )

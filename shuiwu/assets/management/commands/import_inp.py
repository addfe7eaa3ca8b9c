"""``shuiwu import-inp FILE --system supply``: import an EPANET network into the register."""

from django.core.management.base import BaseCommand, CommandError

from shuiwu.assets import services
from shuiwu.assets.choices import System
from shuiwu.core.context import change_context
from shuiwu.engine.inp import InpError
from shuiwu.org.services import company_by_code


def _origin(value: str) -> tuple[float, float]:
    try:
        lon, lat = (float(v) for v in value.split(","))
    except ValueError:
        raise CommandError(f"--origin takes LON,LAT in degrees, not {value!r}") from None
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise CommandError(f"--origin {value} is outside longitude/latitude range")
    return lon, lat


class Command(BaseCommand):
    help = (
        "Import an EPANET .inp file: nodes, pipes, pumps, valves, tanks, reservoirs, patterns, curves and controls, "
        "all in one transaction. Coordinates: --crs EPSG:xxxx when the file has a known CRS (EPSG:4326 for "
        "longitude/latitude); otherwise they are planar metres placed with their centre at --origin."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--system", required=True, choices=System.values)
        parser.add_argument("--crs", help="CRS of the file's coordinates, e.g. EPSG:4547 (CGCS2000 / 3-degree GK)")
        parser.add_argument("--company", help="Code of the owning company (default: the company of that system)")
        parser.add_argument(
            "--origin", help="LON,LAT where a planar drawing's centre goes (default: SHUIWU_MAP_ORIGIN)"
        )
        parser.add_argument("--scale", type=float, default=1.0, help="Metres per drawing unit (planar only)")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Retire (status abandoned) network elements of the system that the file lacks",
        )

    def handle(self, *args, **options):
        try:
            company = company_by_code(options["company"]) if options["company"] else None
            origin = _origin(options["origin"]) if options["origin"] else None
            with change_context(source="cli"):
                result = services.import_network(
                    options["file"],
                    system=options["system"],
                    company=company,
                    crs=options["crs"],
                    origin=origin,
                    scale=options["scale"],
                    replace=options["replace"],
                )
        except InpError as exc:
            raise CommandError("\n  ".join([f"cannot import {exc.path}:", *exc.messages])) from None
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        counts = result.network.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {options['file']} into the {options['system']} network: {result.summary}. "
                f"Patterns {counts['patterns']}, curves {counts['curves']}, controls {counts['controls']}."
            )
        )

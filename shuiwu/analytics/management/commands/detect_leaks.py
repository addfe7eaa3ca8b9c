"""``shuiwu detect-leaks --inp MODEL.inp --scada DIR --out detections.csv``: leaks from SCADA against the model.

DIR holds BattLeDIM-format CSV files (``Pressures.csv`` m, ``Flows.csv`` m³/h, ``Levels.csv`` m, ``Demands.csv``
L/h; first column ``Timestamp``, then one column per sensor named by its node or link id; any of them may be
absent, but the pressures are what the detector compares). The output is BattLeDIM's submission format: one row
per leak, ``linkID,startTime``. The method is in ``shuiwu.engine.leaks`` and docs/leak-detection.md.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from shuiwu.engine import inp, leaks


class Command(BaseCommand):
    help = (
        "Detect and locate leaks from SCADA files (BattLeDIM format) against an EPANET model; write one row per "
        "leak as linkID,startTime."
    )

    def add_arguments(self, parser):
        parser.add_argument("--inp", required=True, help="the network's EPANET .inp file (the nominal model)")
        parser.add_argument(
            "--scada", required=True, help="folder of Pressures.csv, Flows.csv, Levels.csv, Demands.csv"
        )
        parser.add_argument("--out", required=True, help="where to write the detections (CSV: linkID,startTime)")
        parser.add_argument(
            "--training-days",
            type=float,
            default=leaks.Config.training_days,
            help="leak-free days at the start of the data where the detector learns the network's normal "
            f"(default {leaks.Config.training_days:g})",
        )
        parser.add_argument(
            "--threshold",
            type=float,
            default=leaks.Config.threshold,
            help=f"z-score that raises an alarm (default {leaks.Config.threshold:g}; higher: fewer false alarms)",
        )
        parser.add_argument(
            "--pattern-epoch",
            default=leaks.Config.pattern_epoch,
            help=f"when the model's demand patterns start (default a Monday at midnight, {leaks.Config.pattern_epoch})",
        )
        parser.add_argument("--no-cache", action="store_true", help="do not cache the leak-sensitivity matrix")

    def handle(self, *args, **options):
        model = Path(options["inp"])
        out = Path(options["out"])
        if options["training_days"] <= 0:
            raise CommandError("--training-days must be more than 0")
        if not out.parent.is_dir():
            raise CommandError(f"{out}: the folder {out.parent} does not exist")
        cache = None if options["no_cache"] else str(Path(settings.DATA_DIR) / "cache" / "leaks")
        config = leaks.Config(
            training_days=options["training_days"],
            threshold=options["threshold"],
            pattern_epoch=options["pattern_epoch"],
            cache_dir=cache,
        )
        try:
            scada = leaks.read_scada(options["scada"])
        except leaks.ScadaError as exc:
            raise CommandError(str(exc)) from None
        if "pressures" not in scada:
            raise CommandError(
                f"{options['scada']}: Pressures.csv is missing; the detector compares measured pressures with the "
                "model's, so it needs them"
            )
        try:
            with leaks.Network(model) as network:
                detections = leaks.detect(network, scada, config)
        except inp.InpError as exc:
            raise CommandError(f"{exc.path}: not a usable EPANET file: {'; '.join(exc.messages)}") from None
        except leaks.ScadaError as exc:
            raise CommandError(str(exc)) from None
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        leaks.write_detections(detections, out)
        self.stdout.write(self.style.SUCCESS(f"Wrote {out}: {len(detections)} leak(s) detected."))
        for row in detections.itertuples():
            self.stdout.write(
                f"  {row.linkID} from {row.startTime:%Y-%m-%d %H:%M} (alarm {row.alarmTime:%Y-%m-%d %H:%M}, "
                f"near junction {row.node}, about {row.size_m3h:.1f} m³/h)"
            )

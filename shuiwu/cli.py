"""The ``shuiwu`` command: ``shuiwu demo``, ``shuiwu serve``, and every Django management command."""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuiwu.settings")
    from django.core.management import execute_from_command_line

    # Commands are Django management commands; dashes and underscores both work
    # (``shuiwu import-inp`` runs ``import_inp``).
    if argv and not argv[0].startswith("-"):
        argv[0] = argv[0].replace("-", "_")
    try:
        execute_from_command_line(["shuiwu", *argv])
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())

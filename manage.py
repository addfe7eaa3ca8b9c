#!/usr/bin/env python
"""Django's command-line utility for Shuiwu (the ``shuiwu`` command does the same)."""

import sys

from shuiwu.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

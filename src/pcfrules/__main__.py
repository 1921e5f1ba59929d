"""``python -m pcfrules``: the same command line as ``pcfrules``."""

from pcfrules.cli import main

main()

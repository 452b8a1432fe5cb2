"""`python -m orderdesk …` runs the command line (the same as the `orderdesk` script)."""

from orderdesk.cli import run

run()

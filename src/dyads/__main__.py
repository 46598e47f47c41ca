"""`python -m dyads` runs the CLI."""

from dyads.cli import main

main()

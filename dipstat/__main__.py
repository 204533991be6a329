"""Let ``python -m dipstat`` run the command line."""

from dipstat.cli import main

main()

"""`python -m batchcheck`."""

from batchcheck.cli import main

main()

"""`python -m batchcheck`."""

import sys

from batchcheck.cli import main

if __name__ == "__main__":
    sys.exit(main())

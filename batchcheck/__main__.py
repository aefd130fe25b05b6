"""`python -m batchcheck`."""

from batchcheck.cli import main

if __name__ == "__main__":
    main()

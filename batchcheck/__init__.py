"""batchcheck: detect, validate and summarise JSON API (batch) responses."""

__version__ = "0.1.0"

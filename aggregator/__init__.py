"""Event aggregator for digitalisation events in Saxony and Germany."""

__version__ = "0.1.0"
"""The one place the version is written: the package metadata and the User-Agent read it."""

"""Event aggregator for digitalisation events in Saxony and Germany."""

__version__ = "0.1.0"

"""The ingest step: raw JSON-lines files -> normalise -> dedupe -> the database.

``raw_files`` reads what the crawl wrote, ``digest`` tells a raw item that says something new,
``writer`` normalises, clusters and stores in one transaction, ``report`` counts what happened.
"""

from aggregator.ingest.raw_files import BAD_LINE, RawFiles, read_raw
from aggregator.ingest.report import IngestReport, SourceIngest
from aggregator.ingest.writer import ingest

__all__ = ["BAD_LINE", "IngestReport", "RawFiles", "SourceIngest", "ingest", "read_raw"]

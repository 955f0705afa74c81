"""The ingest step: raw JSON-lines files -> normalise -> dedupe -> the database."""

"""The SQLite file, through sqlite-utils: its schema and migrations, events and their sightings,
and the health of sources and runs."""

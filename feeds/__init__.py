"""Published outputs: one module per format, all reading the database, none reaching back upstream."""

"""The commands people and schedulers run: the CLI, a whole run, its lock, status, pruning, logs,
the Datasette server and the demo."""

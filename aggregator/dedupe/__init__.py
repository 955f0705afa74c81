"""The same event seen on several sites becomes one event."""

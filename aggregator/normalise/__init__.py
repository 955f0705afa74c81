"""Raw items as the source said them -> events as the aggregator understands them.

Pure functions, one concept per module: dates and time zones, places, topics, status, text. The same
raw item and reference date always give the same event.
"""

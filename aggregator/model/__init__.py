"""The records every stage shares: a raw item as a source said it, the normalised event, a sighting."""

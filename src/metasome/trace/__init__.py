"""metasome.trace (in progress)."""

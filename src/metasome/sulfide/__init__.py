"""metasome.sulfide (in progress)."""

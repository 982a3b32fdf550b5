"""metasome.classify (in progress)."""

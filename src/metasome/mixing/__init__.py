"""metasome.mixing (in progress)."""

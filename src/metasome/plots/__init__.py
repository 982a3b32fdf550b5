"""metasome.plots (in progress)."""

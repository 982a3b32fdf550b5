"""metasome.report (in progress)."""

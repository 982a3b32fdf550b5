"""metasome.web (in progress)."""

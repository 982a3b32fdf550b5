"""metasome.melting (in progress)."""

"""metasome.isotopes (in progress)."""

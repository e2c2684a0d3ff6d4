"""Writers for each export format, from the format research, not from the importers."""

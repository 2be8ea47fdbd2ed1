"""Leaves: diagnostics, settings, the ISTAT list, slugs and shared field types."""

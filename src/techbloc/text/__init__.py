"""Text handling shared by name lookup, screening and tagging."""

"""Time-aware questions over the store: alliances, countries, measures. Used by every interface."""

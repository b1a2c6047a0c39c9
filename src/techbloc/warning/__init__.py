"""Early warning: detectors over the event streams, alert levels, alert storage and delivery."""

"""Measuring the screening matcher on labelled query–list pairs (precision, recall, floors)."""

"""Tagging of policy texts in Chinese and English: mentions of alliances, countries, technology
domains, instruments, stages and trajectory dimensions, the stance towards each alliance, and the
dates of reported events."""

from techbloc.documents.tagging.tagger import TAGGER_VERSION, DocumentTagger

__all__ = ["TAGGER_VERSION", "DocumentTagger"]

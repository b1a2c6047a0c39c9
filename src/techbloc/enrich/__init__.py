"""Enrichment of listed entities with technology domains and the knowledge-base measures that
listed them."""

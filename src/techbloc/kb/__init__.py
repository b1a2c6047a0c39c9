"""The curated knowledge base: data files and their loading and validation."""

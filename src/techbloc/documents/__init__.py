"""Policy documents in Chinese and English: extraction, tagging, storage and search."""

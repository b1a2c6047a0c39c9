"""Importers of real public data: one module per source, each yielding records or rejections."""

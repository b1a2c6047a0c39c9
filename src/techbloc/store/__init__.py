"""The DuckDB store: schema migrations, building from the knowledge base, opening for queries."""

"""Assessment indicators as Ibis expressions that run on DuckDB and on Spark."""

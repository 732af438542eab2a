"""Item pipelines (validate, clean, canonicalise, drop seen) and the DuckDB store."""

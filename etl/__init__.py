"""ETL: monitoring spreadsheets of the career-guidance minimum → DuckDB."""

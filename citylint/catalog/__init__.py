"""Whole catalogues: ``citylint check-many`` validates many inputs on Dask, keeps results in SQLite or
PostgreSQL, and ``citylint history`` reads them back over time."""

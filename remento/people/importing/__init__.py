"""The HRIS import: a CSV export of the directory, validated whole, then applied at once.

columns (header spellings) → parsing (bytes to rows) → validation (one row) → plan (the
whole file against the directory) → apply (bulk writes). services.py is the entry point.
"""

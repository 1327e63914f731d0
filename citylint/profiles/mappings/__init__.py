"""Data files that shipped profiles name (rule → principle mappings); a package so that they are installed."""

"""Adapters from other libraries' in-memory objects to inputs the validators read."""

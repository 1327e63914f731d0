"""Validators: one sub-package per input family. Third-party ones register through entry points."""

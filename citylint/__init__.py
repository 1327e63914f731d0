"""citylint: validates city open data against open standards and shows where lock-in comes from."""

from importlib.metadata import PackageNotFoundError, version

import citylint._allocator  # noqa: F401  (before polars is imported: see the module)

try:
    __version__ = version("citylint")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0+source"

from citylint.engine import check

__all__ = ["__version__", "check"]

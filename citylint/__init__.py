"""citylint: validates city open data against open standards and shows where lock-in comes from."""

from importlib.metadata import PackageNotFoundError, version

import citylint._allocator  # noqa: F401  (before polars is imported: see the module)

try:
    __version__ = version("citylint")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0+source"

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from citylint.engine import check

__all__ = ["__version__", "check"]


def __getattr__(name: str) -> Any:
    """``citylint.check`` is imported on first use: ``citylint --version`` and ``--help`` must not pay for
    polars and every validator (PEP 562)."""
    if name == "check":
        from citylint.engine import check

        return check
    raise AttributeError(f"module 'citylint' has no attribute {name!r}")

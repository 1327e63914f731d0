"""The European Interoperability Framework as citylint scores it: a scorecard per EIF layer and principle of
the checks a profile ran (profile ``eif4scc``, docs/eif4scc.md)."""

from __future__ import annotations

from citylint.eif.scorecard import build_scorecard

__all__ = ["build_scorecard"]

"""A declared licence's lock-in state (:class:`citylint.lockin.licences.LicenceState`), looked up in the
licence table citylint keeps from the EU authority lists (``lists.py``); docs/lockin.md, "Licences"."""

from __future__ import annotations

from citylint.lockin.licences import LicenceState
from citylint.validators.metadata.lists import licences

# What the user writes to say a dataset has no licence (``--licence none``); the French NAP's code for it.
NONE_WORDS = frozenset({"none", "no", "notspecified", "non spécifiée", "aucune"})
_STATUS = {"open": "open", "restricted": "restricted", "identifies": "closed", "closed": "closed"}


def classify(text: str | None) -> LicenceState:
    """The state of a licence as declared (an id, IRI or name), or ``unknown`` when nothing is declared."""
    if text is None or not text.strip():
        return LicenceState("unknown", None)
    if text.strip().lower() in NONE_WORDS:
        return LicenceState("none", None)
    found = licences().find(text)
    if found is None:
        return LicenceState("custom", text.strip())
    state = _STATUS.get(found.status, "custom")
    if state == "open" and found.share_alike:
        state = "open_with_conditions"
    return LicenceState(state, found.id, found.source)

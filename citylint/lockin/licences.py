"""What a declared licence allows, as a lock-in state (docs/lockin.md, "Licences").

States: ``open`` (Open-Definition conformant or a member state's open government licence),
``open_with_conditions`` (open, with share-alike), ``restricted`` (non-commercial or no-derivatives),
``closed`` (all rights reserved, terms of service, or terms that make reusers identify themselves), ``none``
(the publisher says there is none), ``custom`` (a licence citylint does not know: a person must read it) and
``unknown`` (nothing declared). Open states are never lock-in; closed, restricted and none always are; custom
and unknown are reported as such and left out of the score (unknown is not the worst case). A declared
licence is classified against the EU licence table by ``citylint.validators.metadata.licence_states``.
"""

from __future__ import annotations

from dataclasses import dataclass

OPEN_STATES = frozenset({"open", "open_with_conditions"})
LOCKIN_STATES = frozenset({"restricted", "closed", "none"})
UNASSESSED_STATES = frozenset({"custom", "unknown"})


@dataclass(frozen=True, slots=True)
class LicenceState:
    state: str
    licence: str | None  # the licence's id when citylint knows it, else the text as given
    source: str = ""  # where its classification comes from

    @property
    def exposure(self) -> float | None:
        """1 for a licence that is lock-in, 0 for an open one, None when it cannot be judged."""
        if self.state in OPEN_STATES:
            return 0.0
        if self.state in LOCKIN_STATES:
            return 1.0
        return None

    def as_dict(self) -> dict[str, str | None]:
        return {"state": self.state, "licence": self.licence, "source": self.source}


def worst(states: list[LicenceState]) -> LicenceState:
    """The state that decides for several distributions: any lock-in first, then unassessable, then open."""
    order = ["closed", "none", "restricted", "custom", "unknown", "open_with_conditions", "open"]
    return min(states, key=lambda s: order.index(s.state)) if states else LicenceState("unknown", None)

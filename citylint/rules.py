"""Defining a rule: one decorator on a docstring-carrying class, so code, severity and docs live in one place.

    @gtfs_rule("missing_required_field", Severity.ERROR, message="...")
    class MissingRequiredField:
        '''A required field is empty.

        ## Why it matters
        ...
        '''

The decorator returns the :class:`~citylint.model.Rule`; the class itself is only the carrier of its
docstring, which becomes the rule's page in ``citylint rules`` and ``docs/``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from citylint.model import EifLayer, LockinKind, Rule, Severity


def define_rule(
    code: str,
    severity: Severity,
    *,
    family: str,
    message: str,
    spec: str = "",
    layer: EifLayer = EifLayer.TECHNICAL,
    lockin: LockinKind | None = None,
) -> Callable[[type], Rule]:
    def wrap(carrier: type) -> Rule:
        if not (carrier.__doc__ or "").strip():
            raise TypeError(f"rule {code} has no docstring: its docstring is its documentation")
        return Rule(code=code, severity=severity, family=family, doc=carrier.__doc__ or "",
                    message=message, spec=spec, layer=layer, lockin=lockin)

    return wrap


gtfs_rule = partial(define_rule, family="gtfs")

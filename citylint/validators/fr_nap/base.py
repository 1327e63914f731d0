"""What the fr_nap rules share: their family base, the transport-validator severity each one keeps, links.

transport.data.gouv.fr validates plain GTFS with etalab's transport-validator, whose issues have four
severities. citylint has three; the mapping is Fatal → ERROR, Error → ERROR, Warning → WARNING,
Information → INFO, and each rule keeps its transport-validator severity as ``tv_severity`` so that the
verdict (and the reports) can still tell a Fatal issue from an Error.

Codes are the snake_case of the issue-type names (``UnusedStop`` → ``unused_stop``). Where that code is
already a MobilityData notice code in the registry (``invalid_url``, ``invalid_timezone``,
``invalid_currency``, ``unusable_trip``), the fr_nap rule takes the suffix ``_tv`` (transport-validator):
``invalid_url_tv``. The issue type's own name is kept as ``issue_type``.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Any, ClassVar

from citylint.model import Severity
from citylint.rules import RuleDef

TRANSPORT_VALIDATOR = "https://github.com/etalab/transport-validator"
ISSUES_SOURCE = TRANSPORT_VALIDATOR + "/blob/master/src/issues.rs"
PLATFORM = "https://transport.data.gouv.fr/validation"


class TvSeverity(str, Enum):
    """The four severities of transport-validator issues."""

    FATAL = "Fatal"
    ERROR = "Error"
    WARNING = "Warning"
    INFORMATION = "Information"

    @property
    def citylint(self) -> Severity:
        return {
            "Fatal": Severity.ERROR,
            "Error": Severity.ERROR,
            "Warning": Severity.WARNING,
            "Information": Severity.INFO,
        }[self.value]

    @property
    def blocks_compliance(self) -> bool:
        """transport.data.gouv.fr scores a resource non-compliant when it has a Fatal or Error issue."""
        return self in (TvSeverity.FATAL, TvSeverity.ERROR)


def snake_case(issue_type: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", issue_type).lower()


class FrNapRule(RuleDef, family="fr_nap"):
    """Base of the rules of the French national access point profile (transport-validator issue types, and the
    platform's accessibility expectations).

    A rule that mirrors an issue type declares ``issue_type`` (its upstream name) and ``tv_severity``; the
    citylint severity is derived from it unless given.
    """

    issue_type: ClassVar[str | None] = None
    tv_severity: ClassVar[TvSeverity | None] = None

    def __init_subclass__(
        cls, *, issue_type: str | None = None, tv_severity: TvSeverity | None = None, **kwargs: Any
    ) -> None:
        if tv_severity is not None:
            kwargs.setdefault("severity", tv_severity.citylint)
            kwargs.setdefault("spec", ISSUES_SOURCE)
        super().__init_subclass__(**kwargs)
        if issue_type is not None:
            cls.issue_type = issue_type
            cls.tv_severity = tv_severity

"""The data citylint is made of: severities, rules, findings, their locations, and per-input reports.

A finding is data, not text: its message is rendered from its own fields, and every output format is a pure
function of the reports built from these records.
"""

from __future__ import annotations

import dataclasses
import hashlib
import inspect
import json
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Severity(str, Enum):
    ERROR = "ERROR"
    WARNING = "WARNING"
    INFO = "INFO"

    @property
    def rank(self) -> int:
        return {"ERROR": 3, "WARNING": 2, "INFO": 1}[self.value]

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls(text.upper())


class EifLayer(str, Enum):
    """The interoperability layers of the European Interoperability Framework (EIF 2017, EIF4SCC)."""

    LEGAL = "legal"
    ORGANISATIONAL = "organisational"
    SEMANTIC = "semantic"
    TECHNICAL = "technical"
    GOVERNANCE = "governance"


class LockinKind(str, Enum):
    VENDOR_EXTENSION = "vendor_extension"
    VENDOR_NAMESPACE = "vendor_namespace"
    LICENCE = "licence"
    FORMAT = "format"
    ACCESS = "access"
    HOSTING = "hosting"
    VENDOR_IDENTIFIERS = "vendor_identifiers"
    # Origins that are not a company's dialect (docs/lockin.md, "Origins"): what a large consumer demands for
    # its own programme, a public authority's own files or fields, an open proposal or draft not adopted, and
    # a European or international code list used through a standard that lacks it (a difference with a
    # mapping).
    DOMINANT_CONSUMER = "dominant_consumer"
    PUBLIC_AGENCY_EXTENSION = "public_agency_extension"
    COMMUNITY_PROPOSAL = "community_proposal"
    CODE_LIST = "code_list"


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule's metadata. ``doc`` is the rule's docstring: its first line is the summary, the rest its
    page."""

    code: str
    severity: Severity
    family: str
    doc: str
    message: str
    spec: str = ""
    layer: EifLayer = EifLayer.TECHNICAL
    lockin: LockinKind | None = None
    source: str = ""  # the module that defines the rule (its page names it)
    upstream: str = ""  # the page of the upstream rule whose code this one shares (e.g. MobilityData's)
    # The file a finding's row number counts in, for findings that name no file themselves (rules on one
    # table)
    table: str | None = None

    @property
    def summary(self) -> str:
        """The docstring's first paragraph, on one line."""
        first, _, _ = inspect.cleandoc(self.doc).partition("\n\n")
        return " ".join(first.split()) or self.code

    @property
    def description(self) -> str:
        """The documentation after the summary paragraph, dedented."""
        _, _, rest = inspect.cleandoc(self.doc).partition("\n\n")
        return rest.strip()

    def render(self, fields: dict[str, Any], template: str | None = None) -> str:
        """The message for one finding; ``template`` replaces the English one (translations)."""
        template = self.message if template is None else template
        try:
            return template.format_map(_Lenient(fields))
        except (ValueError, IndexError):
            return template


class _Lenient(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding is, in the coordinates that fit the input."""

    file: str | None = None
    row: int | None = None  # CSV row number, header = 1 (MobilityData's csvRowNumber)
    field: str | None = None
    focus_node: str | None = None
    path: str | None = None
    pointer: str | None = None  # JSON pointer

    def as_dict(self) -> dict[str, Any]:
        return {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if getattr(self, f.name) is not None
        }


# Sample fields that name a position rather than the problem: left out of fingerprints so that a finding keeps
# its identity when rows are inserted above it.
POSITIONAL_FIELDS = frozenset(
    {
        "csvRowNumber",
        "csvRowNumber1",
        "csvRowNumber2",
        "prevCsvRowNumber",
        "rowNumber",
        "index",
        "firstIndex",
        "secondIndex",
        "lineIndex",
        "charIndex",
        "xmlLine",
    }
)


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    message: str
    location: Location
    fields: dict[str, Any] = field(default_factory=dict)
    lockin: dict[str, Any] | None = None

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.code, self.location, self.fields)


def fingerprint(code: str, location: Location, fields: dict[str, Any]) -> str:
    """A finding's identity without its row numbers (baselines and report diffs match findings by it)."""
    return fingerprint_of(
        code, location.file, location.field, location.focus_node, location.path, location.pointer, fields
    )


# One encoder for every fingerprint: json.dumps(sort_keys=True, default=str) without building it per call
# (baselines fingerprint every finding of a run).
_KEY_ENCODER = json.JSONEncoder(sort_keys=True, default=str)


def fingerprint_of(
    code: str,
    file: str | None,
    field: str | None,
    focus_node: str | None,
    path: str | None,
    pointer: str | None,
    fields: dict[str, Any],
) -> str:
    # a field "name@lang" says what "name" says, in another language (citylint.i18n.finding_message): no
    # identity
    stable = {k: v for k, v in fields.items() if k not in POSITIONAL_FIELDS and "@" not in k}
    key = _KEY_ENCODER.encode([code, file, field, focus_node, path, pointer, stable])
    return hashlib.sha256(key.encode()).hexdigest()[:32]


@dataclass(slots=True)
class Notice:
    """All findings of one code in one input: the exact total and a capped list of samples."""

    rule: Rule
    severity: Severity
    total: int = 0
    samples: list[Finding] = field(default_factory=list)
    suppressed: int = 0  # findings of ``total`` that a baseline accepts: reported, never failing; not sampled

    @property
    def active(self) -> int:
        """Findings that count: the total less those a baseline suppresses."""
        return self.total - self.suppressed


@dataclass(frozen=True, slots=True)
class SystemError:
    """We could not check something (as opposed to: the data is wrong)."""

    code: str
    message: str
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class LockinOrigin:
    """One source of lock-in in an input: who controls it, how many findings it explains, what it touches."""

    # who controls it: "Google Transit", "MTC GTFS+ (Trillium)", a namespace IRI, a licence id, a domain
    origin: str
    kind: LockinKind
    findings: int  # exact number of findings attributed to this origin
    codes: tuple[str, ...] = ()  # rule codes whose findings it explains
    touches: dict[str, Any] = field(
        default_factory=dict
    )  # files, columns, share of routes / trips / triples, ...
    alternative: str | None = None  # the official alternative, when there is one
    layer: EifLayer = EifLayer.TECHNICAL
    principles: tuple[str, ...] = ()  # EIF principles it touches
    source: str = ""  # where the catalogue entry comes from (URL)
    # The catalogue's sources for the origin ({url, says, reviewed, withdrawn}) and its exit path ({keeps,
    # loses, consumers}): what the official or European alternative keeps and loses, and who reads which
    sources: tuple[dict[str, Any], ...] = ()
    exit: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Verdict:
    """A yes / no answer to a question a user asks of the whole input ("ready for
    transport.data.gouv.fr?")."""

    scheme: str  # stable id of the question, e.g. "transport.data.gouv.fr"
    passed: bool
    headline: str  # one line, in English; reports translate it through citylint.i18n
    reasons: tuple[str, ...] = ()  # rule codes (or short texts) that decide it when it fails


@dataclass(slots=True)
class Report:
    """What one input yielded."""

    input: str
    kind: str
    profile: str
    validation_date: str
    notices: dict[str, Notice] = field(default_factory=dict)
    system_errors: list[SystemError] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)
    lockin: list[LockinOrigin] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)
    checked: list[str] = field(
        default_factory=list
    )  # codes of the rules that ran on this input (passed or not)
    # A framework's scorecard of the checks run (per layer and principle), when the profile asks for one
    scorecard: dict[str, Any] = field(default_factory=dict)

    def counts(self) -> dict[Severity, int]:
        """Findings per severity, less those a baseline suppresses (the same as the totals without one)."""
        totals = {s: 0 for s in Severity}
        for notice in self.notices.values():
            totals[notice.severity] += notice.active
        return totals

    def suppressed_counts(self) -> dict[Severity, int]:
        totals = {s: 0 for s in Severity}
        for notice in self.notices.values():
            totals[notice.severity] += notice.suppressed
        return totals

    def sorted_notices(self) -> list[Notice]:
        return sorted(self.notices.values(), key=lambda n: (-n.severity.rank, n.rule.code))

    def worst(self) -> Severity | None:
        present = [n.severity for n in self.notices.values() if n.active]
        return max(present, key=lambda s: s.rank) if present else None

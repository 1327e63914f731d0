"""What every validator implements, and what it is handed to run."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from citylint import readpolicy, standards
from citylint.collector import FindingSink, FirstFindings
from citylint.lockin.catalogue import Extensions
from citylint.lockin.evidence import Evidence
from citylint.model import Report, Verdict
from citylint.rules import RuleType
from citylint.runoptions import RunOptions

if TYPE_CHECKING:
    from citylint.validators.gtfs.feed import Feed


class InputError(Exception):
    """The input cannot be validated at all (missing, unreadable, of no known kind): exit code 2."""


def named_file(
    entry: str | Path,
    what: str = "file",
    *,
    folder: bool = False,
    max_bytes: int | None = readpolicy.MAX_BYTES,
) -> Path:
    """A file a profile or option names: a path, or ``standard:NAME[/FILE]`` in the standards cache. A
    standard that is not installed is an input error whose message is the command that installs it; a file the
    read policy refuses (outside the allowed roots, not a regular file, too big: readpolicy.py) is one too."""
    try:
        path = standards.resolve(entry)
    except standards.StandardsError as exc:
        raise InputError(str(exc)) from exc
    if not path.exists() and not path.is_symlink():
        return path  # the caller says "not found" in its own words
    try:
        readpolicy.check(path, what, folder=folder, max_bytes=max_bytes)
    except readpolicy.ReadRefused as exc:
        raise InputError(str(exc)) from exc
    return path


@dataclass
class Handoffs:
    """What the validators of one input hand to the ones after them and to the engine, each under its name and
    type (one per input; the engine makes it, every validator's Context holds the same one)."""

    # The GTFS validator's loaded feed, for the validators that build on it (fr_nap) without parsing again.
    feed: Feed | None = None
    # Rules of a validator that had nothing to look at (no dataset metadata, no static feed): not "checked".
    checks_not_run: set[str] = field(default_factory=set)
    # Lock-in attribution's exact counts and facts (citylint.lockin.evidence); None: nobody attributes.
    evidence: Evidence | None = None
    # The first finding in each file of the codes validators declared in ``first_finding_codes``, exact
    # whatever ``--max-samples`` keeps (fr_nap's "which files failed to parse").
    first_findings: FirstFindings = field(default_factory=FirstFindings)
    # The catalogue of known extensions and the standard's own names the attribution of this input uses
    # (the GTFS validator's, citylint.validators.gtfs.extensions); None: rule-declared origins only.
    extensions: Extensions | None = None


P = TypeVar("P")


@dataclass(frozen=True)
class Context:
    validation_date: dt.date
    parameters: dict[str, Any] = field(default_factory=dict)
    # Run-wide options from the caller (extra shapes files, network permission, metadata file, ...), shared by
    # every validator; ``parameters`` are the profile's settings for this validator only.
    options: RunOptions = field(default_factory=RunOptions)
    handoffs: Handoffs = field(default_factory=Handoffs)

    def settings(self, parameter_class: type[P]) -> P:
        """This validator's profile parameters as its typed dataclass (``Validator.parameter_class``): the
        profile's keys were checked and coerced when it loaded (``profiles.checks``); the others take the
        dataclass's defaults, so a default is written once, in ``citylint.validators.parameters``."""
        return parameter_class(**self.parameters)


class Validator:
    """A family of rules over one or more input kinds.

    Subclasses set ``name``, ``input_kinds`` and ``rules``, and implement :meth:`validate`, which writes
    findings to the sink and returns summary facts about the input (MobilityData's ``summary`` for GTFS).
    """

    name: ClassVar[str]
    input_kinds: ClassVar[frozenset[str]]
    rules: ClassVar[tuple[RuleType, ...]]
    # The dataclass of the profile parameters it takes (citylint.validators.parameters); None: not declared,
    # any key accepted (a plugin written before parameters were declared).
    parameter_class: ClassVar[type[Any] | None] = None
    # Codes (of validators that run before it) whose first finding in each file this validator reads from
    # ``Context.handoffs.first_findings``: exact, where the sink's samples depend on --max-samples.
    first_finding_codes: ClassVar[frozenset[str]] = frozenset()

    def validate(self, path: Path, context: Context, sink: FindingSink) -> dict[str, Any]:
        raise NotImplementedError

    def verdicts(self, report: Report) -> list[Verdict]:
        """Answers to whole-input questions ("ready for transport.data.gouv.fr?"), asked once every validator
        has run and the report holds all findings."""
        return []

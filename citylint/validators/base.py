"""What every validator implements, and what it is handed to run."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from citylint import readpolicy, standards
from citylint.collector import FindingSink
from citylint.model import Report, Verdict
from citylint.rules import RuleType


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


@dataclass(frozen=True)
class Context:
    validation_date: dt.date
    parameters: dict[str, Any] = field(default_factory=dict)
    # Run-wide options from the caller (e.g. extra shapes files, network permission, metadata file), shared by
    # every validator; ``parameters`` are the profile's settings for this validator only.
    options: dict[str, Any] = field(default_factory=dict)
    # What one validator hands to the next ones on the same input (the GTFS validator's loaded feed, under
    # "gtfs.feed"), so that a family built on it does not parse the input again.
    shared: dict[str, Any] = field(default_factory=dict)


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

    def validate(self, path: Path, context: Context, sink: FindingSink) -> dict[str, Any]:
        raise NotImplementedError

    def verdicts(self, report: Report) -> list[Verdict]:
        """Answers to whole-input questions ("ready for transport.data.gouv.fr?"), asked once every validator
        has run and the report holds all findings."""
        return []

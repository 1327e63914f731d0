"""Baselines: findings a project has accepted, so that CI fails only on new ones.

A baseline file is JSON: for each input, for each rule code, how many findings carry each fingerprint
(``{"citylintBaseline": 1, "inputs": {"feed.zip": {"unused_station": {"<fingerprint>": 1}}}}``). Counting
per fingerprint keeps it exact: when a baselined problem appears once more (the same bad value in a new row,
whose fingerprint is the same because fingerprints leave row numbers out), only the extra one is new.

A run given a baseline reports the matching findings as *suppressed*: counted per code, shown in every format,
never failing the exit code. ``--update-baseline`` writes the file from everything the run found.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from citylint import ownformats

FORMAT_VERSION = 1

Accepted = dict[str, Counter[str]]  # code -> fingerprint -> how many findings carry it


class BaselineError(Exception):
    """The baseline file cannot be read (the run cannot honour it: exit 2)."""


class FingerprintTracker:
    """One input's view of a baseline: what is still accepted, and (when recording) every fingerprint seen."""

    def __init__(self, accepted: Accepted, record: bool) -> None:
        self._remaining = {code: Counter(counts) for code, counts in accepted.items()}
        self.seen: Accepted | None = {} if record else None

    def wants(self, code: str) -> bool:
        """Whether findings of ``code`` need fingerprints: when recording, or when the baseline accepts
        some."""
        return self.seen is not None or bool(self._remaining.get(code))

    def take_counts(self, code: str, counts: dict[str, int]) -> dict[str, int]:
        """``take`` for many fingerprints at once: those the baseline suppresses, with how many of each."""
        if self.seen is not None:
            self.seen.setdefault(code, Counter()).update(counts)
        remaining = self._remaining.get(code)
        if not remaining:
            return {}
        taken: dict[str, int] = {}
        for fingerprint in remaining.keys() & counts.keys():
            allowed = min(counts[fingerprint], remaining[fingerprint])
            if allowed:
                remaining[fingerprint] -= allowed
                taken[fingerprint] = allowed
        return taken

    def take(self, code: str, fingerprint: str, count: int) -> int:
        """Note ``count`` findings with this fingerprint; returns how many of them the baseline suppresses."""
        if self.seen is not None:
            seen = self.seen.get(code)
            if seen is None:
                seen = self.seen[code] = Counter()
            seen[fingerprint] += count
        remaining = self._remaining.get(code)
        if not remaining:
            return 0
        allowed = min(count, remaining[fingerprint])
        if allowed:
            remaining[fingerprint] -= allowed
        return allowed


class Baseline:
    """The accepted findings of every input, and the trackers a run fills (to write an updated baseline)."""

    def __init__(self, inputs: dict[str, Accepted] | None = None, *, record: bool = False) -> None:
        self.inputs = inputs or {}
        self.record = record
        self.trackers: dict[str, FingerprintTracker] = {}

    @classmethod
    def load(cls, path: Path, *, record: bool = False) -> Baseline:
        if not path.exists():
            raise BaselineError(f"baseline {path} does not exist (write it with --update-baseline)")
        try:  # size, depth and shape limits (ownformats.py): a tampered baseline is one line, exit 2
            body = ownformats.read_json(path, "citylint baseline")
            if not isinstance(body, dict) or body.get("citylintBaseline") != FORMAT_VERSION:
                raise BaselineError(f"{path} is not a citylint baseline (version {FORMAT_VERSION})")
            ownformats.check(body, ownformats.BASELINE_SCHEMA, "citylint baseline", path)
        except ownformats.OwnFormatError as exc:
            raise BaselineError(str(exc)) from None
        try:
            inputs = {
                name: {
                    code: Counter({fp: int(n) for fp, n in counts.items()}) for code, counts in codes.items()
                }
                for name, codes in body["inputs"].items()
            }
        except (KeyError, AttributeError, TypeError, ValueError):
            raise BaselineError(
                f"baseline {path} is malformed: expected inputs -> code -> fingerprint -> count"
            ) from None
        return cls(inputs, record=record)

    def accepted_for(self, input_name: str) -> Accepted:
        """The input's entry: by the path as given, else by file name, else the only entry there is (a
        baseline written for one feed keeps applying when the feed is checked from another folder)."""
        if input_name in self.inputs:
            return self.inputs[input_name]
        same_name = [k for k in self.inputs if Path(k).name == Path(input_name).name]
        if len(same_name) == 1:
            return self.inputs[same_name[0]]
        if len(self.inputs) == 1:
            return next(iter(self.inputs.values()))
        return {}

    def tracker(self, input_name: str) -> FingerprintTracker:
        tracker = self.trackers[input_name] = FingerprintTracker(self.accepted_for(input_name), self.record)
        return tracker

    def recorded(self) -> dict[str, Any]:
        """A baseline accepting everything this run found (``--update-baseline``)."""
        inputs = {
            name: {code: dict(sorted(counts.items())) for code, counts in sorted((t.seen or {}).items())}
            for name, t in sorted(self.trackers.items())
        }
        return {"citylintBaseline": FORMAT_VERSION, "inputs": inputs}

    def recorded_json(self) -> str:
        return json.dumps(self.recorded(), indent=1) + "\n"

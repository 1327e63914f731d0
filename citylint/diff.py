"""What changed between two JSON reports: new, fixed and unchanged findings per code.

Findings are matched by fingerprint (stable when rows move) where both reports hold every finding of the code
as a sample; where either report only holds a capped sample (or a baseline kept some out), samples cannot say
which findings are which, and the code is compared by its totals instead. Each code says which method it used.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from citylint import ownformats
from citylint.model import Severity

SAMPLES_SHOWN = 5


class ReportFileError(Exception):
    """A file is not a readable citylint JSON report."""


def load_report(path: Path) -> dict[str, Any]:
    try:  # size, depth and shape limits (ownformats.py): a tampered report is one line, exit 2
        body = ownformats.read_json(path, "JSON report")
        if not isinstance(body, dict) or not ("reports" in body or "notices" in body):
            raise ReportFileError(f"{path} is not a citylint JSON report (--format json)")
        ownformats.check(body, ownformats.REPORT_SCHEMA, "citylint JSON report", path)
    except ownformats.OwnFormatError as exc:
        raise ReportFileError(str(exc)) from None
    return body


def _reports(body: dict[str, Any]) -> list[dict[str, Any]]:
    return list(body["reports"]) if "reports" in body else [body]


def _input(report: dict[str, Any]) -> str:
    return str(report.get("summary", {}).get("input", ""))


def _pairs(
    old: list[dict[str, Any]], new: list[dict[str, Any]]
) -> list[tuple[dict[str, Any] | None, dict[str, Any] | None]]:
    """Reports of the same input: the only one of each, else by input path, else by file name."""
    if len(old) == 1 and len(new) == 1:
        return [(old[0], new[0])]
    pairs: list[tuple[dict[str, Any] | None, dict[str, Any] | None]] = []
    unmatched = list(old)
    for report in new:
        match = next((o for o in unmatched if _input(o) == _input(report)), None) or next(
            (o for o in unmatched if Path(_input(o)).name == Path(_input(report)).name), None
        )
        if match is not None:
            unmatched.remove(match)
        pairs.append((match, report))
    return pairs + [(o, None) for o in unmatched]


def _fingerprints(notice: dict[str, Any]) -> Counter[str]:
    return Counter(s.get("citylint", {}).get("fingerprint", "") for s in notice.get("sampleNotices", []))


def _complete(notice: dict[str, Any] | None) -> bool:
    return notice is None or len(notice.get("sampleNotices", [])) == notice.get("totalNotices", 0)


def _messages(notice: dict[str, Any] | None, wanted: Counter[str]) -> list[str]:
    if notice is None:
        return []
    found = [
        s["citylint"]["message"]
        for s in notice.get("sampleNotices", [])
        if s.get("citylint", {}).get("fingerprint") in wanted
    ]
    return found[:SAMPLES_SHOWN]


def _code_diff(
    code: str, old: dict[str, Any] | None, new: dict[str, Any] | None, new_checked: set[str] | None
) -> dict[str, Any]:
    severity = (new or old or {}).get("severity", "INFO")
    old_total = old["totalNotices"] if old else 0
    new_total = new["totalNotices"] if new else 0
    entry: dict[str, Any] = {"code": code, "severity": severity, "oldTotal": old_total, "newTotal": new_total}
    if new is None and new_checked is not None and code not in new_checked:
        # The rule did not run on the new input (another profile): its findings are not known to be fixed.
        return {
            **entry,
            "method": "not-run",
            "new": 0,
            "fixed": 0,
            "unchanged": 0,
            "newSamples": [],
            "fixedSamples": [],
        }
    if _complete(old) and _complete(new):
        before = _fingerprints(old) if old else Counter()
        after = _fingerprints(new) if new else Counter()
        added, fixed = after - before, before - after
        return {
            **entry,
            "method": "fingerprint",
            "new": added.total(),
            "fixed": fixed.total(),
            "unchanged": (before & after).total(),
            "newSamples": _messages(new, added),
            "fixedSamples": _messages(old, fixed),
        }
    return {
        **entry,
        "method": "totals",
        "new": max(0, new_total - old_total),
        "fixed": max(0, old_total - new_total),
        "unchanged": min(old_total, new_total),
        "newSamples": [],
        "fixedSamples": [],
    }


def _input_diff(old: dict[str, Any] | None, new: dict[str, Any] | None) -> dict[str, Any]:
    old_notices = {n["code"]: n for n in (old or {}).get("notices", [])}
    new_notices = {n["code"]: n for n in (new or {}).get("notices", [])}
    checked = (new or {}).get("summary", {}).get("rulesChecked")
    new_checked = set(checked) if isinstance(checked, list) and new is not None else None
    codes = [
        _code_diff(c, old_notices.get(c), new_notices.get(c), new_checked)
        for c in sorted(set(old_notices) | set(new_notices))
    ]
    codes.sort(key=lambda c: (-Severity(c["severity"]).rank, c["code"]))
    return {
        "old": _input(old) if old else None,
        "new": _input(new) if new else None,
        "totals": {k: sum(c[k] for c in codes) for k in ("new", "fixed", "unchanged")},
        "codes": codes,
    }


def diff_reports(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    inputs = [_input_diff(o, n) for o, n in _pairs(_reports(old), _reports(new))]
    new_by_severity = {s.value: 0 for s in Severity}
    for entry in inputs:
        for code in entry["codes"]:
            new_by_severity[code["severity"]] += code["new"]
    return {"inputs": inputs, "newBySeverity": new_by_severity}


def new_at_or_above(diff: dict[str, Any], fail_on: str) -> int:
    if fail_on == "never":
        return 0
    threshold = Severity.parse(fail_on).rank
    return sum(n for s, n in diff["newBySeverity"].items() if Severity(s).rank >= threshold)


def diff_text(diff: dict[str, Any], labels: Sequence[str] = ("old", "new")) -> str:
    lines: list[str] = []
    for entry in diff["inputs"]:
        name = entry["new"] or entry["old"]
        totals = entry["totals"]
        lines.append(f"{name}  ({labels[0]} → {labels[1]})")
        lines.append(f"  {totals['new']:,} new, {totals['fixed']:,} fixed, {totals['unchanged']:,} unchanged")
        for code in entry["codes"]:
            if code["method"] == "not-run":
                lines.append(
                    f"  {code['severity']:<7} {code['code']}: not run on the new input "
                    f"({code['oldTotal']:,} before)"
                )
                continue
            if not code["new"] and not code["fixed"]:
                continue
            lines.append(
                f"  {code['severity']:<7} {code['code']}: +{code['new']:,} new, -{code['fixed']:,} fixed, "
                f"{code['unchanged']:,} unchanged (by {code['method']})"
            )
            lines += [f"            + {m}" for m in code["newSamples"]]
            lines += [f"            - {m}" for m in code["fixedSamples"]]
    return "\n".join(lines) + "\n"


def diff_json(diff: dict[str, Any]) -> str:
    return json.dumps(diff, indent=2, ensure_ascii=False) + "\n"

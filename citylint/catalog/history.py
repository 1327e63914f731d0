"""``citylint history``: conformance over time per dataset, and the regressions between a dataset's last two
validations (ERROR codes that are new or grew)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from citylint.escape import visible


@dataclass(frozen=True)
class Regression:
    dataset_id: str
    previous_at: str
    latest_at: str
    new_errors: dict[str, int]  # code -> total, codes at ERROR absent before
    grown_errors: dict[str, tuple[int, int]]  # code -> (before, now)
    unreadable: str | None = None  # validated before, could not be validated now: why


def regressions(rows: list[dict[str, Any]]) -> list[Regression]:
    """Compare each dataset's last two successful validations (rows oldest first, as the store returns them);
    a dataset whose latest result could not be validated after an earlier validation is a regression too: a
    feed that went from conformant to unreadable is worse than one with a new error."""
    by_dataset: dict[str, list[dict[str, Any]]] = {}
    latest_row: dict[str, dict[str, Any]] = {}
    for row in rows:
        latest_row[row["dataset_id"]] = row
        if row["status"] == "validated":
            by_dataset.setdefault(row["dataset_id"], []).append(row)
    found = []
    for dataset, validated in sorted(by_dataset.items()):
        now = latest_row[dataset]
        if now["status"] == "failed":
            reason = "; ".join(now.get("system_errors_list") or []) or "could not be validated"
            found.append(
                Regression(
                    dataset,
                    _iso(validated[-1]["validated_at"]),
                    _iso(now["validated_at"]),
                    {},
                    {},
                    unreadable=reason,
                )
            )
            continue
        if len(validated) < 2:
            continue
        before, latest = validated[-2], validated[-1]
        old = {c: t for c, (severity, t) in before["codes"].items() if severity == "ERROR"}
        new = {c: t for c, (severity, t) in latest["codes"].items() if severity == "ERROR"}
        appeared = {c: t for c, t in new.items() if c not in old}
        grown = {c: (old[c], t) for c, t in new.items() if c in old and t > old[c]}
        if appeared or grown:
            found.append(
                Regression(
                    dataset, _iso(before["validated_at"]), _iso(latest["validated_at"]), appeared, grown
                )
            )
    return found


def render_text(rows: list[dict[str, Any]], found: list[Regression]) -> str:
    lines = []
    current = None
    for row in rows:
        if row["dataset_id"] != current:
            current = row["dataset_id"]
            lines.append(visible(str(current)))
        errors = visible(", ".join(map(str, row["system_errors_list"]))) if row["status"] == "failed" else ""
        lines.append(
            f"  {_iso(row['validated_at'])}  run {row['run_id']:<4} {row['verdict']:<18} "
            f"{row['errors']:>7,} errors {row['warnings']:>7,} warnings {row['infos']:>7,} infos  "
            f"{(row['content_hash'] or '-')[:12]}" + (f"  {errors}" if errors else "")
        )
    if not rows:
        lines.append("no results stored yet")
    lines.append("")
    if found:
        lines.append(f"{len(found)} regression(s) since the previous validation:")
        for regression in found:
            parts = [f"became unreadable: {regression.unreadable}"] if regression.unreadable else []
            parts += [f"new {c} ×{t:,}" for c, t in sorted(regression.new_errors.items())]
            parts += [f"{c} {a:,} → {b:,}" for c, (a, b) in sorted(regression.grown_errors.items())]
            lines.append(
                f"  REGRESSION {visible(str(regression.dataset_id))} ({regression.previous_at} → "
                f"{regression.latest_at}): " + "; ".join(parts)
            )
    else:
        lines.append("no regression: no dataset has new or more errors than at its previous validation")
    return "\n".join(lines) + "\n"


def render_json(rows: list[dict[str, Any]], found: list[Regression]) -> str:
    datasets: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        datasets.setdefault(row["dataset_id"], []).append(
            {
                "validatedAt": _iso(row["validated_at"]),
                "runId": row["run_id"],
                "status": row["status"],
                "verdict": row["verdict"],
                "contentHash": row["content_hash"],
                "profile": row["profile"],
                "citylintVersion": row["citylint_version"],
                "counts": {"ERROR": row["errors"], "WARNING": row["warnings"], "INFO": row["infos"]},
                "codes": {c: {"severity": s, "total": t} for c, (s, t) in sorted(row["codes"].items())},
                "systemErrors": row["system_errors_list"],
                "lockin": json.loads(row["lockin"] or "{}"),
            }
        )
    body = {
        "datasets": datasets,
        "regressions": [
            {
                "datasetId": r.dataset_id,
                "previousAt": r.previous_at,
                "latestAt": r.latest_at,
                "newErrors": r.new_errors,
                "becameUnreadable": r.unreadable,
                "grownErrors": {c: {"before": a, "now": b} for c, (a, b) in r.grown_errors.items()},
            }
            for r in found
        ],
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def _iso(value: Any) -> str:
    return value.isoformat(timespec="seconds") if hasattr(value, "isoformat") else str(value)

"""The ``gtfs_rt`` validator: GTFS-Realtime feeds (one ``.pb`` snapshot, or a folder of snapshots taken over
time) checked with MobilityData's gtfs-realtime-validator rules, against their static GTFS feed when one is
given (``--static FEED.zip``, or ``static:`` in the profile's ``gtfs_rt`` parameters).

Parameters (profile ``validators: gtfs_rt: {...}``): ``static`` (the static GTFS, a path or
``standard:NAME``); ``platform_verdict`` (true in ``fr-nap``: transport.data.gouv.fr's "critical" verdict,
``verdict.py``); ``critical_threshold`` (50, the platform's). See ``docs/gtfs-rt.md``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, ClassVar

from citylint.collector import FindingSink
from citylint.model import Report, Verdict
from citylint.rules import RuleType
from citylint.validators.base import Context, InputError, Validator, named_file
from citylint.validators.gtfs_rt.rules import RULES, GtfsRtProprietaryExtension
from citylint.validators.parameters import GtfsRtParameters

_STATIC_CACHE: dict[tuple[str, int, int], Any] = {}  # one static feed per run, however many real-time inputs


def _static(path: Path, context: Context) -> Any:
    from citylint.validators.gtfs_rt.static import load_static

    try:
        info = path.stat()
    except OSError as exc:
        raise InputError(f"{path}: static GTFS feed not found") from exc
    key = (str(path.resolve()), info.st_mtime_ns, info.st_size)
    if key not in _STATIC_CACHE:
        _STATIC_CACHE.clear()
        _STATIC_CACHE[key] = load_static(path, context)
    return _STATIC_CACHE[key]


class GtfsRtValidator(Validator):
    name: ClassVar[str] = "gtfs_rt"
    input_kinds: ClassVar[frozenset[str]] = frozenset({"gtfs_rt"})
    parameter_class: ClassVar[type[Any] | None] = GtfsRtParameters
    rules: ClassVar[tuple[RuleType, ...]] = RULES

    def __init__(self) -> None:
        self.settings = GtfsRtParameters()

    def validate(self, path: Path, context: Context, sink: FindingSink) -> dict[str, Any]:
        from citylint.validators.gtfs_rt import checks, decode

        self.settings = context.settings(GtfsRtParameters)
        timings: dict[str, float] = {}
        started = time.perf_counter()
        files = decode.snapshot_files(path)
        if not files:
            raise InputError(f"{path}: no GTFS-Realtime snapshot in this folder")
        snaps = decode.decode(files, context.options.gtfs_rt_fetched_at)
        timings["decode_seconds"] = round(time.perf_counter() - started, 3)
        static_entry = context.options.gtfs_rt_static or self.settings.static
        static = None
        if static_entry:
            loaded = time.perf_counter()
            # a zip or a folder, of any size the GTFS loader takes (its own limits apply)
            static = _static(
                named_file(static_entry, "static GTFS feed", folder=True, max_bytes=None), context
            )
            timings["static_seconds"] = round(time.perf_counter() - loaded, 3)
        else:
            context.handoffs.checks_not_run.update(f"gtfs_rt_{r.lower()}" for r in STATIC_RULES)
        checked = time.perf_counter()
        checks.check(snaps, static, sink)
        timings["rules_seconds"] = round(time.perf_counter() - checked, 3)
        found = self._extensions(snaps, sink)
        headers = snaps.headers
        return {
            "gtfsRealtime": {
                "snapshots": snaps.names,
                "duplicateSnapshotsSkipped": snaps.skipped_duplicates,
                "versions": sorted(set(headers.get_column("version").to_list())),
                "entities": snaps.entities.height,
                "tripUpdates": snaps.trips.filter(snaps.trips["source"] == "trip_update").height,
                "vehiclePositions": snaps.vehicles.height,
                "alerts": snaps.alerts.height,
                "stopTimeUpdates": snaps.stop_time_updates.height,
                "static": str(static_entry) if static_entry else None,
                "extensions": found,
            },
            "timings": timings,
        }

    @staticmethod
    def _extensions(snaps: Any, sink: FindingSink) -> list[dict[str, Any]]:
        from citylint.validators.gtfs_rt.extensions import has_unknown_fields, owner, unknown_fields

        found = []
        for name, message in zip(snaps.names, snaps.messages, strict=True):
            if not has_unknown_fields(message):
                continue
            for (kind, number), count in sorted(unknown_fields(message).items()):
                fields = {
                    "filename": name,
                    "message": kind,
                    "fieldNumber": number,
                    "count": count,
                    "fieldName": f"{kind}.{number}",
                    "lockinOrigin": owner(number),
                }
                sink.add(GtfsRtProprietaryExtension, fields)
                found.append(
                    {k: fields[k] for k in ("filename", "message", "fieldNumber", "count", "lockinOrigin")}
                )
        return found

    def verdicts(self, report: Report) -> list[Verdict]:
        if not self.settings.platform_verdict:
            return []
        from citylint.validators.gtfs_rt.verdict import platform_verdict

        return [platform_verdict(report, self.settings.critical_threshold)]


# Rules that need the static GTFS: without it they did not run (the report does not count them as passed).
STATIC_RULES = (
    "E002",
    "E003",
    "E004",
    "E006",
    "E009",
    "E011",
    "E013",
    "E015",
    "E016",
    "E019",
    "E023",
    "E024",
    "E028",
    "E029",
    "E030",
    "E034",
    "E035",
    "E045",
    "E046",
    "E047",
    "E051",
    "W005",
)

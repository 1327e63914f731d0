"""Run-wide options: what the caller (``citylint check``, ``check-many``, a library call) sets for every
validator of a run, as one frozen, typed record (``Context.options``). A validator's own settings are its
profile parameters (``citylint.validators.parameters``); these apply to every input of the run.

The defaults that decide how much work a run does (samples kept, SHACL engine and time limit) are written here
once; the command line, the engine, the collector and the validators read them from here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Graph

# Samples kept per notice code in a report (MobilityData keeps samples per code too; totals are always exact).
MAX_SAMPLES = 1000
# The SHACL engine when neither --engine nor a caller names one (validators/rdf: auto, fast, pyshacl).
SHACL_ENGINE = "auto"
# How long one SHACL validation may run when neither --time-limit nor the profile's time_limit_seconds says.
SHACL_TIME_LIMIT_SECONDS = 600.0


@dataclass(frozen=True)
class RunOptions:
    """Settings of one run that every validator may read. Each field says who sets it and who reads it."""

    # --shapes: extra SHACL shapes files (or standard:NAME/FILE), added to the profile's (rdf/shacl).
    shapes: tuple[str, ...] = ()
    # --allow-network: remote ontologies, JSON-LD contexts and GTFS-Realtime URLs may be fetched.
    allow_network: bool = False
    # --licence: the dataset's licence (fr_nap, the GTFS lock-in family); else taken from the metadata.
    licence: str | None = None
    # --metadata: the dataset's DCAT metadata file; else a sidecar beside the input (metadata/source.py).
    metadata: str | None = None
    # --shacl-report: the graph every SHACL validation of the run adds its sh:ValidationReport to.
    shacl_report_graph: Graph | None = None
    # --time-limit: seconds one SHACL validation may take (over the profile's time_limit_seconds).
    time_limit: float | None = None
    # --engine: the SHACL engine, auto, fast or pyshacl.
    shacl_engine: str = SHACL_ENGINE
    # --static: the GTFS feed GTFS-Realtime snapshots are checked against (over the profile's ``static``).
    gtfs_rt_static: str | None = None
    # GTFS-Realtime URL sampled with --samples: snapshot file name -> POSIX time it was fetched at.
    gtfs_rt_fetched_at: Mapping[str, int] = field(default_factory=dict)
    # --netex-schema (structure, strict, off) and --netex-version (1.2.2, 1.3.1): over the profile's.
    netex_schema: str | None = None
    netex_version: str | None = None
    # The run's progress display (a terminal or --verbose): called with each stage of a long check.
    progress: Callable[[str], None] | None = None

    @classmethod
    def of(cls, given: RunOptions | Mapping[str, Any] | None) -> RunOptions:
        """Options from a library caller: a RunOptions, None (the defaults), or a mapping of field names, as
        ``citylint.check(options={...})`` took before; an unknown name is a TypeError, never ignored."""
        if given is None:
            return cls()
        if isinstance(given, RunOptions):
            return given
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(given) - known)
        if unknown:
            raise TypeError(
                f"unknown run option(s): {', '.join(unknown)} (known: {', '.join(sorted(known))})"
            )
        values = dict(given)
        if "shapes" in values:
            shapes = values["shapes"]
            values["shapes"] = (
                (str(shapes),) if isinstance(shapes, str) else tuple(str(s) for s in shapes or ())
            )
        return cls(**values)

    def stage(self, stage: str) -> None:
        """Tell the run's progress display (when there is one) the current stage."""
        if self.progress is not None:
            self.progress(stage)

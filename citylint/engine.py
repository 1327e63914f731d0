"""The library entry point: ``citylint.check(paths, ...)`` validates inputs and returns one report each."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from citylint import readpolicy, standards
from citylint.adapters import gtfs_kit
from citylint.baseline import Baseline
from citylint.collector import FindingSink, FirstFindings, Observers
from citylint.detect import detect_kind
from citylint.eif import build_scorecard
from citylint.lockin import Evidence, attribute
from citylint.model import Report, SystemError
from citylint.profiles import Profile, load_profile
from citylint.profiles.checks import check_profile
from citylint.profiles.overrides import ProfileOverrides
from citylint.registry import Registry, load_registry
from citylint.runoptions import MAX_SAMPLES, RunOptions
from citylint.validators.base import Context, Handoffs, InputError
from citylint.validators.metadata.source import dcat_flavour, with_metadata

DEFAULT_PROFILES = {
    "gtfs": "gtfs",
    "rdf": "shacl",
    "json": "json-schema",
    "gbfs": "gbfs",
    "csv": "tableschema",
}
DEFAULT_PROFILES["gtfs_rt"] = "gtfs-rt"  # GTFS-Realtime snapshots (citylint/validators/gtfs_rt)
DEFAULT_PROFILES["netex"] = "netex"  # French / Nordic deliveries: netex.delivery.default_profile


def default_profile(path: Path, kind: str) -> str:
    """The profile for an input when none is chosen: by kind, and for RDF that holds DCAT metadata the
    DCAT-AP (or mobilityDCAT-AP) profile."""
    if kind == "netex":
        from citylint.validators.netex.delivery import default_profile as netex_profile

        return netex_profile(path)  # netex-fr for a French delivery, netex-nordic for a Nordic one
    return (dcat_flavour(path) if kind == "rdf" else None) or DEFAULT_PROFILES[kind]


def enabled_codes(profile: Profile, registry: Registry) -> frozenset[str]:
    """The rules sections applied in order, parents first (within one profile, disable after enable); without
    any ``enable``, every rule starts enabled."""
    steps = profile.rule_steps or [("enable", profile.enable), ("disable", profile.disable)]
    starts_enabled = not any(action == "enable" and patterns for action, patterns in steps)
    codes = set(registry.rules) if starts_enabled else set()
    for action, patterns in steps:
        matched = registry.match(patterns)
        codes = codes | matched if action == "enable" else codes - matched
    return frozenset(codes)


def check(
    paths: Iterable[str | Path | Any],
    *,
    profile: str | Profile | None = None,
    date: dt.date | None = None,
    max_samples: int = MAX_SAMPLES,
    registry: Registry | None = None,
    options: RunOptions | Mapping[str, Any] | None = None,
    baseline: Baseline | None = None,
    overrides: ProfileOverrides | None = None,
) -> list[Report]:
    """Validate each path (or ``gtfs_kit.Feed`` held in memory) and return its report.

    An input that cannot be validated yields a report whose ``system_errors`` say why; a bad profile raises
    :class:`~citylint.profiles.ProfileError` before anything runs. ``options`` are run-wide settings handed
    to every validator (``Context.options``): a :class:`~citylint.runoptions.RunOptions`, or a mapping of
    its field names (an unknown name is a TypeError). With a ``baseline``, the findings it accepts are counted
    as suppressed (and every finding's fingerprint is recorded when the baseline is being written).
    ``overrides`` (``--select``, ``--ignore``, ``--country-code``) apply over the profile, chosen or the input
    kind's default.
    """
    registry = registry or load_registry()
    run_options = RunOptions.of(options)
    _allow_named(run_options)
    chosen = load_profile(profile) if isinstance(profile, str) else profile
    if chosen is not None:
        chosen = check_profile(overrides.apply(chosen) if overrides else chosen, registry)
    validation_date = date or dt.date.today()
    reports = []
    for item in paths:

        def check_path(path: Path) -> Report:
            readpolicy.allow_input(path)
            return _check_one(
                path, chosen, validation_date, max_samples, registry, run_options, baseline, overrides
            )

        reports.append(
            gtfs_kit.check_feed(item, check_path) if gtfs_kit.is_feed(item) else check_path(Path(item))
        )
    return reports


def _allow_named(options: RunOptions) -> None:
    """Files the options name (``--shapes``, ``--metadata``, ``--static``), which the user chose, for the read
    policy (readpolicy.py); each input's folder is registered as the input comes."""
    for entry in (*options.shapes, options.metadata, options.gtfs_rt_static):
        if entry is not None and not standards.is_reference(entry):
            readpolicy.allow_named(entry)


def _check_one(
    path: Path,
    profile: Profile | None,
    date: dt.date,
    max_samples: int,
    registry: Registry,
    options: RunOptions,
    baseline: Baseline | None = None,
    overrides: ProfileOverrides | None = None,
) -> Report:
    started = time.perf_counter()
    try:
        kind = detect_kind(path)
    except InputError as exc:
        report = Report(str(path), "unknown", profile.name if profile else "", date.isoformat())
        report.system_errors.append(SystemError("input_error", str(exc)))
        return report
    if profile is None:
        default = load_profile(default_profile(path, kind))
        profile = check_profile(overrides.apply(default) if overrides else default, registry)
    options = with_metadata(
        path, options
    )  # the dataset's metadata (--metadata or beside the data), its licence
    report = Report(str(path), kind, profile.name, date.isoformat())
    validators = [v for v in registry.for_kind(kind) if v.name in profile.validators]
    # what lock-in attribution needs, counted exactly while the findings come in; and the first finding per
    # file of the codes a validator reads from those before it
    evidence = Evidence()
    handoffs = Handoffs(
        evidence=evidence,
        first_findings=FirstFindings(frozenset(c for v in validators for c in v.first_finding_codes)),
    )
    enabled = enabled_codes(profile, registry)
    sink = FindingSink(
        max_samples=max_samples,
        enabled=enabled,
        severity_overrides=profile.severity,
        observer=Observers(evidence, handoffs.first_findings) if handoffs.first_findings.codes else evidence,
        fingerprints=baseline.tracker(str(path)) if baseline is not None else None,
    )
    report.checked = sorted({r.rule.code for v in validators for r in v.rules} & enabled)
    if not validators:
        report.system_errors.append(
            SystemError("profile_error", f"profile {profile.name!r} runs no validator for {kind} input")
        )
    ran = []
    for validator_class in validators:
        context = Context(
            validation_date=date,
            parameters=profile.validators.get(validator_class.name) or {},
            options=options,
            handoffs=handoffs,
        )
        options.stage(f"validator {validator_class.name}")
        try:
            validator = validator_class()
            ran.append(validator)
            report.summary.update(validator.validate(path, context, sink))
        except InputError as exc:
            report.system_errors.append(SystemError("input_error", str(exc)))
        except Exception as exc:  # noqa: BLE001 - a validator bug: a system error, not a traceback
            report.system_errors.append(
                SystemError(
                    "runtime_exception_in_validator_error",
                    f"validator {validator_class.name!r} failed: {type(exc).__name__}: {exc}",
                    {"validator": validator_class.name, "exception": type(exc).__name__},
                )
            )
    report.notices = sink.notices
    report.system_errors.extend(sink.system_errors)
    try:
        attribute(report, evidence, handoffs.extensions)
    except Exception as exc:  # noqa: BLE001 - a bug in attribution must not lose the findings
        report.system_errors.append(
            SystemError(
                "lockin_attribution_failed", f"lock-in attribution failed: {type(exc).__name__}: {exc}"
            )
        )
    # Rules of a validator that had nothing to look at (no dataset metadata for a feed) did not run.
    report.checked = sorted(set(report.checked) - handoffs.checks_not_run)
    if profile.scorecard:
        report.scorecard = build_scorecard(report, profile.scorecard, registry.rules)
    handoffs.feed = None  # the feed's frames are not kept while the verdicts are asked
    for validator in ran:
        try:
            report.verdicts.extend(validator.verdicts(report))
        except Exception as exc:  # noqa: BLE001 - a validator bug: a system error, not a traceback
            report.system_errors.append(
                SystemError(
                    "runtime_exception_in_validator_error",
                    f"validator {validator.name!r} could not give its verdict: {type(exc).__name__}: {exc}",
                    {"validator": validator.name, "exception": type(exc).__name__},
                )
            )
    report.timings["total_seconds"] = round(time.perf_counter() - started, 3)
    return report


def could_not_validate(reports: Sequence[Report]) -> bool:
    return any(r.system_errors for r in reports)

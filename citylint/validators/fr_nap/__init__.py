"""The French national access point profile (``fr-nap``): transport-validator's issue types, the verdict of
transport.data.gouv.fr, the feed's validity window and its accessibility figures.

The family reads the feed the GTFS validator loaded for the same input (``Context.handoffs.feed``), so the
fr-nap profile runs the ``gtfs`` validator first (it extends the ``gtfs`` profile); the raw-level checks
always run, the model-level ones only when transport-validator's loader could build its model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from citylint.collector import FindingSink
from citylint.model import Report, Verdict
from citylint.rules import RuleType
from citylint.validators.base import Context, Validator
from citylint.validators.fr_nap import (
    accessibility,
    descriptive_checks,
    licence,
    metadata,
    object_checks,
    raw_checks,
    speed_checks,
    trip_checks,
    validity,
)
from citylint.validators.fr_nap.base import FrNapRule, TvSeverity
from citylint.validators.fr_nap.french import PLATFORM_TITLES
from citylint.validators.fr_nap.model import FIRST_FINDING_CODES, TvModel
from citylint.validators.fr_nap.modes import max_speeds
from citylint.validators.fr_nap.verdict import FLEX_FILES, blocking_codes, platform_issues, platform_verdict
from citylint.validators.parameters import FrNapParameters

TV_RULES: tuple[type[FrNapRule], ...] = (
    *raw_checks.RULES,
    *object_checks.RULES,
    *descriptive_checks.RULES,
    *trip_checks.RULES,
    *speed_checks.RULES,
)
ALL_RULES: tuple[RuleType, ...] = (*TV_RULES, *accessibility.RULES, *licence.RULES, *validity.RULES)
TV_SEVERITIES: dict[str, TvSeverity] = {
    r.rule.code: r.tv_severity for r in TV_RULES if r.tv_severity is not None
}
ISSUE_TYPES: dict[str, str] = {r.rule.code: r.issue_type for r in TV_RULES if r.issue_type is not None}


class FrNapValidator(Validator):
    """transport.data.gouv.fr's checks on a GTFS feed.

    Parameters (profile ``validators: fr_nap: {...}``): ``max_<mode>_speed`` in km/h for ``tramway``,
    ``subway``, ``rail``, ``bus``, ``ferry``, ``cable_car``, ``gondola``, ``funicular``, ``coach``, ``air``,
    ``taxi``, ``other`` (transport-validator's custom-rules keys; defaults as upstream);
    ``min_wheelchair_boarding_share`` and ``min_wheelchair_accessible_share`` (0–1, default 1);
    ``stations_need_pathways`` (default false). Run-wide option ``licence`` (``--licence``): the dataset's
    licence.
    """

    name: ClassVar[str] = "fr_nap"
    parameter_class: ClassVar[type[Any] | None] = FrNapParameters
    input_kinds: ClassVar[frozenset[str]] = frozenset({"gtfs"})
    rules: ClassVar[tuple[RuleType, ...]] = ALL_RULES
    first_finding_codes: ClassVar[frozenset[str]] = FIRST_FINDING_CODES

    def __init__(self) -> None:
        self.flex = False
        self.ran = False
        self.facts: dict[str, Any] = {}

    def validate(self, path: Path, context: Context, sink: FindingSink) -> dict[str, Any]:
        settings = context.settings(FrNapParameters)
        feed = context.handoffs.feed
        if feed is None:
            sink.could_not_check(
                "fr_nap_without_gtfs",
                "transport.data.gouv.fr's checks did not run: no GTFS feed was loaded (the gtfs "
                "validator failed or is not in the profile; fr-nap extends gtfs)",
            )
            return {}
        self.ran = True
        self.flex = any(feed.has(name) for name in FLEX_FILES)
        model = TvModel.of(feed, context.handoffs.first_findings)
        raw_checks.check(model, sink)
        # transport-validator finds files by suffix, in sub-folders too; citylint's GTFS engine reads the
        # archive's root only (as MobilityData), so with a nested feed the model-level checks cannot run.
        nested = raw_checks.nested_feed(model)
        unloadable = [] if nested else model.unloadable_reasons()
        if unloadable:
            # upstream reports the first error gtfs-structures meets; the others are counted
            filename, why = unloadable[0]
            sink.add(
                raw_checks.UnloadableModel,
                {"objectId": "", "filename": filename, "details": why, "otherProblems": len(unloadable) - 1},
            )
        elif not nested:
            object_checks.check(model, sink)
            descriptive_checks.check(model, sink)
            trip_checks.check(model, sink)
            speed_checks.check(model, sink, max_speeds(settings))
        window = validity.validity(model, context.validation_date)
        validity.check_outdated(window, context.validation_date, sink)
        loaded = not unloadable and not nested
        figures = accessibility.accessibility(model, settings, sink)
        meta = metadata.metadata(model)
        routes = model.frame("routes.txt")
        stats = {
            "routes_count": routes.height if routes is not None else 0,
            "routes_with_custom_color_count": meta["routes_with_custom_color"],
            "trips_with_bike_info_count": metadata.trips_with_bike_info(model),
            "trips_with_wheelchair_info_count": (figures.get("trips") or {}).get(
                "withWheelchairAccessible", 0
            ),
            # computed upstream only once the model is loaded (enrich_with_advanced_infos)
            "stops_with_wheelchair_info_count": (
                (figures.get("stops") or {}).get("withWheelchairBoarding", 0) if loaded else None
            ),
        }
        self.facts = {
            "validator": (
                "MobilityData's GTFS validator, country code FR (GTFS-Flex), as used by "
                "transport.data.gouv.fr"
                if self.flex
                else "transport-validator issue types (etalab), as used by transport.data.gouv.fr"
            ),
            "gtfsFlex": self.flex,
            "modelLoaded": loaded,
            "modelChecksSkipped": "the feed's files are in a sub-folder" if nested else None,
            # filled in by verdicts(), once every validator of the run has reported
            "compliant": None,
            "issues": [],
            "upToDate": window["upToDate"],
            "validity": window,
            "tags": metadata.platform_tags(meta, stats),
            "stats": stats,
            "accessibility": figures,
            "maxSpeedsKmh": max_speeds(settings),
            # transport-validator's metadata flags and route counts (src/metadatas.rs), under its own key
            # names
            "metadata": meta,
            # the dataset's licence as the caller gives it (--licence); None when not given
            "licence": licence.check_licence(context.options.licence, sink),
        }
        return {"frNap": self.facts}

    def verdicts(self, report: Report) -> list[Verdict]:
        if not self.ran:
            return (
                [platform_verdict((), None, (e.code for e in report.system_errors))]
                if report.system_errors
                else []
            )
        blocking = blocking_codes(report, TV_SEVERITIES, self.flex)
        self.facts["compliant"] = not blocking and not report.system_errors
        # the platform's validation summary: issue types per transport-validator severity, Fatal first
        self.facts["issues"] = platform_issues(report, TV_SEVERITIES, ISSUE_TYPES, PLATFORM_TITLES)
        return [platform_verdict(blocking, self.facts["upToDate"], (e.code for e in report.system_errors))]

"""Lock-in facts and rules of a GTFS feed: likely misspelt names, the missing licence, and what vendor codes
reach.

The attribution itself runs after validation on MobilityData's notices (``citylint.lockin``); this family adds
what those notices cannot say: the feed's size (files, columns, rows of the fields with catalogued codes), the
routes and trips each origin's route types reach, and two kinds of findings of its own.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from citylint.collector import FindingSink
from citylint.lockin.evidence import Evidence
from citylint.lockin.rules import GTFS_REFERENCE, LockinRule
from citylint.lockin.suggest import MAX_SUGGESTIONS
from citylint.model import EifLayer, LockinKind, Severity
from citylint.validators.gtfs.extensions import gtfs_catalogue, official_column, official_file
from citylint.validators.gtfs.feed import Feed
from citylint.validators.metadata.licence_states import classify
from citylint.validators.parameters import GtfsParameters

ROUTES, TRIPS = "routes.txt", "trips.txt"


class LikelyMisspeltFile(
    LockinRule,
    code="likely_misspelt_file",
    severity=Severity.WARNING,
    spec=GTFS_REFERENCE + "#dataset-files",
    message="{filename} is not a GTFS file nor a known extension: did you mean {suggestion}?",
):
    """An unknown file is named almost like a GTFS file: probably a typo.

    ## Why it matters
    Consumers look files up by their exact name: a misspelt file is silently ignored and its content lost. It
    is not a vendor extension (no known extension has this name), so citylint does not attribute it to
    anyone and suggests the official name instead.

    ## Example
    `stop_time.txt` next to `trips.txt` (meant: `stop_times.txt`).

    ## Reference
    GTFS Schedule reference, *Dataset files*. Closest name by `difflib` similarity (ratio ≥ 0.8).
    """


class LikelyMisspeltColumn(
    LockinRule,
    code="likely_misspelt_column",
    severity=Severity.WARNING,
    spec=GTFS_REFERENCE + "#field-definitions",
    message="{filename}: column {fieldName} is not a GTFS field nor a known extension: "
    "did you mean {suggestion}?",
):
    """An unknown column is named almost like a field of its file that the file lacks: probably a typo.

    ## Why it matters
    Consumers read fields by their exact name: the column's values are lost, and the intended field looks
    empty. It is not a vendor extension (no known extension has this name), so citylint does not attribute it
    to anyone and suggests the official name instead.

    ## Example
    `trips.txt` with a `trip_headsgn` column and no `trip_headsign`.

    ## Reference
    GTFS Schedule reference, *Field definitions*. Closest name by `difflib` similarity (ratio ≥ 0.8); a column
    whose closest name is already in the header is not reported.
    """


class LicenceNotDeclared(
    LockinRule,
    code="licence_not_declared",
    severity=Severity.WARNING,
    spec="https://gtfs.org/documentation/schedule/reference/#feed_infotxt",
    layer=EifLayer.LEGAL,
    lockin=LockinKind.LICENCE,
    message="no licence is known for this GTFS feed: GTFS has no licence field and no metadata was given",
):
    """The feed's licence is unknown: GTFS has no licence field and no dataset metadata was given.

    ## Why it matters
    Without a licence, reusers have no right to reuse the data: by default every right stays with the
    publisher, who alone decides who may use it. An open licence is the first star of the 5-star open data
    scheme and the first reusability indicator of data.europa.eu's metadata quality assessment (MQA). GTFS
    `feed_info.txt` names a publisher and contacts but no licence, so the licence must come from the
    dataset's metadata (DCAT `dct:license`) or the portal that publishes the feed.

    ## Example
    A GTFS zip checked on its own, without dataset metadata and without a profile stating its licence
    (`validators: gtfs: {licence: CC-BY-4.0}`).

    ## Reference
    GTFS Schedule reference, `feed_info.txt` (no licence field); 5-star open data, https://5stardata.info/en/;
    EIF 2017 recommendation 2 (openness) and 42 (licence terms in machine-readable metadata).
    """


class DeclaredLicenceNotOpen(
    LockinRule,
    code="declared_licence_not_open",
    severity=Severity.WARNING,
    spec="https://opendefinition.org/od/2.1/en/",
    layer=EifLayer.LEGAL,
    lockin=LockinKind.LICENCE,
    message="the licence declared for this feed ({licence}) is {state}: {reason}",
):
    """The licence declared for the feed does not make it open data: none, closed, or restricted.

    ## Why it matters
    "No licence" does not mean "free to use": copyright and database rights stay with the publisher, who alone
    decides who may reuse the data, as under "all rights reserved" or a platform's terms of service.
    Non-commercial and no-derivatives licences exclude the journey planners and services a city wants its data
    in. Each is a legal lock-in: every reuser depends on the publisher's permission.

    ## Example
    `citylint check feed.zip --profile gtfs-lockin --licence none`, or `--licence "all rights reserved"`,
    or `--licence CC-BY-NC-4.0`.

    ## Reference
    Open Definition 2.1 (https://opendefinition.org/od/2.1/en/); EIF 2017 recommendation 2 (publish open data)
    and 42 (licence terms in machine-readable metadata); Regulation (EU) 2017/1926 art. 8.
    """


RULES = (LikelyMisspeltFile, LikelyMisspeltColumn, LicenceNotDeclared, DeclaredLicenceNotOpen)

_ORIGIN = {
    "none": "No licence (all rights reserved by default)",
    "closed": "Closed licence: {licence}",
    "restricted": "Restricted licence: {licence}",
}
_STATE_REASONS = {
    "none": "without a licence every right stays with the publisher",
    "closed": "it reserves the publisher's rights (all rights reserved, terms of service or reuser "
    "identification)",
    "restricted": "it forbids commercial use or derivatives (rejected by the Open Definition)",
}


def check(feed: Feed, sink: FindingSink) -> None:
    catalogue = gtfs_catalogue()
    for name in feed.listing.unknown[:MAX_SUGGESTIONS]:  # a fuzzy match each: bounded (suggest.py)
        suggestion = official_file(name)
        if catalogue.file(name) is None and suggestion is not None:
            sink.add(LikelyMisspeltFile, {"filename": name, "suggestion": suggestion})
    for table in feed.tables.values():
        schema = feed.schema.file(table.name)
        if schema is None:
            continue
        present = set(table.header)
        for column in table.header:
            if (
                not column
                or schema.field(column) is not None
                or catalogue.column(table.name, column) is not None
            ):
                continue
            suggestion = official_column(table.name, column)
            if suggestion is not None and suggestion not in present:
                sink.add(
                    LikelyMisspeltColumn,
                    {"filename": table.name, "fieldName": column, "suggestion": suggestion},
                )
    # With metadata, the metadata validator judges the licence; a licence given on the command line or by the
    # profile (parameter ``licence``: what the publisher declares on its portal) is classified here, whatever
    # the profile, so that the lock-in score of a feed is the same under every profile.
    metadata = feed.context.options.metadata
    given = feed.context.options.licence or feed.context.settings(GtfsParameters).licence
    state = classify(str(given) if given is not None else None)
    if sink.wants(LicenceNotDeclared) and not metadata and state.state == "unknown":
        sink.add(
            LicenceNotDeclared,
            {
                "lockinOrigin": "Licence unknown (not declared)",
                "alternative": "declare an open licence (e.g. CC-BY-4.0, ODbL-1.0, "
                "etalab-2.0) in the dataset's DCAT metadata (dct:license)",
            },
        )
    if sink.wants(DeclaredLicenceNotOpen) and not metadata and state.state in _STATE_REASONS:
        sink.add(
            DeclaredLicenceNotOpen,
            {
                "licence": state.licence or str(given),
                "state": state.state,
                "reason": _STATE_REASONS[state.state],
                "lockinOrigin": _ORIGIN[state.state].format(licence=state.licence or given),
                "alternative": "an open licence (e.g. CC-BY-4.0, ODbL-1.0, etalab-2.0)",
            },
        )
    evidence = feed.context.handoffs.evidence
    if evidence is not None:
        if not metadata:
            evidence.facts["licence"] = state.as_dict()
            if sink.wants(LicenceNotDeclared):
                evidence.assessed.add("licence")
        _facts(feed, evidence)


def _facts(feed: Feed, evidence: Evidence) -> None:
    """Sizes for the lock-in score, and the routes and trips each origin's route types reach."""
    evidence.facts["files"] = len(feed.listing.member_of) + len(feed.listing.unknown)
    evidence.facts["columns"] = sum(len(t.header) for t in feed.tables.values())
    evidence.facts["headers"] = {t.name: list(t.header) for t in feed.tables.values()}
    # Data rows per file (extension files counted by their lines): the denominator of the lock-in score
    rows = {t.name: t.frame.height for t in feed.tables.values() if t.frame is not None}
    for name in feed.listing.unknown:
        content = feed.archive.read(name) if feed.archive is not None else b""
        rows[name] = max(0, content.count(b"\n") - 1 + (not content.endswith(b"\n"))) if content else 0
    evidence.facts["rowsByFile"] = rows
    evidence.facts["reach"] = _route_type_reach(feed)


def _route_type_reach(feed: Feed) -> dict[str, dict[str, Any]]:
    routes, trips = feed.frame(ROUTES), feed.frame(TRIPS)
    if routes is None or "route_type" not in routes.columns or routes.height == 0:
        return {}
    reach: dict[str, dict[str, Any]] = {}
    for file, column, entries in gtfs_catalogue().value_fields():
        if (file, column) != (ROUTES, "route_type"):
            continue
        for entry in entries:
            hit = (
                routes.filter(pl.col("route_type").is_in(list(entry.values))).get_column("route_id").unique()
            )
            if hit.len() == 0:
                continue
            facts = reach.setdefault(entry.origin.name, {"routes": 0})
            facts["routes"] += hit.len()
            facts["routesShare"] = round(facts["routes"] / routes.height, 4)
            if trips is not None and "route_id" in trips.columns and trips.height:
                on_them = trips.filter(pl.col("route_id").is_in(hit.implode())).height
                facts["trips"] = facts.get("trips", 0) + on_them
                facts["tripsShare"] = round(facts["trips"] / trips.height, 4)
            if entry.netex:  # a code list with a NeTEx mapping: what moves to NeTEx keeping its sub-mode
                exact = [v for v in entry.values if v not in entry.lossy]
                kept = routes.filter(pl.col("route_type").is_in(exact)).get_column("route_id").unique()
                moves = facts.setdefault(
                    "movesWithoutLoss", {"standard": "NeTEx (CEN/TS 16614)", "routes": 0}
                )
                moves["routes"] += kept.len()
                if trips is not None and "route_id" in trips.columns:
                    moves["trips"] = (
                        moves.get("trips", 0) + trips.filter(pl.col("route_id").is_in(kept.implode())).height
                    )
    return reach

"""Lock-in facts and rules of a GTFS feed: likely misspelt names, the missing licence, and what vendor codes reach.

The attribution itself runs after validation on MobilityData's notices (``citylint.lockin``); this family adds
what those notices cannot say: the feed's size (files, columns, rows of the fields with catalogued codes), the
routes and trips each origin's route types reach, and two kinds of findings of its own.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from citylint.collector import FindingSink
from citylint.lockin.catalogue import gtfs_catalogue
from citylint.lockin.evidence import Evidence
from citylint.lockin.rules import GTFS_REFERENCE, LockinRule
from citylint.lockin.suggest import MAX_SUGGESTIONS, official_column, official_file
from citylint.model import EifLayer, LockinKind, Severity
from citylint.validators.gtfs.feed import Feed

ROUTES, TRIPS = "routes.txt", "trips.txt"


class LikelyMisspeltFile(LockinRule, code="likely_misspelt_file", severity=Severity.WARNING,
                         spec=GTFS_REFERENCE + "#dataset-files",
                         message="{filename} is not a GTFS file nor a known extension: did you mean {suggestion}?"):
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


class LikelyMisspeltColumn(LockinRule, code="likely_misspelt_column", severity=Severity.WARNING,
                           spec=GTFS_REFERENCE + "#field-definitions",
                           message="{filename}: column {fieldName} is not a GTFS field nor a known extension: "
                                   "did you mean {suggestion}?"):
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


class LicenceNotDeclared(LockinRule, code="licence_not_declared", severity=Severity.WARNING,
                         spec="https://gtfs.org/documentation/schedule/reference/#feed_infotxt",
                         layer=EifLayer.LEGAL, lockin=LockinKind.LICENCE,
                         message="no licence is known for this GTFS feed: GTFS has no licence field and no "
                                 "metadata was given"):
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


RULES = (LikelyMisspeltFile, LikelyMisspeltColumn, LicenceNotDeclared)


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
            if not column or schema.field(column) is not None or catalogue.column(table.name, column) is not None:
                continue
            suggestion = official_column(table.name, column)
            if suggestion is not None and suggestion not in present:
                sink.add(LikelyMisspeltColumn, {"filename": table.name, "fieldName": column,
                                                "suggestion": suggestion})
    # With metadata, the metadata validators judge the licence; a licence the profile states (parameter
    # ``licence``: what the publisher declares on its portal) counts as declared; otherwise GTFS cannot say.
    declared = (feed.context.options.get("metadata") or feed.context.options.get("licence")
                or feed.context.parameters.get("licence"))
    licence_checked = sink.wants(LicenceNotDeclared) and not feed.context.options.get("metadata")
    if licence_checked and not declared:
        sink.add(LicenceNotDeclared, {"lockinOrigin": "Publisher (no licence declared)",
                                      "alternative": "declare an open licence (e.g. CC-BY-4.0, ODbL-1.0, "
                                                     "etalab-2.0) in the dataset's DCAT metadata (dct:license)"})
    if isinstance(sink.observer, Evidence):
        if licence_checked:
            sink.observer.assessed.add("licence")
        _facts(feed, sink.observer)


def _facts(feed: Feed, evidence: Evidence) -> None:
    """Sizes for the lock-in score, and the routes and trips each origin's route types reach."""
    evidence.facts["files"] = len(feed.listing.member_of) + len(feed.listing.unknown)
    evidence.facts["columns"] = sum(len(t.header) for t in feed.tables.values())
    evidence.facts["headers"] = {t.name: list(t.header) for t in feed.tables.values()}
    rows: dict[str, int] = {}
    for file, column, _ in gtfs_catalogue().value_fields():
        frame = feed.frame(file)
        if frame is not None and column in frame.columns:
            rows[f"{file} {column}"] = frame.height
    evidence.facts["rows"] = rows
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
            hit = routes.filter(pl.col("route_type").is_in(list(entry.values))).get_column("route_id").unique()
            if hit.len() == 0:
                continue
            facts = reach.setdefault(entry.origin.name, {"routes": 0})
            facts["routes"] += hit.len()
            facts["routesShare"] = round(facts["routes"] / routes.height, 4)
            if trips is not None and "route_id" in trips.columns and trips.height:
                on_them = trips.filter(pl.col("route_id").is_in(hit.implode())).height
                facts["trips"] = facts.get("trips", 0) + on_them
                facts["tripsShare"] = round(facts["trips"] / trips.height, 4)
    return reach

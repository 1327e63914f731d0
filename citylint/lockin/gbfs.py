"""The lock-in map of a GBFS feed: fields outside the specification of its version, and rental deep links that
go through a third-party link-tracking service (docs/lockin.md, "GBFS").

The GBFS validator calls :func:`check` with each file's document and official JSON Schema; the findings carry
their origin, and the evidence gets the feed's size in entities (stations, vehicles, vehicle types, ...) and
what each origin reaches, so the lock-in score of a GBFS feed is computed as a GTFS feed's is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from citylint.collector import FindingSink
from citylint.lockin.evidence import Evidence
from citylint.lockin.rules import LockinRule
from citylint.model import EifLayer, LockinKind, Severity

GBFS_REFERENCE = "https://github.com/MobilityData/gbfs/blob/master/gbfs.md"


@dataclass(frozen=True, slots=True)
class Tracker:
    """A link-tracking (mobile attribution) service, known by the host its links use."""

    name: str
    hosts: tuple[str, ...]  # a link's host is this one or ends with "." + it
    source: str
    says: str
    withdrawn: bool = False


# Sourced: each service documents the link domain on the page cited (reviewed 2026-12-07).
TRACKERS = (
    Tracker(
        "Adjust (mobile attribution)",
        ("adj.st",),
        "https://help.adjust.com/en/article/universal-links",
        "Adjust's universal links use an <id>.adj.st domain; adj_t, adj_campaign and adj_deep_link "
        "parameters "
        "identify the tracker and the campaign.",
    ),
    Tracker(
        "Branch (mobile attribution)",
        ("app.link",),
        "https://help.branch.io/using-branch/docs/creating-a-deep-link",
        "Branch's deep links use an <app>.app.link domain and record each click.",
    ),
    Tracker(
        "AppsFlyer OneLink (mobile attribution)",
        ("onelink.me",),
        "https://support.appsflyer.com/hc/en-us/articles/208874366-OneLink-links-and-experiences",
        "AppsFlyer's OneLink links use the onelink.me domain and attribute each click.",
    ),
    Tracker(
        "Firebase Dynamic Links (Google)",
        ("page.link",),
        "https://firebase.google.com/support/dynamic-links-faq",
        "Google shut Firebase Dynamic Links down in August 2025; page.link links no longer resolve.",
        withdrawn=True,
    ),
)


class GbfsFieldOutsideSpecification(
    LockinRule,
    code="gbfs_field_outside_specification",
    severity=Severity.INFO,
    spec=GBFS_REFERENCE,
    layer=EifLayer.SEMANTIC,
    lockin=LockinKind.VENDOR_EXTENSION,
    message="{filename}: {fieldName} is not a field of GBFS {version} ({entities} entities carry it)",
):
    """A GBFS file carries a field its version's specification does not define.

    ## Why it matters
    GBFS lets publishers add fields, and the official schemas accept them; consumers ignore them. What such a
    field says reaches only the publisher's own apps: it is the publisher's dialect. citylint names the field
    and how many entities carry it; the publisher (``system_information.operator``) is the origin.

    ## Example
    `free_bike_status.json` vehicles with a `battery_health` field in a GBFS 2.3 feed.

    ## Reference
    GBFS specification, "Extensions Outside of the Specification" (fields prefixed with an underscore), and
    the official JSON Schemas of each version (MobilityData/gbfs-json-schema).
    """


class GbfsRentalLinkTracked(
    LockinRule,
    code="gbfs_rental_link_tracked",
    severity=Severity.INFO,
    spec=GBFS_REFERENCE + "#rental_uris",
    layer=EifLayer.TECHNICAL,
    lockin=LockinKind.HOSTING,
    message="{filename}: {links} rental links go through {service} ({host}), a third-party "
    "link-tracking service",
):
    """Rental deep links go through a third-party link-tracking service instead of the operator's own domain.

    ## Why it matters
    Every rider who follows the link from a journey planner passes through a mobile-attribution company that
    records the click: a dependency on that platform (the links break when it closes, as Firebase Dynamic
    Links did in 2025) and a privacy cost nobody chose (EIF principle "security and privacy").

    ## Example
    `"rental_uris": {"android": "https://lqfa.adj.st/closest_vehicle?adj_t=..."}` (Adjust).

    ## Reference
    GBFS `rental_uris` (station_information, free_bike_status / vehicle_status); the services' own
    documentation of their link domains (sources in citylint/lockin/gbfs.py).
    """


RULES = (GbfsFieldOutsideSpecification, GbfsRentalLinkTracked)

# The lists of entities in each GBFS file's "data" object
_ENTITY_LISTS = ("stations", "bikes", "vehicles", "vehicle_types", "plans", "regions", "alerts")


def tracker_of(url: str) -> tuple[Tracker, str] | None:
    host = (urlsplit(url).hostname or "").lower()
    for tracker in TRACKERS:
        if any(host == h or host.endswith("." + h) for h in tracker.hosts):
            return tracker, host
    return None


def _entities(doc: dict[str, Any]) -> list[dict[str, Any]]:
    data = doc.get("data")
    if not isinstance(data, dict):
        return []
    return [e for key in _ENTITY_LISTS for e in (data.get(key) or []) if isinstance(e, dict)]


def _entity_schema(schema: dict[str, Any], key: str) -> dict[str, Any] | None:
    try:
        items = schema["properties"]["data"]["properties"][key]["items"]
    except (KeyError, TypeError):
        return None
    return items if isinstance(items, dict) else None


def _links(entity: dict[str, Any]) -> Iterable[str]:
    uris = entity.get("rental_uris")
    if isinstance(uris, dict):
        yield from (str(v) for v in uris.values() if isinstance(v, str))


def check(
    documents: list[tuple[str, dict[str, Any], dict[str, Any] | None]],
    version: str,
    operator: str,
    sink: FindingSink,
    evidence: Evidence | None = None,
) -> None:
    """``documents``: (filename, document, official schema or None) of each usable file. ``evidence``: the
    run's lock-in evidence (``Context.handoffs.evidence``), given the feed's size and reach."""
    origin = f"{operator}: fields outside GBFS {version}"
    total, reached_fields, reached_links = 0, 0, Counter[str]()
    for filename, doc, schema in documents:
        data = doc.get("data")
        if not isinstance(data, dict):
            continue
        for key in _ENTITY_LISTS:
            entities = [e for e in (data.get(key) or []) if isinstance(e, dict)]
            total += len(entities)
            known = (_entity_schema(schema, key) or {}).get("properties") if schema else None
            if known:
                extra = Counter(f for e in entities for f in e if f not in known)
                for field, count in sorted(extra.items()):
                    sink.add(
                        GbfsFieldOutsideSpecification,
                        {
                            "filename": filename,
                            "fieldName": f"{key}[].{field}",
                            "version": version,
                            "entities": count,
                            "lockinOrigin": origin,
                            "alternative": "propose the field to GBFS (github.com/MobilityData/gbfs), or "
                            "prefix it "
                            "with an underscore as the specification asks of extensions",
                        },
                    )
                reached_fields += sum(1 for e in entities if any(f not in known for f in e))
            tracked: Counter[tuple[str, str]] = Counter()
            for entity in entities:
                hits = {tracker_of(u) for u in _links(entity)} - {None}
                for hit in hits:
                    assert hit is not None
                    tracked[(hit[0].name, hit[1])] += 1
            for (name, host), count in sorted(tracked.items()):
                reached_links[name] += count
                sink.add(
                    GbfsRentalLinkTracked,
                    {
                        "filename": filename,
                        "fieldName": f"{key}[].rental_uris",
                        "links": count,
                        "service": name,
                        "host": host,
                        "lockinOrigin": name,
                        "alternative": "rental links on the operator's own domain "
                        "(universal links / app links need no third party)",
                    },
                )
    if evidence is not None:
        facts = evidence.facts
        facts["units"] = {"unit": "entities", "total": total}
        reach = facts.setdefault("reach", {})
        if reached_fields:
            reach[origin] = {"reached": reached_fields}
        for name, count in reached_links.items():
            reach[name] = {"reached": count}

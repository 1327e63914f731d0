"""Where a feed says which network a route belongs to: routes.txt `network_id` or networks.txt with
route_networks.txt, never both."""

from __future__ import annotations

from citylint.collector import FindingSink
from citylint.model import Severity
from citylint.rules import GtfsRule
from citylint.validators.gtfs.feed import Feed
from citylint.validators.gtfs.spec import REFERENCE

ROUTES = "routes.txt"
# In this order, the order of MobilityData's findings.
CONFLICTING_FILES = ("route_networks.txt", "networks.txt")


class RouteNetworksSpecifiedInMoreThanOneFile(
    GtfsRule,
    code="route_networks_specified_in_more_than_one_file",
    severity=Severity.ERROR,
    spec=REFERENCE + "#routestxt",
    message="routes.txt declares {fieldName} while the feed also has {fileNameB}",
):
    """Routes are assigned to networks both in `routes.txt` and in `networks.txt` / `route_networks.txt`.

    ## Why it matters
    The two ways of grouping routes into fare networks exclude each other; with both, consumers cannot
    know which grouping the fares apply to.

    ## Example
    `routes.txt` has a `network_id` column (even an always empty one) and the feed also has
    `route_networks.txt`: one finding per conflicting file.

    ## Reference
    GTFS Schedule reference, `routes.txt` `network_id`: "Forbidden if the route_networks.txt file is
    present." and `networks.txt`: "Forbidden if network_id exists in routes.txt."
    """


RULES = (RouteNetworksSpecifiedInMoreThanOneFile,)


def check(feed: Feed, sink: FindingSink) -> None:
    # MobilityData looks at the header: a declared column is enough, whatever its values.
    routes = feed.tables.get(ROUTES)
    if routes is None or "network_id" not in routes.columns:
        return
    sink.add_many(
        RouteNetworksSpecifiedInMoreThanOneFile,
        [
            {"fieldName": "network_id", "fileNameA": ROUTES, "fileNameB": name}
            for name in CONFLICTING_FILES
            if feed.has(name)
        ],
    )

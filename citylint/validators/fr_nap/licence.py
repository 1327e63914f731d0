"""The dataset's licence, when the caller gives it (``--licence``): transport.data.gouv.fr recommends the
Licence Ouverte 2.0 and accepts the ODbL; the Licence Mobilités and an unspecified licence have consequences
for reuse. The licence is a property of the published dataset (data.gouv.fr), not of the GTFS zip, so
nothing is checked when it is not given."""

from __future__ import annotations

from typing import Any

from citylint.collector import FindingSink
from citylint.model import EifLayer, LockinKind, Severity
from citylint.validators.fr_nap.base import FrNapRule

LICENCES_PAGE = "https://github.com/etalab/transport-site/blob/master/apps/transport/lib/db/dataset.ex"
LICENCE_OUVERTE = "Licence Ouverte 2.0"
ODBL = "ODbL"
LICENCE_MOBILITES = "Licence Mobilités"
# Spellings met on data.gouv.fr / transport.data.gouv.fr ("fr-lo", "lov2", "odc-odbl", "mobility-licence") and
# their SPDX or usual names.
_ALIASES = {
    LICENCE_OUVERTE: (
        "lov2",
        "fr-lo",
        "etalab-2.0",
        "lo-2.0",
        "licence ouverte",
        "licence ouverte 2.0",
        "licence ouverte v2.0",
        "open licence 2.0",
        "etalab open licence 2.0",
    ),
    ODBL: ("odbl", "odbl-1.0", "odc-odbl", "open database license"),
    LICENCE_MOBILITES: (
        "mobility-licence",
        "licence-mobilites",
        "licence-mobilités",
        "licence mobilités",
        "licence mobilites",
    ),
}
_UNSPECIFIED = ("", "none", "unspecified", "notspecified", "not specified", "non spécifiée", "other-at")


class LicenceMobilites(
    FrNapRule,
    code="licence_mobilites",
    severity=Severity.WARNING,
    spec=LICENCES_PAGE,
    layer=EifLayer.LEGAL,
    lockin=LockinKind.LICENCE,
    message="the dataset is published under the Licence Mobilités ({licence}): reusers must "
    "share back and it is not the Licence Ouverte that the loi Climat makes journey "
    "planners integrate",
):
    """The dataset is published under the Licence Mobilités rather than the Licence Ouverte 2.0.

    ## Why it matters
    The Licence Mobilités (an ODbL variant for mobility data) lets the authority impose share-alike and
    reporting duties on reusers, which many services will not take on. transport.data.gouv.fr recommends the
    Licence Ouverte 2.0: data under it must be integrated by digital mobility services (loi Climat et
    résilience, art. 122), and a dataset tagged for that obligation that leaves the Licence Ouverte raises
    an alert on the platform.

    ## Example
    `citylint check feed.zip --profile fr-nap --licence mobility-licence`.

    ## Reference
    transport-site `apps/transport/lib/db/dataset.ex` (the licences the platform knows,
    "mobility-licence" among them); loi n° 2021-1104, art. 122.
    """


class LicenceUnspecified(
    FrNapRule,
    code="licence_unspecified",
    severity=Severity.WARNING,
    spec=LICENCES_PAGE,
    layer=EifLayer.LEGAL,
    lockin=LockinKind.LICENCE,
    message="the dataset's licence is not specified ({licence}): nobody may legally reuse it",
):
    """The dataset is published without a licence.

    ## Why it matters
    Without a licence the data stays under the producer's full rights: reusers have no permission at all,
    and the obligation to open transport data (loi LOM, EU Regulation 2017/1926) is not met.

    ## Example
    `citylint check feed.zip --profile fr-nap --licence none`.

    ## Reference
    transport-site `dataset.ex`; décret n° 2017-638 (licences for public
    data reuse).
    """


class LicenceNotAccepted(
    FrNapRule,
    code="licence_not_accepted",
    severity=Severity.WARNING,
    spec=LICENCES_PAGE,
    layer=EifLayer.LEGAL,
    lockin=LockinKind.LICENCE,
    message="the dataset's licence {licence} is neither the Licence Ouverte 2.0 nor the ODbL",
):
    """The dataset's licence is neither the Licence Ouverte 2.0 nor the ODbL.

    ## Why it matters
    transport.data.gouv.fr recommends the Licence Ouverte 2.0 and accepts the ODbL (or the Licence
    Mobilités); public bodies may only use licences of the decree's list, and other terms (non-commercial,
    no-derivatives) keep journey planners from reusing the data.

    ## Example
    `citylint check feed.zip --profile fr-nap --licence CC-BY-NC-4.0`.

    ## Reference
    décret n° 2017-638 (list of licences for public data reuse); transport-site `dataset.ex`.
    """


RULES = (LicenceMobilites, LicenceUnspecified, LicenceNotAccepted)


def canonical(given: str) -> str | None:
    """The licence's canonical name, "" when unspecified, None when it is none of the known ones."""
    key = given.strip().lower()
    if key in _UNSPECIFIED:
        return ""
    return next((name for name, aliases in _ALIASES.items() if key in aliases or key == name.lower()), None)


def check_licence(given: object, sink: FindingSink) -> dict[str, Any] | None:
    """Findings and summary facts for the licence given by the caller; None when no licence was given."""
    if given is None:
        return None
    text = str(given)
    name = canonical(text)
    fields = {"licence": text or "empty"}
    if name == "":
        sink.add(LicenceUnspecified, fields)
    elif name == LICENCE_MOBILITES:
        sink.add(LicenceMobilites, fields)
    elif name is None:
        sink.add(LicenceNotAccepted, fields)
    return {
        "given": text,
        "licence": name or None,
        "accepted": name in (LICENCE_OUVERTE, ODBL, LICENCE_MOBILITES),
        "recommended": name == LICENCE_OUVERTE,
    }

"""The French profile's mandatory fields per object, derived from the profile's attribute tables.

Source: ``profil_fr_mandatory_by_element.csv`` (348 element / field pairs with a minimum cardinality of 1 or
more, inheritance resolved), extracted from etalab/transport-profil-netex-fr @ a20475f3 (2025-08-22); the
derived ``profil_fr_mandatory.tsv`` beside this module is what citylint reads. Regenerate with::

    python -m
    citylint.validators.netex.profile_tables ../shared/data/netex/profile/profil_fr_mandatory_by_element.csv

What is left out, and why (also in docs/netex.md):

* ``id`` (140 pairs): the XML Schema requires it where it matters; its form is ``netex_fr_id_format``;
* ``responsibilitySetRef`` (82 pairs, DataManagedObject 1:1): no producer nor platform follows it; every
  object of every real delivery would be reported;
* ``1:0`` rows (2, FacilitySet/ProvidedByRef): a typo in the table, no minimum;
* ``(From)`` / ``(To)``: the Transfer table's copies of Connection's From / To; rows without a field name
  (PointOnRoute);
* StopPointInJourneyPattern / TimingPointRef (inherited from TimingPointInJourneyPattern): its type is
  ScheduledStopPointRef, which the object's own ScheduledStopPointRef (1:1) already gives.

Choices: the rows the extraction marked "inside a choice" (NetworkFrameTopic), and DayTypeAssignment's
OperatingPeriodRef / OperatingDayRef / Date, which the markdown table gives as a choice ("seul un de ces
éléments est obligatoire") but the extraction as three 1:1 rows: one of a group is enough.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from functools import cache
from importlib.resources import files as package_files

SKIPPED_FIELDS = frozenset({"id", "responsibilitySetRef", ""})
SKIPPED_PAIRS = frozenset({("StopPointInJourneyPattern", "TimingPointRef")})
CHOICES = {
    ("DayTypeAssignment", "OperatingPeriodRef"): "period",
    ("DayTypeAssignment", "OperatingDayRef"): "period",
    ("DayTypeAssignment", "Date"): "period",
}
COLUMNS = ("element", "field", "cardinality", "defined_in", "document", "table", "choice")


@dataclass(frozen=True, slots=True)
class Mandatory:
    element: str
    field: str
    cardinality: str
    defined_in: str
    document: str
    table: str
    choice: str  # fields sharing a non-empty choice: one of them is enough

    @property
    def own(self) -> bool:
        """Defined in the object's own table (not inherited from an abstract class)."""
        return self.defined_in == self.element


def derive(rows: list[dict[str, str]]) -> list[Mandatory]:
    out = []
    for row in rows:
        field, cardinality = row["field"], row["cardinality"]
        if field in SKIPPED_FIELDS or field.startswith("(") or cardinality.startswith("1:0"):
            continue
        element = row["element"].rstrip("–- ")
        if (element, field) in SKIPPED_PAIRS:
            continue
        choice = CHOICES.get((element, field), "choice" if "choice" in cardinality else "")
        out.append(
            Mandatory(
                element,
                field,
                cardinality.split(" ")[0],
                row["defined_in"],
                row["document"],
                row["table_title"],
                choice,
            )
        )
    return out


@cache
def mandatory_by_element() -> dict[str, tuple[Mandatory, ...]]:
    text = package_files("citylint.validators.netex").joinpath("profil_fr_mandatory.tsv").read_text("utf-8")
    grouped: dict[str, list[Mandatory]] = {}
    for line in text.splitlines()[1:]:
        if line and not line.startswith("#"):
            item = Mandatory(*line.split("\t"))
            grouped.setdefault(item.element, []).append(item)
    return {k: tuple(v) for k, v in grouped.items()}


def main(argv: list[str]) -> None:
    with open(argv[0], encoding="utf-8") as handle:
        items = derive(list(csv.DictReader(handle)))
    writer = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    for item in items:
        writer.writerow([getattr(item, "defined_in" if c == "defined_in" else c) for c in COLUMNS])


if __name__ == "__main__":
    main(sys.argv[1:])

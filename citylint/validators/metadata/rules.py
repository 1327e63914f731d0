"""Base of the dataset-metadata rules (family ``metadata``): cross-cutting checks of DCAT metadata (licence,
formats, access, hosting, language, publisher and contact, standards, dates), beside the official shapes."""

from __future__ import annotations

from citylint.rules import RuleDef

DCAT_AP = "https://semiceu.github.io/DCAT-AP/releases/3.0.1/"
MOBILITY_DCAT_AP = "https://mobilitydcat-ap.github.io/mobilityDCAT-AP/releases/"
MQA = "https://data.europa.eu/mqa/methodology"


class MetadataRule(RuleDef, family="metadata"):
    """Base of the dataset-metadata rules."""

"""Links into the GTFS Schedule reference and MobilityData's rule pages, used by the rules' ``spec`` field."""

from citylint.rules import MOBILITYDATA_RULE_PAGE

REFERENCE = "https://gtfs.org/documentation/schedule/reference/"
DATASET_FILES = REFERENCE + "#dataset-files"
FILE_REQUIREMENTS = REFERENCE + "#file-requirements"
FIELD_TYPES = REFERENCE + "#field-types"
FIELD_DEFINITIONS = REFERENCE + "#field-definitions"
MOBILITYDATA_RULES = "https://gtfs-validator.mobilitydata.org/rules.html"


def rule_page(code: str) -> str:
    """MobilityData's page for a notice code, for the rules that share its code (every rule of the ``gtfs``
    family: ``GtfsRule.upstream_page``, shown on the rule's page)."""
    return MOBILITYDATA_RULE_PAGE.format(code=code)

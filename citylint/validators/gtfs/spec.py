"""Links into the GTFS Schedule reference and MobilityData's rule pages, used by the rules' ``spec`` field."""

REFERENCE = "https://gtfs.org/documentation/schedule/reference/"
DATASET_FILES = REFERENCE + "#dataset-files"
FILE_REQUIREMENTS = REFERENCE + "#file-requirements"
FIELD_TYPES = REFERENCE + "#field-types"
FIELD_DEFINITIONS = REFERENCE + "#field-definitions"
MOBILITYDATA_RULES = "https://gtfs-validator.mobilitydata.org/rules.html"


def rule_page(code: str) -> str:
    """MobilityData's page for a notice code, for the rules that share its code."""
    return f"{MOBILITYDATA_RULES}#{code}-rule"

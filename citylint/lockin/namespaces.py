"""Who owns an RDF namespace (``namespaces.yaml``): a standard, a named vendor, or nobody known.

The vocabulary validator asks :func:`owner` for each namespace it finds in no known vocabulary: standards
(ETSI NGSI-LD, Smart Data Models, SAREF, W3C, OGC, ...) are never reported as non-standard; a vendor's
namespace is attributed to the vendor; any other namespace is reported under its own IRI with its owner
unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml


@dataclass(frozen=True, slots=True)
class Owner:
    prefix: str
    name: str
    standard: bool
    source: str
    alternative: str = ""


@cache
def _owners() -> tuple[Owner, ...]:
    raw = yaml.safe_load(files("citylint.lockin").joinpath("namespaces.yaml").read_text(encoding="utf-8"))
    owners = [Owner(e["prefix"], e["name"], True, e["source"]) for e in raw["standards"]]
    owners += [
        Owner(e["prefix"], e["name"], False, e["source"], " ".join(str(e.get("alternative", "")).split()))
        for e in raw["vendors"]
    ]
    return tuple(sorted(owners, key=lambda o: -len(o.prefix)))


def owner(namespace: str) -> Owner | None:
    """The owner of the namespace (longest matching prefix), None when citylint does not know it."""
    return next((o for o in _owners() if namespace.startswith(o.prefix)), None)


def is_standard(namespace: str) -> bool:
    found = owner(namespace)
    return found is not None and found.standard


def origin_name(namespace: str) -> str:
    """The lock-in origin of a non-standard namespace: its vendor's name, else the namespace, owner
    unknown."""
    found = owner(namespace)
    if found is not None and not found.standard:
        return found.name
    return f"{namespace} (owner unknown)"

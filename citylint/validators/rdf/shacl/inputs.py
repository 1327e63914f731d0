"""The ``shacl`` validator's inputs: an RDF document against the shapes of the profile and of ``--shapes``.

Shapes come from the validator parameter ``shapes`` (paths resolved against the profile's folder when the
profile is loaded, or ``standard:NAME[/FILE]`` for a file of the standards cache) and from the run-wide option
``shapes`` (``--shapes FILE...``), which adds to any profile; their ``owl:imports`` are followed from the
standards cache. The parameter ``background`` lists vocabularies merged into the data graph (pyshacl's
``ont_graph``). The parameter ``jsonld_contexts`` maps remote JSON-LD context URLs to local files. Run-wide
options read here: ``shapes``, ``allow_network``, ``shacl_engine`` (``auto``, the default: the fast engine
where it gives pyshacl's results, see ``engines.fast``; ``fast``; ``pyshacl``) and ``shacl_report_graph`` (an
rdflib Graph the raw ``sh:ValidationReport`` is added to, for ``--shacl-report``).
"""

from __future__ import annotations

from pathlib import Path

from citylint.validators.base import Context, InputError, named_file
from citylint.validators.parameters import ShaclParameters


def shapes_files(context: Context) -> list[Path]:
    """The profile's shapes, then the run's ``--shapes`` files, each once."""
    wanted: list[str] = [*context.settings(ShaclParameters).shapes, *context.options.shapes]
    out: list[Path] = []
    for entry in wanted:
        path = named_file(entry, "shapes file")
        if not path.is_file():
            raise InputError(f"shapes file not found: {path}")
        if path not in out:
            out.append(path)
    return out


def background_files(context: Context) -> list[Path]:
    """Background knowledge merged into the data graph (parameter ``background``: controlled vocabularies such
    as mobilityDCAT-AP's, which shapes check values against with ``sh:class skos:Concept``), as pyshacl's
    ``ont_graph`` does."""
    out = []
    for entry in context.settings(ShaclParameters).background:
        path = named_file(entry, "background file")
        if not path.is_file():
            raise InputError(f"background file not found: {path}")
        out.append(path)
    return out


def jsonld_contexts(context: Context) -> dict[str, Path]:
    """Local copies of remote JSON-LD contexts the profile names (parameter ``jsonld_contexts``: URL → path
    or ``standard:NAME[/FILE]``)."""
    named = context.settings(ShaclParameters).jsonld_contexts
    return {url: named_file(entry, "JSON-LD context") for url, entry in named.items()}

"""``citylint shapes from-owl`` and ``citylint shapes removed-terms``: derive shapes and term lists from
ontologies."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from citylint.shapes.from_owl import derive
from citylint.shapes.term_diff import removed_terms_yaml
from citylint.validators.rdf.load import RdfSyntaxError

EXIT_CANNOT_CHECK = 2


@click.group("shapes")
def shapes_group() -> None:
    """Derive SHACL shapes and term lists from ontologies (offline)."""


def _write(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


@shapes_group.command("from-owl")
@click.argument("ontologies", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Write the shapes here."
)
@click.option(
    "--extend-targets",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="SHAPES",
    help="Also give the shapes of this file the subclasses of their sh:targetClass classes.",
)
def from_owl(ontologies: tuple[Path, ...], output: Path | None, extend_targets: tuple[Path, ...]) -> None:
    """SHACL shapes from the OWL axioms of ONTOLOGY... (class restrictions, datatype property domains and
    ranges), with the subclass closure over all of them. Give an extension after the ontologies it builds
    on."""
    with _readable_ontologies():
        result = derive(list(ontologies), list(extend_targets))
    _write(result.turtle, output)
    click.echo(f"{result.shapes} shapes, {len(result.skipped)} axioms not translated", err=True)


@contextmanager
def _readable_ontologies() -> Iterator[None]:
    """An ontology that does not parse or cannot be read ends the command with exit 2 and one line."""
    try:
        yield
    except RdfSyntaxError as exc:
        click.echo(f"citylint: {exc.path}: {exc.message}", err=True)
        sys.exit(EXIT_CANNOT_CHECK)
    except OSError as exc:
        click.echo(f"citylint: cannot read {exc.filename}: {exc.strerror}", err=True)
        sys.exit(EXIT_CANNOT_CHECK)


@shapes_group.command("removed-terms")
@click.argument("old", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("new", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--namespace", required=True, help="Only terms in this namespace (e.g. https://saref.etsi.org/core/)."
)
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Write the list here.")
def removed_terms(old: Path, new: Path, namespace: str, output: Path | None) -> None:
    """Terms OLD declares in NAMESPACE that NEW no longer declares, as YAML with its sources."""
    command = ["citylint", "shapes", "removed-terms", old.name, new.name, "--namespace", namespace]
    with _readable_ontologies():
        text = removed_terms_yaml(old, new, namespace, command)
    _write(text, output)

"""``citylint standards list|install``: what the standards cache holds, and filling it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from citylint import standards
from citylint.standards.install import install as install_artefact


@click.group("standards")
def standards_group() -> None:
    """The official artefacts (ontologies, shapes, schemas) citylint uses, and the local cache holding
    them."""


@standards_group.command("list")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
def list_command(fmt: str) -> None:
    """Each artefact of the manifest: name, version, installed / missing / modified, licence."""
    rows = [
        {
            "name": a.name,
            "version": a.version,
            "status": standards.status(a.name),
            "licence": a.licence,
            "title": a.title,
            "files": len(a.files),
            "source": a.source,
        }
        for a in standards.manifest().values()
    ]
    if fmt == "json":
        click.echo(json.dumps({"cache": str(standards.cache_dir()), "artefacts": rows}, indent=2))
        return
    click.echo(f"cache: {standards.cache_dir()}", err=True)
    for row in rows:
        click.echo(f"{row['name']:<30} {row['version']:<12} {row['status']:<10} {row['licence']}")


@standards_group.command("install")
@click.argument("names", nargs=-1)
@click.option(
    "--from",
    "source_dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Copy from this folder (a mirror such as citylint's shared data, or a folder of the files).",
)
@click.option(
    "--allow-network", is_flag=True, help="Download from the official URL what --from does not hold."
)
def install_command(names: tuple[str, ...], source_dir: Path | None, allow_network: bool) -> None:
    """Install NAME... (all artefacts when none is given) into the cache, checking each file's sha256."""
    if source_dir is None and not allow_network:
        click.echo("citylint: error: give --from DIR or --allow-network", err=True)
        sys.exit(2)
    failed = False
    for name in names or tuple(standards.manifest()):
        try:
            written = install_artefact(name, source_dir=source_dir, allow_network=allow_network)
        except standards.StandardsError as exc:
            click.echo(f"citylint: error: {exc}", err=True)
            failed = True
            continue
        art = standards.artefact(name)
        click.echo(f"installed {name} {art.version} ({len(written)} file{'s' if len(written) > 1 else ''})")
    sys.exit(2 if failed else 0)

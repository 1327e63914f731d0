"""The command line: parse flags, call the engine, pick a reporter, choose the exit code. Nothing else."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
from pathlib import Path

import click

from citylint import __version__
from citylint.engine import check as run_check
from citylint.engine import could_not_validate
from citylint.i18n import LANGS, resolve_lang, translate
from citylint.model import Report, Severity
from citylint.profiles import ProfileError, load_profile, shipped_profiles
from citylint.registry import RegistryError, load_registry
from citylint.reports import REPORTERS, render
from citylint.reports.text import counts_line
from citylint.rules_doc import rules_as, write_rule_pages

EXIT_OK, EXIT_FINDINGS, EXIT_CANNOT_VALIDATE = 0, 1, 2


def _fail(message: str) -> None:
    click.echo(f"citylint: error: {message}", err=True)
    sys.exit(EXIT_CANNOT_VALIDATE)


def _write(text: str, output: Path | None) -> None:
    """Write to stdout, or atomically to ``output`` (a failed run leaves any existing file as it was)."""
    if output is None:
        click.echo(text, nl=False)
        return
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        _fail(f"cannot write {output}: folder {folder} does not exist")
    try:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, prefix=f".{output.name}.",
                                         delete=False) as handle:
            handle.write(text)
        os.replace(handle.name, output)
    except OSError as exc:
        Path(handle.name).unlink(missing_ok=True) if "handle" in locals() else None
        _fail(f"cannot write {output}: {exc.strerror or exc}")


def exit_code(reports: list[Report], fail_on: str) -> int:
    if could_not_validate(reports):
        return EXIT_CANNOT_VALIDATE
    if fail_on == "never":
        return EXIT_OK
    threshold = Severity.parse(fail_on).rank
    failing = any(n.total and n.severity.rank >= threshold for r in reports for n in r.notices.values())
    return EXIT_FINDINGS if failing else EXIT_OK


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="citylint")
def main() -> None:
    """Validate city open data against open standards, and show where lock-in comes from."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--profile", "-p", metavar="NAME|FILE", help="Shipped profile name or a profile YAML file.")
@click.option("--format", "-f", "fmt", type=click.Choice(sorted(REPORTERS)), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Write the report here.")
@click.option("--date", "date", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Validation date (default: today), as MobilityData's --date.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default="error",
              show_default=True, help="Lowest severity that makes the exit code 1.")
@click.option("--max-samples", type=click.IntRange(min=0), default=1000, show_default=True,
              help="Samples kept per code (totals are always exact).")
@click.option("--quiet", "-q", is_flag=True, help="No progress or summary on stderr.")
@click.option("--lang", type=click.Choice(LANGS),
              help="Language of the report (default: from LANGUAGE / LC_ALL / LC_MESSAGES / LANG).")
def check(paths: tuple[Path, ...], profile: str | None, fmt: str, output: Path | None, date: dt.datetime | None,
          fail_on: str, max_samples: int, quiet: bool, lang: str | None) -> None:
    """Validate each PATH (GTFS zip or folder) and report the findings.

    Exit code: 0 nothing at or above --fail-on, 1 findings at or above it, 2 could not validate.
    """
    try:
        chosen = load_profile(profile) if profile else None
        registry = load_registry()
    except (ProfileError, RegistryError) as exc:
        _fail(str(exc))
    language = resolve_lang(lang)
    color = not os.environ.get("NO_COLOR") and sys.stdout.isatty() and output is None and fmt == "text"
    reports = []
    for path in paths:
        if not quiet:
            click.echo("citylint: " + translate("checking {path} ...", language).format(path=path), err=True)
        reports += run_check([path], profile=chosen, date=date.date() if date else None,
                             max_samples=max_samples, registry=registry)
    _write(render(fmt, reports, color, language), output)
    for report in reports:
        for error in report.system_errors:
            click.echo(f"citylint: error: {error.message}", err=True)
    code = exit_code(reports, fail_on)
    if not quiet and fmt != "text":
        for report in reports:
            click.echo(f"citylint: {report.input}: " + counts_line(report.counts(), language), err=True)
    sys.exit(code)


@main.command()
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True)
@click.option("--family", help="Only rules of this family (e.g. gtfs).")
@click.option("--lang", type=click.Choice(LANGS),
              help="Language of the titles in text (default: from the environment).")
@click.option("--output-dir", type=click.Path(path_type=Path, file_okay=False),
              help="With --format markdown: write one page per rule and an index (README.md) into this folder.")
def rules(fmt: str, family: str | None, lang: str | None, output_dir: Path | None) -> None:
    """List every rule: code, severity, family, summary (json and markdown include the full documentation).

    `citylint rules --format markdown --output-dir docs/rules` regenerates the rule pages (in English).
    """
    try:
        registry = load_registry()
    except RegistryError as exc:
        _fail(str(exc))
    selected = [r for r in registry.rules.values() if family is None or r.family == family]
    if output_dir is None:
        click.echo(rules_as(selected, fmt, resolve_lang(lang)), nl=False)
        return
    if fmt != "markdown":
        _fail("--output-dir writes Markdown pages: use it with --format markdown")
    try:
        written = write_rule_pages(selected, output_dir)
    except OSError as exc:
        _fail(f"cannot write the rule pages into {output_dir}: {exc.strerror or exc}")
    click.echo(f"citylint: wrote {len(written)} pages into {output_dir}", err=True)


@main.command()
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def profiles(fmt: str) -> None:
    """List the shipped profiles."""
    try:
        shipped = shipped_profiles()
    except ProfileError as exc:
        _fail(str(exc))
    if fmt == "json":
        click.echo(json.dumps(shipped, indent=2))
    else:
        for name, title in shipped.items():
            click.echo(f"{name:<20} {title}")


@main.group()
def i18n() -> None:
    """Maintainer commands for the translation catalogues (citylint/locale)."""


@i18n.command()
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 when a catalogue is out of date or has untranslated entries.")
@click.option("--locale-dir", type=click.Path(path_type=Path, file_okay=False),
              help="Catalogue folder (default: the package's own).")
def extract(check_only: bool, locale_dir: Path | None) -> None:
    """Update every catalogue from the rules and the sources: new texts get empty entries, changed ones keep
    their old translation marked fuzzy, existing translations stay."""
    from citylint.i18n_catalogs import LOCALE_DIR
    from citylint.i18n_catalogs import extract as run_extract

    try:
        registry = load_registry(plugins=False)  # plugins ship their own catalogues
    except RegistryError as exc:
        _fail(str(exc))
    outcome = run_extract(registry.rules.values(), locale_dir=locale_dir or LOCALE_DIR, write=not check_only)
    for path in outcome.written:
        click.echo(f"{'out of date' if check_only else 'updated'}: {path}", err=True)
    for path, count in outcome.untranslated.items():
        click.echo(f"untranslated or fuzzy: {count} in {path}", err=True)
    if check_only and (outcome.written or outcome.untranslated):
        sys.exit(EXIT_FINDINGS)

def _add_catalog_commands() -> None:
    from citylint.catalog.commands import check_many, history

    main.add_command(check_many)
    main.add_command(history)


_add_catalog_commands()

"""The catalogue commands: ``citylint check-many`` and ``citylint history``."""

from __future__ import annotations

import datetime as dt
import signal
import sys
from pathlib import Path

import click

from citylint.catalog.history import regressions, render_json, render_text
from citylint.catalog.sources import CatalogError, read_catalog
from citylint.cli_options import DATE_FORMATS, DATE_HELP, MAX_SAMPLES
from citylint.profiles import ProfileError, load_profile
from citylint.profiles.checks import check_profile
from citylint.registry import RegistryError, load_registry
from citylint.reports import REPORTERS

EXIT_OK, EXIT_FINDINGS, EXIT_CANNOT_VALIDATE = 0, 1, 2


def _fail(message: str) -> None:
    click.echo(f"citylint: error: {message}", err=True)
    sys.exit(EXIT_CANNOT_VALIDATE)


@click.command("check-many")
@click.argument("catalog", type=click.Path(path_type=Path))
@click.option(
    "--output-dir",
    "-d",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="One folder per input with its reports; the SQLite store too, unless --store says otherwise.",
)
@click.option(
    "--format",
    "-f",
    "formats",
    multiple=True,
    type=click.Choice(sorted(REPORTERS)),
    help="Report formats written per input (repeatable; default json).",
)
@click.option(
    "--profile", "-p", metavar="NAME|FILE", help="Profile for entries that name none (default: by kind)."
)
@click.option(
    "--store",
    "store_option",
    metavar="URL",
    help="Results store: sqlite:///FILE or postgresql://user@host/db (default: SQLite in --output-dir).",
)
@click.option("--scheduler", metavar="ADDRESS", help="An existing Dask scheduler (default: a LocalCluster).")
@click.option("--workers", type=click.IntRange(min=1), help="LocalCluster workers (default: one per core).")
@click.option(
    "--force", is_flag=True, help="Validate inputs whose content, profile and version are already stored."
)
@click.option("--allow-network", is_flag=True, help="Fetch http(s) inputs of the catalogue.")
@click.option(
    "--allow-file-urls",
    is_flag=True,
    help="Read the catalogue's file: URLs and local paths outside its folder (refused by default).",
)
@click.option("--date", "date", type=click.DateTime(formats=DATE_FORMATS), help=DATE_HELP)
@click.option(
    "--max-samples",
    type=click.IntRange(min=0),
    default=MAX_SAMPLES,
    show_default=True,
    help="Samples kept per code in each input's reports (totals are always exact).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "never"]),
    default="error",
    show_default=True,
    help="Exit 1 when an input is not conformant (has errors).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress on stderr.")
def check_many(  # noqa: PLR0913 (click: one parameter per option)
    catalog: Path,
    output_dir: Path,
    formats: tuple[str, ...],
    profile: str | None,
    store_option: str | None,
    scheduler: str | None,
    workers: int | None,
    force: bool,
    allow_network: bool,
    date: dt.datetime | None,
    max_samples: int,
    fail_on: str,
    quiet: bool,
    allow_file_urls: bool = False,
) -> None:
    """Validate every input of CATALOG: a folder (each entry an input), a CSV file (columns id, path, profile,
    metadata) or a DCAT catalogue (datasets and their distributions' download URLs).

    Exit code: 0 every input conformant, 1 an input is not conformant (or --fail-on never), 2 an input or the
    catalogue could not be validated.
    """
    # Dask and SQLAlchemy load here, not when any citylint command starts.
    from citylint.catalog.runner import (
        RunInterrupted,
        SchedulerError,
        Terminated,
        counted,
        default_workers,
        run_catalog,
    )
    from citylint.catalog.store import ResultStore, StoreError, store_url
    from citylint.catalog.tasks import RunSettings

    try:
        entries = read_catalog(catalog, allow_file_urls=allow_file_urls, allow_network=allow_network)
        registry = load_registry()
        for named in sorted({profile or "", *(e.profile for e in entries if e.profile)} - {""}):
            check_profile(
                load_profile(named), registry
            )  # a bad profile stops the run before any worker starts
    except (CatalogError, ProfileError, RegistryError) as exc:
        _fail(str(exc))
    if not output_dir.parent.is_dir() and str(output_dir.parent):
        _fail(f"cannot write {output_dir}: folder {output_dir.parent} does not exist")
    output_dir.mkdir(exist_ok=True)
    try:
        store = ResultStore(store_url(store_option, output_dir))
    except StoreError as exc:
        _fail(str(exc))
    if profile and (profile.endswith((".yaml", ".yml")) or "/" in profile):
        profile = str(Path(profile).absolute())  # a profile file, read by workers that run elsewhere
    settings = RunSettings(
        output_dir=str(output_dir.resolve()),
        formats=formats or ("json",),
        profile=profile,
        date=date.date().isoformat() if date else None,
        max_samples=max_samples,
        allow_network=allow_network,
    )
    if not quiet:
        where = scheduler or f"a LocalCluster of {counted(workers or default_workers(), 'worker')}"
        click.echo(f"citylint: {counted(len(entries), 'input')} from {catalog}, on {where}", err=True)

    def terminate(_signum: int, _frame: object) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, terminate)  # a supervisor's stop: mark the run, then exit
    try:
        summary = run_catalog(
            entries,
            settings,
            store,
            catalog=str(catalog.absolute()),
            force=force,
            workers=workers,
            scheduler=scheduler,
            progress=None if quiet else sys.stderr,
        )
    except (StoreError, SchedulerError) as exc:
        _fail(str(exc))
    except RunInterrupted as stop:
        done = stop.summary.validated + stop.summary.failed
        _fail(
            f"run {stop.summary.run_id} interrupted ({stop.reason}) after {done} of {stop.summary.inputs} "
            f"inputs; "
            + (
                "the run is marked interrupted"
                if stop.marked
                else "the store could not mark it: it will be when the catalogue runs again"
            )
            + "; run the same command again to resume: the inputs already stored are skipped"
        )
    finally:
        signal.signal(signal.SIGTERM, previous)
    click.echo(
        f"run {summary.run_id}: {counted(summary.inputs, 'input')}, {summary.validated} validated "
        f"({summary.not_conformant} not conformant), {summary.skipped} unchanged and skipped "
        f"({summary.skipped_not_conformant} not conformant as stored), "
        f"{summary.failed} could not be validated"
    )
    for dataset_id, reason in sorted(summary.failures):
        click.echo(f"  could not validate {dataset_id}: {reason}")
    if summary.held_elsewhere:
        click.echo(
            f"  {counted(len(summary.held_elsewhere), 'input')} left to the run validating them now: "
            + ", ".join(f"{d} (run {r})" for d, r in sorted(summary.held_elsewhere.items())[:10])
        )
    if summary.failed:
        sys.exit(EXIT_CANNOT_VALIDATE)
    # The gate is the catalogue's state, not this run's work: an unchanged input keeps its stored verdict.
    sys.exit(EXIT_FINDINGS if not summary.conformant and fail_on == "error" else EXIT_OK)


@click.command("history")
@click.argument("dataset", required=False)
@click.option(
    "--store",
    "store_option",
    metavar="URL",
    required=True,
    help="Results store: sqlite:///FILE, a .sqlite file path, or postgresql://user@host/db.",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
def history(dataset: str | None, store_option: str, fmt: str) -> None:
    """Conformance over time of each dataset (or of DATASET), and the regressions: ERROR codes that are new,
    or more numerous, than at the dataset's previous validation."""
    from citylint.catalog.store import ResultStore, StoreError, store_url

    url = store_option
    if "://" not in url:
        if not Path(url).is_file():
            _fail(f"no results store at {url}")
        url = f"sqlite:///{Path(url).resolve()}"
    try:
        rows = ResultStore(store_url(url, Path("."))).history(dataset)
    except StoreError as exc:
        _fail(str(exc))
    found = regressions(rows)
    click.echo((render_json if fmt == "json" else render_text)(rows, found), nl=False)

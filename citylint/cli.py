"""The command line: parse flags, call the engine, pick a reporter, choose the exit code. Nothing else."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import sys
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

import click

from citylint import __version__
from citylint.baseline import Baseline, BaselineError
from citylint.cli_diff import diff
from citylint.cli_options import DATE_FORMATS, DATE_HELP, MAX_SAMPLES
from citylint.diff import ReportFileError, diff_json, diff_reports, diff_text, load_report, new_at_or_above
from citylint.escape import neutral_lines, visible
from citylint.i18n import LANGS, resolve_lang, translate
from citylint.model import Report, Severity
from citylint.output import write_atomically
from citylint.reports import REPORTERS, format_for_file, render, report_file_name
from citylint.runoptions import SHACL_ENGINE, RunOptions
from citylint.sections import is_advice

EXIT_OK, EXIT_FINDINGS, EXIT_CANNOT_VALIDATE = 0, 1, 2

# Modules that import polars, the validators or a report format are imported inside the commands that need
# them: `citylint --version` and `--help` stay under 0.2 s (benchmarks/startup.py).


def _fail(message: str) -> None:
    click.echo(neutral_lines(f"citylint: error: {visible(message)}"), err=True)
    sys.exit(EXIT_CANNOT_VALIDATE)


def _write(text: str, output: Path | None, color: bool = False) -> None:
    """Write to stdout, or atomically to ``output`` (a failed run leaves any existing file as it was).
    ``color``: keep the text's colours even where stdout is no terminal (click strips them otherwise)."""
    if output is None:
        # no line of the data reads as a GitHub workflow command
        click.echo(neutral_lines(text), nl=False, color=True if color else None)
        return
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        _fail(f"cannot write {output}: folder {folder} does not exist")
    if output.exists() and not output.is_file():  # /dev/null, a FIFO: write into it, never replace it
        if output.is_dir():
            _fail(f"cannot write {output}: it is a folder")
        try:
            with output.open("w", encoding="utf-8") as stream:
                stream.write(text)
        except OSError as exc:
            _fail(f"cannot write {output}: {exc.strerror or exc}")
        return
    try:
        write_atomically(output, text)
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror or exc}")


def exit_code(reports: list[Report], fail_on: str, advice: bool = True) -> int:
    from citylint.engine import could_not_validate

    if could_not_validate(reports):
        return EXIT_CANNOT_VALIDATE
    if fail_on == "never":
        return EXIT_OK
    threshold = Severity.parse(fail_on).rank
    # Findings a baseline suppresses are reported, never failing; citylint's advice beside a standard
    # (citylint.sections) only with --fail-on-advice, the default.
    failing = any(
        n.active and n.severity.rank >= threshold and (advice or not is_advice(r, n))
        for r in reports
        for n in r.notices.values()
    )
    return EXIT_FINDINGS if failing else EXIT_OK


def _run_options(flags: Mapping[str, Any]) -> RunOptions:
    """Run-wide settings every validator sees as ``context.options``, from the ``check`` command's flags
    (click's parameter values, by parameter name)."""
    graph = None
    if flags.get("shacl_report") is not None:
        from rdflib import Graph  # only runs that write a SHACL report need rdflib here

        graph = Graph()

    def text(name: str) -> str | None:
        value = flags.get(name)
        return str(value) if value else None

    return RunOptions(
        shapes=tuple(str(p) for p in flags.get("shapes") or ()),
        allow_network=bool(flags.get("allow_network")),
        licence=flags.get("licence"),
        metadata=text("metadata"),
        shacl_report_graph=graph,
        time_limit=flags.get("time_limit"),
        shacl_engine=flags.get("shacl_engine") or SHACL_ENGINE,
        gtfs_rt_static=text("static_feed"),
        netex_schema=text("netex_schema"),
        netex_version=text("netex_version"),
    )


SHORT_HELP_LIMIT = 60


class _LazyGroup(click.Group):
    """A group whose commands from other packages (``module:attribute``) are imported only when one of them
    runs or help lists them: ``citylint check`` does not pay for the suite, shapes or catalogue libraries."""

    lazy_commands: ClassVar[dict[str, str]] = {
        "check-many": "citylint.catalog.commands:check_many",
        "history": "citylint.catalog.commands:history",
        "standards": "citylint.standards.cli:standards_group",
        "suite": "citylint.suite.cli:suite_command",
        "shapes": "citylint.shapes.cli:shapes_group",
    }

    # The one-line help `citylint --help` shows for a lazy command, so that listing them imports none. A
    # command missing here is imported to list it (slower, never wrong); tests/test_ci_conventions.py checks
    # they agree.
    lazy_help: ClassVar[dict[str, str]] = {
        "check-many": "Validate every input of CATALOG: a folder (each entry an...",
        "history": "Conformance over time of each dataset (or of DATASET),...",
        "standards": "The official artefacts (ontologies, shapes, schemas)...",
        "suite": "Run the tests of MANIFEST: a W3C SHACL test manifest...",
        "shapes": "Derive SHACL shapes and term lists from ontologies...",
    }

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            if name not in self.commands and name in self.lazy_help:
                rows.append((name, self.lazy_help[name]))
                continue
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(SHORT_HELP_LIMIT)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def main(self, args: Any = None, *more: Any, **options: Any) -> Any:
        """The command line (no ``args``: ``sys.argv``) ends a check without the interpreter's teardown
        (citylint/startup.py); ``main([...])`` from Python or a test runner raises ``SystemExit`` as usual."""
        if args is not None or more or not options.get("standalone_mode", True):
            return super().main(args, *more, **options)
        try:
            return super().main(args, *more, **options)
        except SystemExit as done:
            from citylint.startup import end_now

            end_now(done)
            raise

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy_commands:
            module, _, attribute = self.lazy_commands[cmd_name].partition(":")
            command = getattr(importlib.import_module(module), attribute)
            if not isinstance(command, click.Command):
                raise TypeError(f"{self.lazy_commands[cmd_name]} is not a click command")
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="citylint")
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    metavar="FILE",
    help="Settings file (citylint.yaml, or pyproject.toml with [tool.citylint]); default: "
    "the nearest one from here up to the repository root.",
)
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.pass_context
def main(ctx: click.Context, config_file: Path | None, isolated: bool) -> None:
    """Validate city open data against open standards, and show where lock-in comes from.

    Settings come from the command line, then the configuration file, then the profile
    (docs/configuration.md). Shell completion: eval "$(_CITYLINT_COMPLETE=bash_source citylint)" (zsh_source,
    fish_source).
    """
    if isolated and config_file is not None:
        _fail("--config and --isolated exclude each other")
    if ctx.resilient_parsing:  # shell completion: no file read, no error
        return
    from citylint.config import ConfigError, default_map, discover

    path = config_file or (None if isolated else discover(Path.cwd()))
    if path is None:
        return
    assert isinstance(ctx.command, click.Group)
    try:
        ctx.default_map = default_map(path, ctx.command, ctx)
    except ConfigError as exc:
        _fail(str(exc))
    ctx.meta["citylint.config"] = path


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--profile", "-p", metavar="NAME|FILE", help="Shipped profile name or a profile YAML file.")
@click.option(
    "--format",
    "-f",
    "formats",
    type=click.Choice(sorted(REPORTERS)),
    multiple=True,
    help="Report format (default: from --output's extension, .html .json .sarif .xml .md .ttl, else text); "
    "repeat it for several, written to --output-dir.",
)
@click.option(
    "--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Write the report here."
)
@click.option(
    "--output-dir",
    "-d",
    type=click.Path(path_type=Path, file_okay=False),
    help="Write one file per format here: citylint-report.<ext>.",
)
@click.option("--date", "date", type=click.DateTime(formats=DATE_FORMATS), help=DATE_HELP)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info", "never"]),
    default="error",
    show_default=True,
    help="Lowest severity that makes the exit code 1.",
)
@click.option(
    "--fail-on-advice/--no-fail-on-advice",
    default=True,
    show_default=True,
    help="Whether citylint's own metadata checks (advice beside the standard a profile is named after) "
    "count for --fail-on, or only the standard's official checks.",
)
@click.option(
    "--exit-zero", is_flag=True, help="Exit 0 even with findings (2 still means: could not validate)."
)
@click.option(
    "--baseline",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Findings recorded in this file are reported as suppressed and never fail the run.",
)
@click.option("--update-baseline", is_flag=True, help="Write --baseline from every finding of this run.")
@click.option(
    "--compare",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="OLD.json",
    help="Compare with an earlier JSON report; only new findings fail the run.",
)
@click.option(
    "--max-samples",
    type=click.IntRange(min=0),
    default=MAX_SAMPLES,
    show_default=True,
    help="Samples kept per code (totals are always exact).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress or summary on stderr.")
@click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help="Say which configuration file applies, and show progress even when stderr is not a terminal.",
)
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Run only the rules matching these codes or glob patterns (comma-separated, repeatable), "
    "over the profile's selection.",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="CODES",
    help="Never run the rules matching these codes or glob patterns (comma-separated, repeatable).",
)
@click.option(
    "--country-code",
    metavar="CC",
    help="ISO 3166 alpha-2 country of the feed (e.g. FR): enables phone number checks, as "
    "MobilityData's --country_code.",
)
@click.option(
    "--only-kind",
    type=click.Choice(["gtfs", "gbfs", "rdf", "json"]),
    metavar="KIND",
    help="Check only the inputs of this kind (gtfs, gbfs, rdf, json); a readable zip or folder of another "
    "kind is skipped, as the pre-commit hook does for a commit's zips.",
)
@click.option(
    "--shapes",
    "shapes",
    multiple=True,
    metavar="FILE",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="SHACL shapes file added to the profile's shapes (repeat for several).",
)
@click.option(
    "--allow-network",
    is_flag=True,
    help="Allow downloads while checking (remote JSON-LD contexts, owl:imports). Off by default.",
)
@click.option(
    "--shacl-report",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the raw SHACL sh:ValidationReport here, as Turtle.",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="Stop SHACL validation after this long: the input then could not be validated (default 600).",
)
@click.option(
    "--engine",
    "shacl_engine",
    type=click.Choice(["auto", "fast", "pyshacl"]),
    default=SHACL_ENGINE,
    show_default=True,
    help="SHACL engine: auto (the fast one where it gives pyshacl's results), fast, pyshacl.",
)
@click.option(
    "--licence",
    metavar="ID",
    help="Licence the data is published under (e.g. etalab-2.0, odbl, mobility-licence, none); the "
    "fr-nap profile checks it.",
)
@click.option(
    "--metadata",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    metavar="FILE",
    help="The dataset's DCAT metadata (any RDF syntax); default: <name>.dcat.ttl or dcat.ttl beside the "
    "data. Its licence counts as declared.",
)
@click.option(
    "--lang",
    type=click.Choice(LANGS),
    help="Language of the report (default: the profile's, else from LANGUAGE / LC_ALL / LC_MESSAGES / LANG).",
)
@click.option(
    "--static",
    "static_feed",
    type=click.Path(path_type=Path, exists=True),
    metavar="FEED.zip",
    help="GTFS-Realtime: the static GTFS feed (zip or folder) the real-time feed is checked against.",
)
@click.option(
    "--samples",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="GTFS-Realtime URL (with --allow-network): how many snapshots to download.",
)
@click.option(
    "--interval",
    type=click.FloatRange(min=0),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="GTFS-Realtime URL: seconds between two downloads.",
)
@click.option(
    "--netex-schema",
    type=click.Choice(["structure", "strict", "off"]),
    help="NeTEx XML Schema: structure (default; identity constraints checked by citylint across the "
    "delivery), strict (the full schema, much slower), off.",
)
@click.option(
    "--netex-version",
    type=click.Choice(["1.2.2", "1.3.1"]),
    help="NeTEx XML Schema release to validate against instead of the one the delivery's version selects.",
)
def check(  # noqa: PLR0913 (click: one parameter per option)
    paths: tuple[Path, ...],
    profile: str | None,
    formats: tuple[str, ...],
    output: Path | None,
    output_dir: Path | None,
    date: dt.datetime | None,
    fail_on: str,
    exit_zero: bool,
    baseline: Path | None,
    update_baseline: bool,
    compare: Path | None,
    max_samples: int,
    quiet: bool,
    licence: str | None,
    lang: str | None,
    shapes: tuple[Path, ...],
    allow_network: bool,
    shacl_report: Path | None,
    time_limit: float | None,
    metadata: Path | None,
    shacl_engine: str,
    verbose: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    country_code: str | None,
    only_kind: str | None,
    fail_on_advice: bool,
    static_feed: Path | None = None,
    samples: int = 1,
    interval: float = 30.0,
    netex_schema: str | None = None,
    netex_version: str | None = None,
) -> None:
    """Validate each PATH (GTFS or GBFS zip or folder, RDF or JSON document) and report the findings.

    Exit code: 0 nothing at or above --fail-on, 1 findings at or above it, 2 could not validate.
    """
    config = click.get_current_context().find_root().meta.get("citylint.config")
    if verbose and not quiet:
        click.echo(f"citylint: configuration: {config or 'none found (defaults)'}", err=True)
    formats = _formats(formats, output, output_dir)
    if update_baseline and baseline is None:
        _fail("--update-baseline needs --baseline FILE")
    from citylint.startup import long_lived_imports

    with long_lived_imports():  # polars and every validator: out of the garbage collector's way
        from citylint.engine import check as run_check
        from citylint.profiles import ProfileError, load_profile
        from citylint.profiles.checks import check_patterns, check_profile
        from citylint.profiles.overrides import ProfileOverrides
        from citylint.registry import RegistryError, load_registry

    overrides = ProfileOverrides(
        select=_patterns(select),
        ignore=_patterns(ignore),
        parameters={"gtfs": {"country_code": _country(country_code)}} if country_code else {},
    )
    try:
        chosen = load_profile(profile) if profile else None
        registry = load_registry()
        check_patterns("--select", overrides.select, registry)
        check_patterns("--ignore", overrides.ignore, registry)
        if chosen is not None:
            chosen = check_profile(overrides.apply(chosen), registry)
        accepted = (
            Baseline(record=True)
            if update_baseline
            else Baseline.load(baseline)
            if baseline is not None
            else None
        )
        old_report = load_report(compare) if compare is not None else None
    except (ProfileError, RegistryError, BaselineError, ReportFileError) as exc:
        _fail(str(exc))
    language = resolve_lang(lang or (chosen.lang if chosen else None))
    to_stdout = output is None and output_dir is None
    color = _color(sys.stdout.isatty()) and to_stdout and formats == ("text",)
    options = _run_options(click.get_current_context().params)
    from citylint.validators.gtfs_rt.cli_input import sampled_paths  # GTFS-Realtime URLs (--allow-network)

    paths, options, _downloads = sampled_paths(paths, allow_network, samples, interval, options, quiet)
    if only_kind is not None:
        paths = _of_kind(paths, only_kind, quiet)
    reports = []
    from citylint.progress import StageProgress

    stderr_tty = sys.stderr.isatty()
    for path in paths:
        if not quiet:
            click.echo("citylint: " + translate("checking {path} ...", language).format(path=path), err=True)
        # Stages of a long check: redrawn on a terminal, one line each with --verbose in a log, else nothing.
        with StageProgress(sys.stderr, str(path), redraw=stderr_tty) as stages:
            shown = not quiet and (stderr_tty or verbose)
            reports += run_check(
                [path],
                profile=chosen,
                date=date.date() if date else None,
                max_samples=max_samples,
                registry=registry,
                baseline=accepted,
                options=replace(options, progress=stages) if shown else options,
                overrides=overrides,
            )
    if update_baseline and accepted is not None and baseline is not None:
        _update_baseline(reports, accepted, baseline, quiet)
    if output_dir is not None:
        _make_dir(output_dir)
    for fmt in formats:
        target = output_dir / report_file_name(fmt) if output_dir is not None else output
        _write(render(fmt, reports, color=color, lang=language, fail_on=fail_on), target, color)
    if shacl_report is not None and options.shacl_report_graph is not None:
        _write(options.shacl_report_graph.serialize(format="turtle"), shacl_report)
    for report in reports:
        for error in report.system_errors:
            click.echo(neutral_lines(f"citylint: error: {visible(error.message)}"), err=True)
    from citylint.github import in_github_actions, workflow_commands  # only what a run in a workflow needs

    if in_github_actions():
        for line in workflow_commands(reports):
            click.echo(line, err=True)
    code = exit_code(reports, fail_on, fail_on_advice)
    if old_report is not None:
        code = (
            _compare(old_report, compare, reports, fail_on, output_dir, quiet)
            if code != EXIT_CANNOT_VALIDATE
            else code
        )
    if not quiet and not (to_stdout and "text" in formats):
        _echo_counts(reports, language)
    from citylint.startup import work_done

    work_done()  # every report is written: the command line may end the process now
    sys.exit(EXIT_OK if exit_zero and code == EXIT_FINDINGS else code)


def _formats(formats: tuple[str, ...], output: Path | None, output_dir: Path | None) -> tuple[str, ...]:
    """The formats to write: as given, else the one ``--output``'s extension names, else text."""
    if not formats and output is not None:
        inferred = format_for_file(output.name)
        formats = (inferred,) if inferred else ()
    formats = tuple(dict.fromkeys(formats)) or ("text",)
    if len(formats) > 1 and output_dir is None:
        _fail("several --format values need --output-dir")
    if output is not None and output_dir is not None:
        _fail("--output and --output-dir exclude each other")
    return formats


def _echo_counts(reports: list[Report], language: str) -> None:
    """Each report's counts on stderr, when the report itself went elsewhere."""
    from citylint.reports.text import counts_line

    for report in reports:
        if report.system_errors:  # its error is printed above: "0 errors" would read as a pass
            click.echo(
                f"citylint: {report.input}: " + translate("could not be validated", language), err=True
            )
            continue
        suppressed = sum(report.suppressed_counts().values())
        more = (
            " " + translate("({count} more suppressed by the baseline)", language).format(count=suppressed)
            if suppressed
            else ""
        )
        click.echo(f"citylint: {report.input}: " + counts_line(report.counts(), language) + more, err=True)


def _of_kind(paths: tuple[Path, ...], kind: str, quiet: bool) -> tuple[Path, ...]:
    """The paths that are inputs of ``kind``; the others are skipped when they are readable zips or folders of
    something else (a slides archive in a commit). A missing, unreadable or corrupt input is kept: its check
    says why it cannot be validated."""
    import zipfile

    from citylint.detect import detect_kind
    from citylint.validators.base import InputError

    kept = []
    for path in paths:
        try:
            found: str | None = detect_kind(path)
        except InputError:
            found = None
            if not (path.is_dir() or zipfile.is_zipfile(path)):
                kept.append(path)
                continue
        if found == kind:
            kept.append(path)
        elif not quiet:
            click.echo(f"citylint: {path}: not {kind} input, skipped (--only-kind {kind})", err=True)
    return tuple(kept)


def _color(tty: bool) -> bool:
    """Colour on a terminal; NO_COLOR (no-color.org) turns it off, FORCE_COLOR (force-color.org) on where
    there is no terminal, as in CI logs. NO_COLOR wins when both are set."""
    if os.environ.get("NO_COLOR"):
        return False
    return tty or bool(os.environ.get("FORCE_COLOR"))


def _patterns(values: tuple[str, ...]) -> tuple[str, ...]:
    """--select / --ignore values: repeatable, each comma-separated."""
    return tuple(p.strip() for value in values for p in value.split(",") if p.strip())


def _country(code: str) -> str:
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        _fail(f"--country-code {code!r}: give an ISO 3166 alpha-2 code such as FR or DE")
    return code.upper()


def _make_dir(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _fail(f"cannot create {folder}: {exc.strerror or exc}")


def _update_baseline(reports: list[Report], accepted: Baseline, path: Path, quiet: bool) -> None:
    """Write the baseline from this run; the run then reports as a check with that baseline would."""
    from citylint.engine import could_not_validate

    if could_not_validate(reports):
        _fail(f"not writing {path}: an input could not be validated, its findings would be missing")
    _write(accepted.recorded_json(), path)
    for report in reports:
        for notice in report.notices.values():
            notice.suppressed, notice.samples = notice.total, []
    if not quiet:
        total = sum(n.total for r in reports for n in r.notices.values())
        click.echo(f"citylint: wrote {path}: {total:,} findings accepted", err=True)


def _compare(
    old: dict[str, object],
    old_path: Path | None,
    reports: list[Report],
    fail_on: str,
    output_dir: Path | None,
    quiet: bool,
) -> int:
    """Diff this run against an earlier report; only new findings at or above --fail-on fail the run."""
    from citylint.reports.json_report import report_dict

    current = report_dict(reports[0]) if len(reports) == 1 else {"reports": [report_dict(r) for r in reports]}
    result = diff_reports(dict(old), current)
    if output_dir is not None:
        _write(diff_json(result), output_dir / "citylint-diff.json")
    if not quiet:
        click.echo(diff_text(result, (str(old_path), "this run")), err=True, nl=False)
    return EXIT_FINDINGS if new_at_or_above(result, fail_on) else EXIT_OK


@main.command()
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("--family", help="Only rules of this family (e.g. gtfs).")
@click.option(
    "--lang", type=click.Choice(LANGS), help="Language of the titles in text (default: from the environment)."
)
@click.option(
    "--output-dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="With --format markdown: write one page per rule and an index (README.md) into this folder.",
)
def rules(fmt: str, family: str | None, lang: str | None, output_dir: Path | None) -> None:
    """List every rule: code, severity, family, summary (json and markdown include the full documentation).

    `citylint rules --format markdown --output-dir site/rules` writes the rule pages (in English).
    """
    from citylint.registry import RegistryError, load_registry
    from citylint.rules_doc import rules_as, write_rule_pages

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
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
def profiles(fmt: str) -> None:
    """List the shipped profiles."""
    from citylint.profiles import ProfileError, shipped_profiles

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
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; exit 1 when a catalogue is out of date or has untranslated entries.",
)
@click.option(
    "--locale-dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Catalogue folder (default: the package's own).",
)
def extract(check_only: bool, locale_dir: Path | None) -> None:
    """Update every catalogue from the rules and the sources: new texts get empty entries, changed ones keep
    their old translation marked fuzzy, existing translations stay."""
    from citylint.i18n_catalogs import LOCALE_DIR
    from citylint.i18n_catalogs import extract as run_extract
    from citylint.registry import RegistryError, load_registry

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


main.add_command(diff)

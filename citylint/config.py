"""Configuration discovery, as ruff and check-jsonschema users expect: the settings of a repository live in
its ``citylint.yaml`` (or ``.citylint.yaml``) or in the ``[tool.citylint]`` table of its ``pyproject.toml``.

Discovery starts in the current folder and goes up, stopping at the first folder that has one of them (in that
order) or at the repository's root (a folder holding ``.git``). ``citylint --config FILE`` names the file;
``citylint --isolated`` ignores every file.

Keys are the long names of the command's options (``fail-on`` or ``fail_on``, ``format``, ``select``, ...), at
the top level for ``check``; a ``check-many`` table holds that command's. Paths in it are relative to the
file's folder. Precedence, highest first: the command line, the configuration file, the profile's defaults.

    # pyproject.toml                         # citylint.yaml
    [tool.citylint]                          profile: fr-nap
    profile = "fr-nap"                       fail-on: warning
    fail-on = "warning"                      ignore: [unused_shape]
    ignore = ["unused_shape"]                check-many:
    [tool.citylint.check-many]                 store: postgresql://ci@db/citylint
    store = "postgresql://ci@db/citylint"
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import click

CONFIG_FILES = ("citylint.yaml", ".citylint.yaml", "pyproject.toml")
SECTIONS = ("check-many",)  # tables for commands other than ``check``


class ConfigError(Exception):
    """The configuration file cannot be read or names an option that does not exist: exit 2."""


def discover(start: Path) -> Path | None:
    """The configuration file that applies in ``start``, None when there is none up to the repository root."""
    folder = start.resolve()
    while True:
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_table(candidate)):
                return candidate
        if (folder / ".git").exists() or folder.parent == folder:
            return None
        folder = folder.parent


def _has_table(pyproject: Path) -> bool:
    try:
        return "citylint" in _read_toml(pyproject).get("tool", {})
    except ConfigError:
        return True  # a broken pyproject.toml that may hold it: reading it reports the error


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib

    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc


def read(path: Path) -> dict[str, Any]:
    """The settings mapping a configuration file holds."""
    if path.name == "pyproject.toml":
        table = _read_toml(path).get("tool", {}).get("citylint", {})
    else:
        import yaml

        try:
            table = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise ConfigError(f"cannot read {path}: {' '.join(str(exc).split())}") from exc
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: the settings must be a mapping of option names to values")
    return table


def default_map(path: Path, group: click.Group, ctx: click.Context) -> dict[str, dict[str, Any]]:
    """click's ``default_map`` for the group from the file: each value becomes its option's default, so that
    the command line still wins."""
    table = read(path)
    sections = {"check": {k: v for k, v in table.items() if k not in SECTIONS}}
    for name in SECTIONS:
        if name in table:
            if not isinstance(table[name], dict):
                raise ConfigError(f"{path}: {name}: must be a table of option names to values")
            sections[name] = table[name]
    out = {}
    for command_name, settings in sections.items():
        command = group.get_command(ctx, command_name)
        if command is None:
            continue
        where = f"{path}" + ("" if command_name == "check" else f": {command_name}")
        out[command_name] = _defaults(where, command, settings, path.parent)
    return out


def _defaults(where: str, command: click.Command, settings: dict[str, Any], folder: Path) -> dict[str, Any]:
    options: dict[str, click.Option] = {}
    for param in command.params:
        if isinstance(param, click.Option):
            for flag in param.opts:
                if flag.startswith("--"):
                    options[flag[2:]] = param
    defaults: dict[str, Any] = {}
    probe = click.Context(command)
    for key, value in settings.items():
        option = options.get(str(key).replace("_", "-"))
        if option is None or option.name in ("help", "update_baseline"):
            found = difflib.get_close_matches(str(key).replace("_", "-"), list(options), n=1, cutoff=0.6)
            hint = f" (did you mean {found[0]!r}?)" if found else ""
            raise ConfigError(f"{where}: unknown setting {key!r}{hint}")
        value = _relative_to(folder, option, value)
        try:
            option.type_cast_value(probe, value)
        except click.BadParameter as exc:
            raise ConfigError(f"{where}: {key}: {exc.message}") from exc
        defaults[str(option.name)] = value
    return defaults


def _relative_to(folder: Path, option: click.Option, value: Any) -> Any:
    """Path settings are relative to the configuration file's folder, not to where citylint runs."""

    def resolve(item: Any) -> Any:
        if not isinstance(item, str) or "://" in item:
            return item
        is_path = isinstance(option.type, click.Path) or (
            option.name == "profile" and (item.endswith((".yaml", ".yml")) or "/" in item)
        )
        return str(folder / item) if is_path and not Path(item).is_absolute() else item

    return [resolve(v) for v in value] if isinstance(value, list) else resolve(value)

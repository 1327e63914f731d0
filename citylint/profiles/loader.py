"""Loads, validates (JSON Schema) and resolves profiles, following ``extends`` depth-first."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from citylint import ownformats, readpolicy, standards
from citylint.model import Severity

SHIPPED = files("citylint.profiles")
MAX_PROFILE_BYTES = 4 * 1024 * 1024  # the shipped profiles are under 10 kB


class ProfileError(Exception):
    """A profile cannot be used: not found, not YAML, or not valid against the profile schema."""


@dataclass
class Profile:
    name: str
    title: str
    description: str = ""
    source: str = ""
    inputs: list[str] = field(default_factory=list)
    validators: dict[str, dict[str, Any]] = field(default_factory=dict)
    enable: list[str] = field(default_factory=list)
    disable: list[str] = field(default_factory=list)
    # The rules sections in the order they apply, parents first: a profile can enable again what the profile
    # it extends disabled. ("enable" | "disable", patterns)
    rule_steps: list[tuple[str, list[str]]] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)
    extends: list[str] = field(default_factory=list)
    lang: str | None = None  # default report language; inherited from the profiles it extends
    # A framework scorecard (eif4scc): layer and principle names, what no machine checks, and ``mapping``, the
    # rule → principles file (a path, resolved like shapes); the nearest profile that has one wins.
    scorecard: dict[str, Any] = field(default_factory=dict)


@cache
def _schema() -> dict[str, Any]:
    return json.loads(SHIPPED.joinpath("profile.schema.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def shipped_profiles() -> dict[str, str]:
    """Name → description line of each profile shipped in the package."""
    out = {}
    for entry in sorted(SHIPPED.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            profile = load_profile(entry.name[: -len(".yaml")])
            out[profile.name] = profile.title
    return out


def profile_file(folder: Path, ref: str) -> Path:
    """A file a profile names (a profile it extends, a shapes or schema file), relative to the profile's
    folder.

    A reference that leads out of that folder (absolute, ``..``, or a link) is refused: a profile taken from a
    pull request must not make citylint read, and quote in its report, files elsewhere on the machine.
    """
    target = (folder / ref).resolve()
    if not target.is_relative_to(folder.resolve()):
        raise ProfileError(
            f"profile reference {ref!r} leads outside the profile's folder {folder}; "
            "put the file beside the profile"
        )
    return target


def _read(ref: str, base: Path | None) -> tuple[dict[str, Any], str, Path | None]:
    """The raw mapping of a profile given by shipped name or path, its label, and its folder."""
    candidate = Path(ref) if base is None else base / ref
    if ref.endswith((".yaml", ".yml")) or "/" in ref or candidate.is_file():
        if base is not None:
            candidate = profile_file(base, ref)
        if not candidate.is_file():
            raise ProfileError(f"profile file not found: {candidate}")
        try:  # a regular file of at most MAX_PROFILE_BYTES (a FIFO or /dev/zero never ends)
            text = readpolicy.read_text(
                candidate, "profile", max_bytes=MAX_PROFILE_BYTES, within=[candidate.resolve().parent]
            )
        except readpolicy.ReadRefused as exc:
            raise ProfileError(str(exc)) from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise ProfileError(
                f"cannot read profile {candidate}: {getattr(exc, 'strerror', None) or exc}"
            ) from exc
        label, folder = str(candidate), candidate.parent
        readpolicy.allow_root(folder)  # the files this profile names are read from its folder
    else:
        shipped = SHIPPED.joinpath(f"{ref}.yaml")
        if not shipped.is_file():
            names = ", ".join(
                n[:-5] for n in sorted(e.name for e in SHIPPED.iterdir()) if n.endswith(".yaml")
            )
            raise ProfileError(f"unknown profile {ref!r} (shipped profiles: {names}; or give a .yaml path)")
        text, label, folder = shipped.read_text(encoding="utf-8"), f"{ref} (shipped)", None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ProfileError(f"{label}: not valid YAML: {' '.join(str(exc).split())}") from exc
    except RecursionError:
        raise ProfileError(f"{label}: nested deeper than {ownformats.MAX_DEPTH} levels") from None
    if ownformats.depth(raw) > ownformats.MAX_DEPTH:  # before the schema check, which recurses per level
        raise ProfileError(
            f"{label}: nested deeper than {ownformats.MAX_DEPTH} levels (or an alias that holds itself)"
        )
    if folder is not None:  # shipped profiles are checked against the schema by the tests, not on every run
        _check_schema(raw, label)
    return raw, label, folder


def _check_schema(raw: Any, label: str) -> None:
    import jsonschema  # imported here: a run on shipped profiles only does not load it

    errors = sorted(jsonschema.Draft202012Validator(_schema()).iter_errors(raw), key=lambda e: list(e.path))
    if errors:
        first = errors[0]
        raise ProfileError(f"{label}: {first.json_path}: {first.message}")


# Validator parameters that list files: resolved against the folder of the profile that names them (the
# package's profiles folder for shipped ones) and accumulated, not replaced, through ``extends``.
# ``standard:NAME[/FILE]`` entries name a file of the standards cache and are left as they are.
PATH_LIST_PARAMETERS = ("shapes", "background")


# Validator parameters that name one file, resolved against the profile's folder with profile_file (so that a
# profile cannot point outside its folder); ``standard:NAME/FILE`` entries are left as they are.
PATH_PARAMETERS = ("schema",)


def _resolve_paths(params: dict[str, Any], folder: Path | None) -> dict[str, Any]:
    out = dict(params)
    base = folder if folder is not None else Path(str(SHIPPED))
    for key in PATH_PARAMETERS:
        value = out.get(key)
        if isinstance(value, str) and value and not standards.is_reference(value):
            out[key] = str(profile_file(base, value))
    for key in PATH_LIST_PARAMETERS:
        if isinstance(out.get(key), list):
            # a user profile's entries stay inside its folder, like every file it names (readpolicy.py)
            out[key] = [
                e
                if standards.is_reference(e) or not isinstance(e, str)
                else str(profile_file(base, e))
                if folder is not None
                else e
                if Path(e).is_absolute()
                else str(base / e)
                for e in out[key]
            ]
    return out


def _resolve_mapping(scorecard: dict[str, Any], folder: Path | None) -> dict[str, Any]:
    out = dict(scorecard)
    if out.get("mapping"):
        out["mapping"] = str(
            profile_file(folder, out["mapping"])
            if folder is not None
            else Path(str(SHIPPED)) / out["mapping"]
        )
    return out


def _merge_parameters(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    merged = {**old, **new}
    for key in PATH_LIST_PARAMETERS:
        if isinstance(old.get(key), list) and isinstance(new.get(key), list):
            merged[key] = [*old[key], *(e for e in new[key] if e not in old[key])]
    return merged


def load_profile(ref: str, *, _base: Path | None = None, _seen: tuple[str, ...] = ()) -> Profile:
    raw, label, folder = _read(ref, _base)
    if label in _seen:
        raise ProfileError(f"profile {label} extends itself through {' -> '.join(_seen)}")
    merged = Profile(name=raw["name"], title=raw["title"], source=label)
    for parent_ref in raw.get("extends", []):
        parent = load_profile(parent_ref, _base=folder, _seen=(*_seen, label))
        merged.inputs = parent.inputs or merged.inputs
        for name, params in parent.validators.items():
            merged.validators[name] = _merge_parameters(merged.validators.get(name, {}), params)
        merged.enable += parent.enable
        merged.disable += parent.disable
        merged.rule_steps += parent.rule_steps
        merged.severity.update(parent.severity)
        merged.lang = parent.lang or merged.lang
        merged.scorecard = parent.scorecard or merged.scorecard
    merged.description = raw.get("description", "")
    merged.lang = raw.get("lang", merged.lang)
    if raw.get("scorecard"):
        merged.scorecard = _resolve_mapping(raw["scorecard"], folder)
    merged.extends = list(raw.get("extends", []))
    merged.inputs = list(raw.get("inputs", merged.inputs))
    for name, params in (raw.get("validators") or {}).items():
        merged.validators[name] = _merge_parameters(
            merged.validators.get(name, {}), _resolve_paths(params or {}, folder)
        )
    rules = raw.get("rules") or {}
    merged.enable += rules.get("enable", [])
    merged.disable += rules.get("disable", [])
    merged.rule_steps += [
        (action, list(rules[action])) for action in ("enable", "disable") if rules.get(action)
    ]
    merged.severity.update({code: Severity.parse(s) for code, s in (raw.get("severity") or {}).items()})
    return merged

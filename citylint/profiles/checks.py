"""A loaded profile checked against the registry: every code, pattern, validator and parameter it names must
exist. Without this a profile that disables ``unused_statoin`` or sets ``contry_code`` is accepted and does
nothing, which in CI is a gate quietly weaker than its author thinks.

Errors name what is wrong and the closest valid name, as ruff does for an unknown rule selector."""

from __future__ import annotations

import dataclasses
import difflib
import fnmatch
import types
import typing
from collections.abc import Iterable
from typing import Any

from citylint.profiles.loader import Profile, ProfileError
from citylint.registry import Registry


def closest(name: str, valid: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` with the closest valid name, or nothing when none is close."""
    found = difflib.get_close_matches(name, list(valid), n=1, cutoff=0.6)
    return f" (did you mean {found[0]!r}?)" if found else ""


def check_profile(profile: Profile, registry: Registry) -> Profile:
    """Raise :class:`ProfileError` on the first name the profile gives that matches nothing; return the
    profile with its validator parameters coerced to their declared types."""
    label = profile.source or profile.name
    codes = registry.rules
    for action, patterns in profile.rule_steps or [("enable", profile.enable), ("disable", profile.disable)]:
        check_patterns(f"{label}: rules.{action}", patterns, registry)
    for code in profile.severity:
        if code not in codes:
            raise ProfileError(f"{label}: severity: unknown rule code {code!r}" + closest(code, codes))
    for name, params in profile.validators.items():
        validator = registry.validators.get(name)
        if validator is None:
            raise ProfileError(
                f"{label}: validators: unknown validator {name!r}" + closest(name, registry.validators)
            )
        declared = getattr(validator, "parameter_class", None)
        if declared is not None:
            profile.validators[name] = check_parameters(f"{label}: validators.{name}", declared, params or {})
    return profile


def check_patterns(where: str, patterns: Iterable[str], registry: Registry) -> None:
    """Raise :class:`ProfileError` for the first code or glob pattern that matches no rule."""
    codes = registry.rules
    for pattern in patterns:
        if not any(fnmatch.fnmatchcase(code, pattern) for code in codes):
            glob = any(c in pattern for c in "*?[")
            raise ProfileError(
                f"{where}: {'pattern' if glob else 'code'} {pattern!r} matches no rule"
                + closest(pattern, _prefix_patterns(codes) if glob else codes)
            )


def _prefix_patterns(codes: Iterable[str]) -> set[str]:
    """``unused_*``, ``unused_station*``: the patterns a misspelt glob was probably meant to be."""
    out: set[str] = set()
    for code in codes:
        parts = code.split("_")
        out.update("_".join(parts[:i]) + "_*" for i in range(1, len(parts)))
    return out


def check_parameters(where: str, declared: type[Any], params: dict[str, Any]) -> dict[str, Any]:
    """``params`` checked against the dataclass ``declared``: known keys, values of the declared types (an
    integer where a float is declared becomes a float)."""
    fields = {f.name: f for f in dataclasses.fields(declared)}
    hints = typing.get_type_hints(declared)
    out = {}
    for key, value in params.items():
        if key not in fields:
            known = ", ".join(sorted(fields)) or "none"
            raise ProfileError(f"{where}: unknown parameter {key!r}{closest(key, fields)}; known: {known}")
        ok, coerced = _coerce(value, hints[key])
        if not ok:
            raise ProfileError(f"{where}.{key}: {value!r} is not {_describe(hints[key])}")
        out[key] = coerced
    return out


def _coerce(value: Any, hint: Any) -> tuple[bool, Any]:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            ok, coerced = _coerce(value, arg)
            if ok:
                return True, coerced
        return False, value
    if hint is type(None):
        return value is None, value
    if hint is bool:
        return isinstance(value, bool), value
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool), value
    if hint is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return ok, float(value) if ok else value
    if hint is str:
        return isinstance(value, str), value
    if origin is list:
        return isinstance(value, list) and all(_coerce(v, args[0])[0] for v in value), value
    if origin is dict:
        return isinstance(value, dict) and all(
            _coerce(k, args[0])[0] and _coerce(v, args[1])[0] for k, v in value.items()
        ), value
    return True, value


def _describe(hint: Any) -> str:
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and len(args) == 1:
        return _describe(args[0])
    names = {bool: "a boolean (true or false)", int: "an integer", float: "a number", str: "a string"}
    if hint in names:
        return names[hint]
    if typing.get_origin(hint) is list:
        return "a list of " + _describe(typing.get_args(hint)[0]).removeprefix("a ").removeprefix("an ") + "s"
    if typing.get_origin(hint) is dict:
        return "a mapping"
    return str(hint)

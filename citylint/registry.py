"""Discovers validators (built-ins and the ``citylint.validators`` entry-point group) and their rules."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.metadata import entry_points

from citylint.model import Rule
from citylint.validators.base import Validator

ENTRY_POINT_GROUP = "citylint.validators"


class RegistryError(Exception):
    """The set of validators is inconsistent (duplicate codes, broken plugin)."""


def _builtin_validators() -> list[type[Validator]]:
    from citylint.validators.fr_nap import FrNapValidator
    from citylint.validators.gbfs import GbfsValidator
    from citylint.validators.gtfs import GtfsValidator
    from citylint.validators.gtfs_rt import GtfsRtValidator
    from citylint.validators.jsonschema import JsonSchemaValidator
    from citylint.validators.metadata import MetadataValidator
    from citylint.validators.netex import NetexValidator
    from citylint.validators.rdf.shacl.validator import ShaclValidator
    from citylint.validators.rdf.vocabulary import VocabularyValidator
    from citylint.validators.tableschema import TableSchemaValidator

    # in run order: fr_nap reads the feed gtfs loaded
    return [
        GtfsValidator,
        FrNapValidator,
        ShaclValidator,
        VocabularyValidator,
        MetadataValidator,
        JsonSchemaValidator,
        GbfsValidator,
        TableSchemaValidator,
        GtfsRtValidator,
        NetexValidator,
    ]


@dataclass
class Registry:
    validators: dict[str, type[Validator]] = field(default_factory=dict)
    rules: dict[str, Rule] = field(default_factory=dict)
    rule_owner: dict[str, str] = field(default_factory=dict)

    def add(self, validator: type[Validator]) -> None:
        existing = self.validators.get(validator.name)
        if existing is validator:
            return
        if existing is not None:
            raise RegistryError(f"two validators are named {validator.name!r}: {existing} and {validator}")
        for rule_type in validator.rules:
            rule = rule_type.rule
            if rule.code in self.rules:
                raise RegistryError(
                    f"rule code {rule.code!r} of validator {validator.name!r} is already used by "
                    f"{self.rule_owner[rule.code]!r}"
                )
            self.rules[rule.code] = rule
            self.rule_owner[rule.code] = validator.name
        self.validators[validator.name] = validator

    def rule(self, code: str) -> Rule | None:
        return self.rules.get(code)

    def match(self, patterns: Iterable[str]) -> set[str]:
        """Rule codes matching any of the codes or glob patterns."""
        return {code for code in self.rules for p in patterns if fnmatch.fnmatchcase(code, p)}

    def for_kind(self, kind: str) -> list[type[Validator]]:
        return [v for v in self.validators.values() if kind in v.input_kinds]


def load_registry(plugins: bool = True) -> Registry:
    registry = Registry()
    for validator in _builtin_validators():
        registry.add(validator)
    if plugins:
        # The package declares its own validators as entry points too; loading one that names a class already
        # registered would only import its module, whose checking code the run may never need.
        builtin = {f"{v.__module__}:{v.__qualname__}" for v in registry.validators.values()}
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            if ep.value.replace(" ", "") in builtin:
                continue
            try:
                loaded = ep.load()
            except Exception as exc:  # a broken plugin must not hide which one broke
                raise RegistryError(f"plugin {ep.name!r} ({ep.value}) failed to load: {exc}") from exc
            registry.add(loaded)
    return registry

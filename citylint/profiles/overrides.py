"""What the command line (or the configuration file) changes in a profile: ``--select`` / ``--ignore`` rule
patterns and validator parameters such as ``--country-code``. They apply over the profile, chosen or default,
and are checked like the profile's own names (``citylint.profiles.checks``).

Precedence, highest first: command line, configuration file (``citylint.yaml`` or ``[tool.citylint]``),
profile."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from citylint.profiles.loader import Profile


@dataclass(frozen=True)
class ProfileOverrides:
    # Like ruff's --select: only rules matching these codes or patterns run (a rule the profile disables
    # included).
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()  # rules matching these never run
    # validator name -> parameter -> value, replacing the profile's (e.g. {"gtfs": {"country_code": "FR"}}),
    # for validators the profile runs.
    parameters: dict[str, dict[str, object]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.select or self.ignore or self.parameters)

    def apply(self, profile: Profile) -> Profile:
        steps = list(profile.rule_steps or [("enable", profile.enable), ("disable", profile.disable)])
        if self.select:
            steps += [("disable", ["*"]), ("enable", list(self.select))]
        if self.ignore:
            steps.append(("disable", list(self.ignore)))
        validators = {name: dict(params) for name, params in profile.validators.items()}
        for name, params in self.parameters.items():
            if name in validators:
                validators[name].update(params)
        return replace(profile, rule_steps=steps, validators=validators)

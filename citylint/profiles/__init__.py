"""Profiles: YAML files that select validators, rules, parameters and severities, and can extend each
other."""

from citylint.profiles.loader import Profile, ProfileError, load_profile, profile_file, shipped_profiles

__all__ = ["Profile", "ProfileError", "load_profile", "profile_file", "shipped_profiles"]

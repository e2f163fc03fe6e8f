"""Where the CLI's connection settings come from: flags, environment, and named profiles.

Profiles are ``[profiles.NAME]`` tables of a TOML file, ``~/.config/vantage/config.toml`` by
default; ``vantage_sdk._config`` reads the file (its docstring shows the format) for the CLI and
for ``VantageClient(profile=...)`` alike. This module adds the CLI's flags and their precedence.

Precedence, highest first:

1. command-line flags (``--api-key``, ``--base-url``, ``--organization``);
2. the profile chosen with ``--profile`` or ``VANTAGE_PROFILE``;
3. the SDK's environment variables (``VANTAGE_API_KEY``, ``VANTAGE_BASE_URL``,
   ``VANTAGE_ORGANIZATION``);
4. the ``default`` profile, when the file has one;
5. the SDK's own defaults.

A chosen profile beats the environment on purpose: ``--profile staging`` must not
silently talk to whatever account the shell happens to export.

Example:
    >>> settings = resolve_settings(api_key=None, base_url=None, organization=None, profile="staging")
    >>> settings.client_kwargs()
    {'api_key': '...', 'base_url': 'https://staging.example.com', 'timeout': 30.0, 'max_retries': 4}
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from vantage_sdk._config import DEFAULT_PROFILE, ConfigError, Settings, config_path, load_profiles

__all__ = ["ConfigError", "Settings", "config_path", "load_profiles", "resolve_settings"]

_ENV_VARS = {
    "api_key": "VANTAGE_API_KEY",
    "base_url": "VANTAGE_BASE_URL",
    "organization": "VANTAGE_ORGANIZATION",
}
_STRING_KEYS = ("api_key", "base_url", "organization")


def resolve_settings(
    *,
    api_key: str | None,
    base_url: str | None,
    organization: str | None,
    profile: str | None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Merge flags, the chosen profile, the environment and the default profile.

    Args:
        api_key: ``--api-key``, if given.
        base_url: ``--base-url``, if given.
        organization: ``--organization``, if given.
        profile: ``--profile`` (or ``VANTAGE_PROFILE``), if given.
        environ: The environment (defaults to ``os.environ``).

    Returns:
        The merged settings (see the module docstring for the precedence).

    Raises:
        ConfigError: The configuration file is broken, or the chosen profile is not in it.

    Example:
        >>> resolve_settings(api_key="k", base_url=None, organization=None, profile=None, environ={})
        Settings(api_key='k', base_url=None, organization=None, timeout=None, max_retries=None, profile=None)
    """
    env = os.environ if environ is None else environ
    path = config_path(env)
    profiles = load_profiles(path)
    chosen = Settings()
    if profile is not None:
        if profile not in profiles:
            known = ", ".join(sorted(profiles)) or "none"
            raise ConfigError(f"profile '{profile}' is not in config file {path} (profiles: {known})")
        chosen = profiles[profile]
    fallback = profiles.get(DEFAULT_PROFILE, Settings()) if profile is None else Settings()
    flags = {"api_key": api_key, "base_url": base_url, "organization": organization}
    merged: dict[str, Any] = {}
    for key in _STRING_KEYS:
        candidates = (flags[key], getattr(chosen, key), env.get(_ENV_VARS[key]) or None, getattr(fallback, key))
        merged[key] = next((value for value in candidates if value is not None), None)
    for key in ("timeout", "max_retries"):
        merged[key] = getattr(chosen, key) if getattr(chosen, key) is not None else getattr(fallback, key)
    used = chosen.profile or (fallback.profile if fallback != Settings() else None)
    return Settings(**merged, profile=used)

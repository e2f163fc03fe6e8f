"""Where the CLI's connection settings come from: flags, environment, and named profiles.

Profiles live in a TOML file, ``~/.config/vantage/config.toml`` by default
(``$XDG_CONFIG_HOME/vantage/config.toml`` when that is set; ``VANTAGE_CONFIG`` names
another file)::

    [profiles.default]
    api_key = "..."
    organization = "my-org"

    [profiles.staging]
    api_key = "..."
    base_url = "https://staging.example.com"
    timeout = 30
    max_retries = 4

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
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

__all__ = ["ConfigError", "Settings", "config_path", "load_profiles", "resolve_settings"]

DEFAULT_PROFILE = "default"

_ENV_VARS = {
    "api_key": "VANTAGE_API_KEY",
    "base_url": "VANTAGE_BASE_URL",
    "organization": "VANTAGE_ORGANIZATION",
}
_STRING_KEYS = ("api_key", "base_url", "organization")


class ConfigError(Exception):
    """The configuration file or the chosen profile cannot be used; the message says why."""


@dataclass(frozen=True)
class Settings:
    """Resolved connection settings; None means "let the SDK decide".

    Attributes:
        api_key: The API key.
        base_url: The API's base URL.
        organization: The organization to act for.
        timeout: Request timeout in seconds.
        max_retries: How many times the SDK retries a failed request.
        profile: The profile the settings were read from, if any (for messages).
    """

    api_key: str | None = None
    base_url: str | None = None
    organization: str | None = None
    timeout: float | None = None
    max_retries: int | None = None
    profile: str | None = None

    def client_kwargs(self) -> dict[str, Any]:
        """The keyword arguments for ``VantageClient``, leaving unset ones to the SDK.

        Returns:
            A dict with only the settings that have a value.

        Example:
            >>> Settings(api_key="k").client_kwargs()
            {'api_key': 'k'}
        """
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name != "profile" and getattr(self, f.name) is not None
        }


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    """The configuration file the CLI reads.

    Args:
        environ: The environment to consult (defaults to ``os.environ``).

    Returns:
        ``$VANTAGE_CONFIG`` if set, else ``$XDG_CONFIG_HOME/vantage/config.toml``, else
        ``~/.config/vantage/config.toml``.

    Example:
        >>> config_path({"VANTAGE_CONFIG": "/tmp/vantage.toml"})
        PosixPath('/tmp/vantage.toml')
    """
    env = os.environ if environ is None else environ
    if env.get("VANTAGE_CONFIG"):
        return Path(env["VANTAGE_CONFIG"]).expanduser()
    base = Path(env["XDG_CONFIG_HOME"]) if env.get("XDG_CONFIG_HOME") else Path.home() / ".config"
    return base / "vantage" / "config.toml"


def load_profiles(path: Path) -> dict[str, Settings]:
    """Read every profile of a configuration file.

    Args:
        path: The TOML file; a missing file has no profiles.

    Returns:
        The profiles by name.

    Raises:
        ConfigError: The file is unreadable, not TOML, or has unknown keys or wrong types
            (the message names the file, the profile and the key).

    Example:
        >>> load_profiles(Path("/nonexistent.toml"))
        {}
    """
    try:
        with path.open("rb") as fh:
            document = tomllib.load(fh)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc
    unknown = sorted(set(document) - {"profiles"})
    if unknown:
        raise ConfigError(
            f"config file {path}: unknown top-level key(s) {', '.join(unknown)}; expected [profiles.NAME] tables"
        )
    tables = document.get("profiles", {})
    if not isinstance(tables, dict):
        raise ConfigError(f"config file {path}: 'profiles' must be a table of [profiles.NAME] tables")
    return {name: _profile(path, name, table) for name, table in tables.items()}


def _profile(path: Path, name: str, table: Any) -> Settings:
    where = f"config file {path}, profile '{name}'"
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: must be a table")
    allowed = {f.name for f in fields(Settings)} - {"profile"}
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}")
    for key in _STRING_KEYS:
        if key in table and not isinstance(table[key], str):
            raise ConfigError(f"{where}: {key} must be a string")
    timeout = table.get("timeout")
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0):
        raise ConfigError(f"{where}: timeout must be a positive number of seconds")
    retries = table.get("max_retries")
    if retries is not None and (isinstance(retries, bool) or not isinstance(retries, int) or retries < 0):
        raise ConfigError(f"{where}: max_retries must be a non-negative integer")
    return Settings(
        api_key=table.get("api_key"),
        base_url=table.get("base_url"),
        organization=table.get("organization"),
        timeout=float(timeout) if timeout is not None else None,
        max_retries=retries,
        profile=name,
    )


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

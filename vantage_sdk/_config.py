"""Named profiles in the configuration file shared by the SDK and the ``vantage`` command.

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

``VantageClient(profile="staging")`` (or ``VANTAGE_PROFILE=staging``) reads one; without either,
the ``default`` profile is read when the file has one. How a profile ranks against arguments and
the environment is decided by its reader (``vantage_sdk._base_client.resolve_config`` for the SDK).

Example:
    >>> select_profile(None, environ={"VANTAGE_PROFILE": "staging"}).client_kwargs()
    {'api_key': '...', 'base_url': 'https://staging.example.com', 'timeout': 30.0, 'max_retries': 4}
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

__all__ = ["DEFAULT_PROFILE", "ConfigError", "Settings", "config_path", "load_profiles", "select_profile"]

DEFAULT_PROFILE = "default"

_STRING_KEYS = ("api_key", "base_url", "organization")


class ConfigError(Exception):
    """The configuration file or the chosen profile cannot be used; the message says why.

    The SDK raises it as a ``VantageError`` (the CLI reads profiles without importing httpx).
    """


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
    """The configuration file the SDK and the CLI read.

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
    import tomllib  # only a client reading a config file needs the TOML parser (about 2 ms to import)

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


def select_profile(profile: str | None, environ: Mapping[str, str] | None = None) -> Settings:
    """The profile to read: ``profile``, else ``$VANTAGE_PROFILE``, else ``default`` if the file has it.

    Args:
        profile: A profile named by the caller, if any.
        environ: The environment (defaults to ``os.environ``).

    Returns:
        The profile's settings; empty when no profile was named and the file has no ``default``.

    Raises:
        ConfigError: The file is broken, or a named profile is not in it (the message lists the known ones).

    Example:
        >>> select_profile("staging").base_url
        'https://staging.example.com'
    """
    env = os.environ if environ is None else environ
    named = profile if profile is not None else (env.get("VANTAGE_PROFILE") or None)
    path = config_path(env)
    if named is None and not path.is_file():
        return Settings()  # the common case costs one stat and no TOML parser
    profiles = load_profiles(path)
    if named is None:
        return profiles.get(DEFAULT_PROFILE, Settings())
    if named not in profiles:
        known = ", ".join(sorted(profiles)) or "none"
        raise ConfigError(f"profile '{named}' is not in config file {path} (profiles: {known})")
    return profiles[named]

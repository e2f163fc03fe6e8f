"""Where the CLI's settings come from (pure functions; the end-to-end tests cover the wiring)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vantage_sdk.cli._config import ConfigError, config_path, resolve_settings
from vantage_sdk.cli._context import UsageProblem
from vantage_sdk.cli._storage import Location

PROFILES = """
[profiles.default]
api_key = "default-key"
organization = "default-org"

[profiles.staging]
api_key = "staging-key"
base_url = "https://staging.example.com"
timeout = 30
max_retries = 4
"""


def env_with(tmp_path: Path, **extra: str) -> dict[str, str]:
    path = tmp_path / "config.toml"
    path.write_text(PROFILES)
    return {"VANTAGE_CONFIG": str(path), **extra}


def resolve(environ: dict[str, str], **flags: str | None) -> dict[str, object]:
    args: dict[str, str | None] = {"api_key": None, "base_url": None, "organization": None, "profile": None}
    args.update(flags)
    return resolve_settings(**args, environ=environ).client_kwargs()


def test_config_path_prefers_vantage_config_then_xdg(tmp_path: Path) -> None:
    assert config_path({"VANTAGE_CONFIG": "~/x.toml"}) == Path.home() / "x.toml"
    assert config_path({"XDG_CONFIG_HOME": str(tmp_path)}) == tmp_path / "vantage" / "config.toml"
    assert config_path({}) == Path.home() / ".config" / "vantage" / "config.toml"


def test_precedence_flag_profile_environment_default(tmp_path: Path) -> None:
    env = env_with(tmp_path, VANTAGE_API_KEY="env-key", VANTAGE_ORGANIZATION="env-org")
    # Environment over the default profile.
    assert resolve(env) == {"api_key": "env-key", "organization": "env-org"}
    # A chosen profile over the environment; what it lacks still comes from the environment.
    assert resolve(env, profile="staging") == {
        "api_key": "staging-key",
        "base_url": "https://staging.example.com",
        "organization": "env-org",
        "timeout": 30.0,
        "max_retries": 4,
    }
    # Flags over everything.
    assert resolve(env, profile="staging", api_key="flag-key")["api_key"] == "flag-key"
    # No environment: the default profile.
    assert resolve(env_with(tmp_path)) == {"api_key": "default-key", "organization": "default-org"}


def test_missing_file_means_no_profiles(tmp_path: Path) -> None:
    env = {"VANTAGE_CONFIG": str(tmp_path / "absent.toml"), "VANTAGE_API_KEY": "k"}
    assert resolve(env) == {"api_key": "k"}
    with pytest.raises(ConfigError, match="profile 'staging' is not in config file .*absent.toml"):
        resolve(env, profile="staging")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[profiles.a]\ntimeout = 0\n", "timeout must be a positive number"),
        ('[profiles.a]\ntimeout = "30"\n', "timeout must be a positive number"),
        ("[profiles.a]\napi_key = 5\n", "api_key must be a string"),
        ("[profiles.a]\nmax_retries = true\n", "max_retries must be a non-negative integer"),
        ('profiles = "x"\n', "'profiles' must be a table"),
        ('[profiles]\na = "x"\n', "profile 'a': must be a table"),
    ],
)
def test_bad_profiles_name_the_problem(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        resolve({"VANTAGE_CONFIG": str(path)})


@pytest.mark.parametrize(
    ("text", "bare_is_remote", "expected"),
    [
        ("vantage:/datasets/x", False, Location("/datasets/x", True)),
        ("vantage:datasets/x", False, Location("/datasets/x", True)),
        ("./datasets/x", False, Location("./datasets/x", False)),
        ("/datasets/x", False, Location("/datasets/x", False)),
        ("/datasets/x", True, Location("/datasets/x", True)),
        ("datasets", True, Location("/datasets", True)),
    ],
)
def test_location_parsing(text: str, bare_is_remote: bool, expected: Location) -> None:
    assert Location.parse(text, bare_is_remote=bare_is_remote) == expected
    assert str(expected).startswith("vantage:") == expected.remote


def test_empty_remote_path_is_refused() -> None:
    with pytest.raises(UsageProblem, match="empty path"):
        Location.parse("vantage:")

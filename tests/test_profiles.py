"""Profiles: the SDK reads the `vantage` command's config file; arguments, environment, profile, defaults."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from vantage_emulator.testing import EmulatorProcess
from vantage_sdk import VantageClient, VantageError
from vantage_sdk._base_client import DEFAULT_BASE_URL
from vantage_sdk.cli._config import config_path as cli_config_path
from vantage_sdk.cli._config import resolve_settings

CONFIG = """
[profiles.default]
api_key = "default-key"
organization = "default-org"

[profiles.prod]
api_key = "prod-key"
base_url = "https://prod.example.com"
organization = "prod-org"
timeout = 30
max_retries = 4
"""


@pytest.fixture(autouse=True)
def config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in ("VANTAGE_API_KEY", "VANTAGE_BASE_URL", "VANTAGE_ORGANIZATION", "VANTAGE_PROFILE", "VANTAGE_LOG"):
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "vantage" / "config.toml"
    path.parent.mkdir()
    path.write_text(CONFIG)
    monkeypatch.delenv("VANTAGE_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    return path


def settings(client: VantageClient) -> tuple[object, ...]:
    timeout = client.timeout
    return (
        client._core.config.api_key,
        client.base_url,
        client.organization,
        timeout.read if isinstance(timeout, httpx.Timeout) else timeout,
        client.max_retries,
    )


def test_the_sdk_and_the_cli_read_the_same_file(config: Path) -> None:
    assert cli_config_path() == config
    cli = resolve_settings(api_key=None, base_url=None, organization=None, profile="prod")
    with VantageClient(profile="prod") as client:
        assert cli.client_kwargs() == {
            "api_key": client._core.config.api_key,
            "base_url": client.base_url,
            "organization": client.organization,
            "timeout": 30.0,
            "max_retries": client.max_retries,
        }


def test_a_named_profile_then_the_default_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    with VantageClient(profile="prod") as client:
        assert settings(client) == ("prod-key", "https://prod.example.com", "prod-org", 30.0, 4)
        assert client._core.config.profile == "prod"
    monkeypatch.setenv("VANTAGE_PROFILE", "prod")
    with VantageClient() as client:
        assert settings(client)[:3] == ("prod-key", "https://prod.example.com", "prod-org")
    monkeypatch.delenv("VANTAGE_PROFILE")
    with VantageClient() as client:
        assert settings(client) == ("default-key", DEFAULT_BASE_URL, "default-org", 60.0, 2)


def test_precedence_arguments_environment_profile_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANTAGE_ORGANIZATION", "env-org")
    monkeypatch.setenv("VANTAGE_BASE_URL", "https://env.example.com")
    with VantageClient(profile="prod", organization="arg-org", max_retries=1) as client:
        # argument > environment > profile; the profile still gives what neither sets.
        assert settings(client) == ("prod-key", "https://env.example.com", "arg-org", 30.0, 1)
    monkeypatch.setenv("VANTAGE_API_KEY", "env-key")
    with VantageClient(profile="prod", api_key="arg-key", timeout=5) as client:
        assert settings(client) == ("arg-key", "https://env.example.com", "env-org", 5.0, 4)
    with VantageClient(profile="prod") as client:
        assert settings(client)[0] == "env-key"


def test_an_unknown_profile_or_a_broken_file_is_a_clear_error(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(VantageError, match=r"profile 'staging' is not in config file .*\(profiles: default, prod\)"):
        VantageClient(profile="staging")
    monkeypatch.setenv("VANTAGE_PROFILE", "nope")
    with pytest.raises(VantageError, match="profile 'nope'"):
        VantageClient(api_key="k")
    monkeypatch.delenv("VANTAGE_PROFILE")
    config.write_text("[profiles.default]\napi_key = 3\n")
    with pytest.raises(VantageError, match="api_key must be a string"):
        VantageClient()
    config.unlink()
    with pytest.raises(VantageError, match="No API key"):
        VantageClient()
    with VantageClient(api_key="k") as client:  # no file, no profile named: the defaults
        assert settings(client) == ("k", DEFAULT_BASE_URL, None, 60.0, 2)


def test_a_profile_reaches_the_emulator(config: Path, vantage_emulator: EmulatorProcess) -> None:
    config.write_text(
        f'[profiles.local]\napi_key = "{vantage_emulator.api_key}"\nbase_url = "{vantage_emulator.base_url}"\n'
        f'organization = "{vantage_emulator.organization}"\n'
    )
    with VantageClient(profile="local") as client:
        assert client.clusters.get("local").name == "local"
        assert vantage_emulator.api_key not in repr(client._core.config)

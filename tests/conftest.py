from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from vantage_emulator.testing import EmulatorProcess
from vantage_sdk import AsyncVantageClient, VantageClient

# The emulator's distribution registers its plugin (pytest11) by this same name, so pytest loads it once;
# naming it keeps the `vantage_emulator` fixture with PYTEST_DISABLE_PLUGIN_AUTOLOAD.
pytest_plugins = ["vantage_emulator.pytest_plugin", "contract.plugin"]


@pytest.fixture(autouse=True)
def no_user_profiles(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the developer's own ~/.config/vantage/config.toml out of every test (tests set their own)."""
    monkeypatch.setenv("VANTAGE_CONFIG", str(tmp_path_factory.getbasetemp() / "no-vantage-config.toml"))
    monkeypatch.delenv("VANTAGE_PROFILE", raising=False)


@pytest.fixture
def vantage_client(vantage_emulator: EmulatorProcess) -> Iterator[VantageClient]:
    """A sync client of the session emulator."""
    with VantageClient(
        api_key=vantage_emulator.api_key, base_url=vantage_emulator.base_url, organization=vantage_emulator.organization
    ) as client:
        yield client


@pytest.fixture
async def async_vantage_client(vantage_emulator: EmulatorProcess) -> AsyncIterator[AsyncVantageClient]:
    """An async client of the session emulator."""
    async with AsyncVantageClient(
        api_key=vantage_emulator.api_key, base_url=vantage_emulator.base_url, organization=vantage_emulator.organization
    ) as client:
        yield client

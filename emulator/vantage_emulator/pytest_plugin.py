"""Pytest fixtures for testing code against a real emulator.

pytest loads this plugin by itself wherever the emulator is installed (the distribution registers it
under the `pytest11` entry point); naming it in a conftest, `pytest_plugins =
["vantage_emulator.pytest_plugin"]`, does no harm and is needed with `PYTEST_DISABLE_PLUGIN_AUTOLOAD`.

Fixtures:
    vantage_emulator: One emulator for the whole session, as an `EmulatorProcess`.
    vantage_client: A `vantage_sdk.VantageClient` bound to it, closed after the test.
    async_vantage_client: A `vantage_sdk.AsyncVantageClient` bound to it (needs pytest-asyncio).

The emulator does not depend on the SDK: the client fixtures import it when a test asks for them and
fail that test with a message naming what to install if it is missing.

Example:
    >>> def test_jobs(vantage_client):
    ...     job = vantage_client.jobs.submit({"name": "t", "spec": {"command": ["echo", "hi"]}})
    ...     assert vantage_client.jobs.wait(job.id, timeout=60).status == "succeeded"
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pytest

from .testing import EmulatorProcess, run_emulator

if TYPE_CHECKING:
    from vantage_sdk import AsyncVantageClient, VantageClient

__all__ = ["async_vantage_client", "vantage_client", "vantage_emulator"]

SDK_MISSING = (
    "the {fixture} fixture needs the Vantage SDK, which is not installed: "
    "pip install 'omnivector-vantage-sdk[emulator]'"
)
ASYNC_MISSING = "the async_vantage_client fixture needs pytest-asyncio: pip install pytest-asyncio"


@pytest.fixture(scope="session")
def vantage_emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorProcess]:
    """One emulator for the whole session (default key `emulator-key`, organization `default`).

    Its `.base_url`, `.api_key`, `.organization`, `.data_dir` and `.headers` are
    ready to use; tests sharing it should not assume they are alone on it.
    """
    data_dir: Path = tmp_path_factory.mktemp("vantage-emulator") / "data"
    with run_emulator(data_dir=data_dir, extra_args=["--validate-responses"]) as emulator:
        yield emulator


def _sdk(fixture: str) -> ModuleType:
    try:
        return importlib.import_module("vantage_sdk")
    except ImportError:
        pytest.fail(SDK_MISSING.format(fixture=fixture), pytrace=False)


def _credentials(emulator: EmulatorProcess) -> dict[str, str]:
    return {"api_key": emulator.api_key, "base_url": emulator.base_url, "organization": emulator.organization}


@pytest.fixture
def vantage_client(vantage_emulator: EmulatorProcess) -> Iterator[VantageClient]:
    """A `VantageClient` of the session's emulator, closed after the test."""
    client: VantageClient = _sdk("vantage_client").VantageClient(**_credentials(vantage_emulator))
    with client:
        yield client


async def _async_client(vantage_emulator: EmulatorProcess) -> AsyncIterator[AsyncVantageClient]:
    """An `AsyncVantageClient` of the session's emulator, closed after the test (needs pytest-asyncio)."""
    client: AsyncVantageClient = _sdk("async_vantage_client").AsyncVantageClient(**_credentials(vantage_emulator))
    async with client:
        yield client


def _without_pytest_asyncio(vantage_emulator: EmulatorProcess) -> Any:
    """Stands in for `async_vantage_client` where pytest-asyncio is not installed."""
    pytest.fail(ASYNC_MISSING, pytrace=False)


def _async_fixture() -> Callable[..., Any]:
    # Async fixtures need an event loop that pytest itself does not provide.
    try:
        import pytest_asyncio
    except ImportError:
        return pytest.fixture(name="async_vantage_client")(_without_pytest_asyncio)
    return pytest_asyncio.fixture(name="async_vantage_client")(_async_client)


async_vantage_client = _async_fixture()

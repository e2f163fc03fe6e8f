"""Pytest fixtures for testing code against a real emulator.

Enable with `pytest_plugins = ["vantage_emulator.pytest_plugin"]` in a conftest.

Example:
    >>> def test_jobs(vantage_emulator):
    ...     response = httpx.get(f"{vantage_emulator.base_url}/v1/jobs", headers=vantage_emulator.headers)
    ...     assert response.status_code == 200
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .testing import EmulatorProcess, run_emulator

__all__ = ["vantage_emulator"]


@pytest.fixture(scope="session")
def vantage_emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorProcess]:
    """One emulator for the whole session (default key `emulator-key`, organization `default`).

    Its `.base_url`, `.api_key`, `.organization`, `.data_dir` and `.headers` are
    ready to use; tests sharing it should not assume they are alone on it.
    """
    data_dir: Path = tmp_path_factory.mktemp("vantage-emulator") / "data"
    with run_emulator(data_dir=data_dir, extra_args=["--validate-responses"]) as emulator:
        yield emulator

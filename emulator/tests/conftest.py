"""Fixtures for end-to-end tests of the emulator over real HTTP on 127.0.0.1."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from vantage_emulator.testing import EmulatorProcess, run_emulator

CONFIG = """
api_keys:
  - key: multi-key
    organizations: [org-a, org-b]
  - key: b-key
    organization: org-b
  - key: list-key
    organization: org-list
clusters:
  - name: solo
    provider: on-premises
    region: lab
    max_concurrent_jobs: 1
emulator:
  cancel_grace_seconds: 1
  scale_delay_seconds: 0.3
"""


@pytest.fixture
def exchange_dir() -> Iterator[Path]:
    """A directory test and job both write: jobs run as their own uid when the tests
    run as root, and cannot enter pytest's private (0700) temp directories."""
    path = Path(tempfile.mkdtemp(prefix="vantage-exchange-"))
    path.chmod(0o777)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def client(vantage_emulator: EmulatorProcess) -> Iterator[httpx.Client]:
    """A keep-alive client of the session emulator, authenticated."""
    with httpx.Client(base_url=vantage_emulator.base_url, headers=vantage_emulator.headers, timeout=30) as c:
        yield c


@pytest.fixture(scope="session")
def configured_emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorProcess]:
    """An emulator with several keys and organizations, a one-slot cluster `solo`,
    a 1 s cancel grace period and a 0.3 s scale delay."""
    root: Path = tmp_path_factory.mktemp("configured")
    config = root / "emulator.yaml"
    config.write_text(CONFIG)
    with run_emulator(
        data_dir=root / "data",
        api_key="a-key",
        organization="org-a",
        config=config,
        extra_args=["--validate-responses"],
    ) as emulator:
        yield emulator


@pytest.fixture
def configured(configured_emulator: EmulatorProcess) -> Iterator[httpx.Client]:
    """A client of `configured_emulator` acting as `a-key` of org-a."""
    with httpx.Client(base_url=configured_emulator.base_url, headers=configured_emulator.headers, timeout=30) as c:
        yield c

"""Fixtures of the reliability suite: figures reported at the end of the run, and clean clients.

Every test records what it measured with ``figures.add(...)``; the lines are printed under
"reliability figures" in the terminal summary, so a plain ``make test`` shows them.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from vantage_emulator.testing import EmulatorProcess
from vantage_sdk import VantageClient

FULL = os.environ.get("VANTAGE_RELIABILITY_FULL", "") not in ("", "0")
"""``VANTAGE_RELIABILITY_FULL=1``: run the loads at several times the default size (see docs/reliability.md)."""


class Figures:
    """Lines of measured figures, printed in the terminal summary."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, scenario: str, text: str) -> None:
        self.lines.append(f"{scenario}: {text}")


_FIGURES = Figures()


@pytest.fixture(scope="session")
def figures() -> Figures:
    return _FIGURES


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _FIGURES.lines:
        terminalreporter.section("reliability figures")
        for line in _FIGURES.lines:
            terminalreporter.write_line(line)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(4 * 1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def clean_client(emulator: EmulatorProcess, *, max_retries: int = 10) -> VantageClient:
    """A client straight to the emulator (no proxy), patient enough to outlast its own fault knobs."""
    return VantageClient(
        api_key=emulator.api_key,
        base_url=emulator.base_url,
        organization=emulator.organization,
        max_retries=max_retries,
    )


@pytest.fixture
def journal_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Upload journals in the test's own folder (checked empty afterwards) instead of ~/.cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "vantage-sdk" / "uploads"

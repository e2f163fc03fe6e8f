"""The emulator's pytest plugin as a user meets it: a test file in a project of its own, no conftest.

pytest runs in a subprocess from an empty folder, so the plugin can only come from the `pytest11`
entry point of the installed emulator, and its fixtures are the only ones there are.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

USER_TESTS = """
import pytest


def test_sync_client(vantage_emulator, vantage_client):
    assert vantage_client.base_url.rstrip("/") == vantage_emulator.base_url.rstrip("/")
    job = vantage_client.jobs.submit({"name": "plugin", "spec": {"command": ["echo", "hi"]}})
    assert vantage_client.jobs.wait(job.id, timeout=60).status == "succeeded"


@pytest.mark.asyncio
async def test_async_client(async_vantage_client):
    cluster = await async_vantage_client.clusters.get("local")
    assert cluster.name == "local"
"""

WITHOUT_SDK = """
import sys

sys.modules["vantage_sdk"] = None  # as if only the emulator were installed


def test_needs_the_sdk(vantage_client):
    pass
"""


def run_pytest(folder: Path, source: str) -> subprocess.CompletedProcess[str]:
    (folder / "test_user.py").write_text(source)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "VANTAGE_"))}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_user.py"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_fixtures_come_from_the_entry_point_and_work(tmp_path: Path) -> None:
    result = run_pytest(tmp_path, USER_TESTS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


def test_client_fixture_without_the_sdk_names_what_to_install(tmp_path: Path) -> None:
    result = run_pytest(tmp_path, WITHOUT_SDK)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 error" in result.stdout
    assert (
        "the vantage_client fixture needs the Vantage SDK, which is not installed: "
        "pip install 'omnivector-vantage-sdk[emulator]'"
    ) in result.stdout
    assert "Traceback" not in result.stdout

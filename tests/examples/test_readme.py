"""Every Python block of README.md runs, in order, against the session emulator.

The blocks share one namespace (later ones use ``client`` from earlier ones) and run in a scratch
directory holding a copy of examples/job-template.yaml; the connection settings come from the
environment, as the README tells readers to set them. A block that defines ``test_*`` functions
(the pytest example) has them called with the fixtures they name, as the emulator's pytest plugin
would give them: the emulator, a ``VantageClient`` or an ``AsyncVantageClient`` bound to it.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from vantage_emulator.testing import EmulatorProcess
from vantage_sdk import AsyncVantageClient, VantageClient

ROOT = Path(__file__).resolve().parents[2]
BLOCK = re.compile(r"^```python\n(.*?)^```$", re.M | re.S)


def call_with_fixtures(test: Any, emulator: EmulatorProcess) -> None:
    """Call a README test function with the plugin's fixtures it names."""
    names = list(inspect.signature(test).parameters)
    settings = {"api_key": emulator.api_key, "base_url": emulator.base_url, "organization": emulator.organization}
    if inspect.iscoroutinefunction(test):

        async def run() -> None:
            async with AsyncVantageClient(**settings) as client:
                fixtures = {"vantage_emulator": emulator, "async_vantage_client": client}
                await test(**{name: fixtures[name] for name in names})

        asyncio.run(run())
        return
    with VantageClient(**settings) as client:
        fixtures: dict[str, Any] = {"vantage_emulator": emulator, "vantage_client": client}
        test(**{name: fixtures[name] for name in names})


def test_readme_python_blocks_run(
    vantage_emulator: EmulatorProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocks = BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(blocks) >= 8
    monkeypatch.delenv("VANTAGE_LOG", raising=False)
    monkeypatch.setenv("VANTAGE_API_KEY", vantage_emulator.api_key)
    monkeypatch.setenv("VANTAGE_BASE_URL", vantage_emulator.base_url)
    monkeypatch.setenv("VANTAGE_ORGANIZATION", vantage_emulator.organization)
    monkeypatch.chdir(tmp_path)
    shutil.copy(ROOT / "examples" / "job-template.yaml", tmp_path)
    namespace: dict[str, Any] = {"__name__": "readme"}
    for number, code in enumerate(blocks, start=1):
        tests_before = {name for name in namespace if name.startswith("test_")}
        try:
            exec(compile(code, f"README.md python block {number}", "exec"), namespace)
            for name in sorted({n for n in namespace if n.startswith("test_")} - tests_before):
                call_with_fixtures(namespace[name], vantage_emulator)
        except Exception as exc:
            raise AssertionError(f"README.md python block {number} failed:\n{code}") from exc
    namespace["client"].close()
    # The conftest block names plugins only by string: each must be a module that imports.
    for plugin in namespace.get("pytest_plugins", []):
        importlib.import_module(plugin)

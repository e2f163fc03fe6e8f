"""`vantage` and `vantage-emulator` installed without their dependencies: one line naming what to install, exit 2.

A missing package is simulated by a None in `sys.modules` (what `import` then reports as missing), and
the command is started through its real console-script entry point, read from the installed metadata.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import sys
from importlib.metadata import entry_points
for module in {missing!r}:
    sys.modules[module] = None
sys.argv = [{script!r}, *{argv!r}]
(entry,) = {{e.value: e for e in entry_points(group="console_scripts", name={script!r})}}.values()
sys.exit(entry.load()())
"""


def run_without(script: str, missing: list[str], argv: list[str]) -> subprocess.CompletedProcess[str]:
    probe = PROBE.format(missing=missing, script=script, argv=argv)
    return subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("missing", [["typer"], ["rich"], ["click", "typer"]])
@pytest.mark.parametrize("argv", [["--help"], ["jobs", "list"]])
def test_vantage_without_the_cli_extra_names_it_and_exits_2(missing: list[str], argv: list[str]) -> None:
    result = run_without("vantage", missing, argv)
    assert result.returncode == 2, result
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "Error: the `vantage` command needs the `cli` extra: pip install 'omnivector-vantage-sdk[cli]'"
    ]


def test_vantage_with_the_cli_extra_does_not_complain() -> None:
    result = run_without("vantage", [], ["--version"])
    assert result.returncode == 0, result
    assert result.stdout.startswith("vantage (omnivector-vantage-sdk ")


@pytest.mark.parametrize(
    ("missing", "named"),
    [(["connexion"], "connexion"), (["uvicorn"], "uvicorn"), (["yaml"], "PyYAML"), (["openapi_core"], "openapi-core")],
)
def test_vantage_emulator_without_its_dependencies_names_them_and_exits_2(missing: list[str], named: str) -> None:
    result = run_without("vantage-emulator", missing, ["--port", "0"])
    assert result.returncode == 2, result
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"vantage-emulator: {named} not installed; install with: pip install omnivector-vantage-emulator "
        "(or the SDK's extra: pip install 'omnivector-vantage-sdk[emulator]')"
    ]


def test_vantage_emulator_subcommand_without_emulator_dependencies_says_the_same() -> None:
    result = run_without("vantage", ["connexion"], ["emulator", "--port", "0"])
    assert result.returncode == 2, result
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("vantage-emulator: connexion not installed; install with:")

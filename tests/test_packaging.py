"""The two distributions as a user gets them: what the wheels and sdists of the SDK and the emulator hold.

Both are built from a copy of the repository into which the debris of a working checkout is planted
(hypothesis and pytest caches, a built `site/`, emulator data, `build/` and `dist/` folders, bytecode),
with no `.gitignore` to hide it: only the include lists in the two pyproject.toml files keep it out.
`python -m build` makes the sdist and then the wheel from that sdist, so a wheel that builds proves the
sdist is complete. The backend (hatchling, in the dev group) runs in this environment: no network.
"""

from __future__ import annotations

import email
import email.message
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent

# What a working checkout accumulates; none of it may reach a distribution.
DEBRIS = [
    ".hypothesis/examples/0a1b/2c3d",
    ".pytest_cache/v/cache/lastfailed",
    ".vantage-emulator/files/blobs/ab/abcdef",
    "site/index.html",
    "build/lib/vantage_sdk/stale.py",
    "dist/vantage_sdk-0.0.1.tar.gz",
    "vantage_sdk/__pycache__/_client.cpython-311.pyc",
    "vantage_sdk/_transfer/leftover.pyc",
    "emulator/.vantage-emulator/state.sqlite3",
    "emulator/.hypothesis/examples/x",
    "emulator/build/lib/vantage_emulator/stale.py",
    "emulator/vantage_emulator/__pycache__/app.cpython-311.pyc",
]
FORBIDDEN_PARTS = {
    ".hypothesis",
    ".pytest_cache",
    ".vantage-emulator",
    "site",
    "build",
    "dist",
    "__pycache__",
    "tests",
    "examples",
    "bench",
    ".git",
}


@dataclass(frozen=True)
class Built:
    """One distribution's two artefacts."""

    sdist: Path
    wheel: Path

    def sdist_names(self) -> list[str]:
        """Paths inside the sdist, without its `name-version/` folder."""
        with tarfile.open(self.sdist) as archive:
            return [m.name.split("/", 1)[1] for m in archive.getmembers() if m.isfile()]

    def wheel_names(self) -> list[str]:
        with zipfile.ZipFile(self.wheel) as archive:
            return [name for name in archive.namelist() if not name.endswith("/")]

    def wheel_text(self, suffix: str) -> str:
        with zipfile.ZipFile(self.wheel) as archive:
            (name,) = [n for n in archive.namelist() if n.endswith(suffix)]
            return archive.read(name).decode()

    def metadata(self) -> email.message.Message:
        return email.message_from_string(self.wheel_text(".dist-info/METADATA"))


def _tops(names: list[str]) -> set[str]:
    return {name.split("/", 1)[0] for name in names}


def _build(project: Path, out: Path) -> Built:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(project)],
        check=True,
        capture_output=True,
        env=env,
        timeout=300,
    )
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    return Built(sdist, wheel)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    """Both distributions, built from a littered copy of the repository."""
    base = tmp_path_factory.mktemp("packaging")
    repo = base / "repo"
    shutil.copytree(
        ROOT,
        repo,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", ".tools", "node_modules", ".mypy_cache", ".ruff_cache", "sdks", ".gitignore"
        ),
    )
    for relative in DEBRIS:
        junk = repo / relative
        junk.parent.mkdir(parents=True, exist_ok=True)
        junk.write_bytes(b"debris")
    return {"sdk": _build(repo, base / "sdk"), "emulator": _build(repo / "emulator", base / "emulator")}


def _assert_clean(names: list[str]) -> None:
    leaked = [n for n in names if FORBIDDEN_PARTS & set(n.split("/")) or n.endswith((".pyc", "debris"))]
    assert not leaked, f"debris in the distribution: {leaked}"
    assert "stale.py" not in {Path(n).name for n in names}


def test_sdk_sdist_holds_the_package_and_its_documents_only(built: dict[str, Built]) -> None:
    names = built["sdk"].sdist_names()
    assert _tops(names) == {"vantage_sdk", "README.md", "LICENSE", "pyproject.toml", "PKG-INFO"}
    _assert_clean(names)
    assert "vantage_sdk/py.typed" in names
    assert "vantage_sdk/_generated/client.py" in names  # the generated tree ships; it is not rebuilt on install


def test_sdk_wheel_holds_the_package_and_its_metadata_only(built: dict[str, Built]) -> None:
    sdk = built["sdk"]
    names = sdk.wheel_names()
    assert _tops(names) == {"vantage_sdk", "omnivector_vantage_sdk-0.1.0.dist-info"}
    _assert_clean(names)
    assert "vantage_sdk/py.typed" in names
    assert "omnivector_vantage_sdk-0.1.0.dist-info/licenses/LICENSE" in names
    # The wheel and the sdist carry the same modules.
    modules = {n for n in sdk.sdist_names() if n.startswith("vantage_sdk/")}
    assert modules == {n for n in names if n.startswith("vantage_sdk/")}
    assert "vantage = vantage_sdk.cli:main" in sdk.wheel_text(".dist-info/entry_points.txt")


def test_emulator_sdist_and_wheel_carry_the_contract_and_no_tests(built: dict[str, Built]) -> None:
    emulator = built["emulator"]
    sdist = emulator.sdist_names()
    assert _tops(sdist) == {
        "vantage_emulator",
        "openapi",
        "hatch_build.py",
        "README.md",
        "LICENSE",
        "pyproject.toml",
        "PKG-INFO",
    }
    assert "openapi/vantage.yaml" in sdist
    _assert_clean(sdist)
    wheel = emulator.wheel_names()
    assert _tops(wheel) == {"vantage_emulator", "omnivector_vantage_emulator-0.1.0.dist-info"}
    assert {"vantage_emulator/openapi/vantage.yaml", "vantage_emulator/py.typed"} <= set(wheel)
    assert "omnivector_vantage_emulator-0.1.0.dist-info/licenses/LICENSE" in wheel
    _assert_clean(wheel)
    entry_points = emulator.wheel_text(".dist-info/entry_points.txt")
    assert "vantage-emulator = vantage_emulator.command:main" in entry_points
    assert "[pytest11]\nvantage_emulator.pytest_plugin = vantage_emulator.pytest_plugin" in entry_points


@pytest.mark.parametrize(
    ("dist", "name"), [("sdk", "omnivector-vantage-sdk"), ("emulator", "omnivector-vantage-emulator")]
)
def test_metadata_is_complete_and_requirements_are_ranges(built: dict[str, Built], dist: str, name: str) -> None:
    metadata = built[dist].metadata()
    assert metadata["Name"] == name
    assert metadata["License-Expression"] == "Apache-2.0"
    assert metadata["Requires-Python"] == ">=3.11"
    assert metadata["Description-Content-Type"] == "text/markdown"
    assert len(metadata.get_payload()) > 500  # the README is the long description
    classifiers = metadata.get_all("Classifier") or []
    assert "Typing :: Typed" in classifiers
    assert {f"Programming Language :: Python :: 3.{minor}" for minor in (11, 12, 13)} <= set(classifiers)
    urls = dict(url.split(", ", 1) for url in metadata.get_all("Project-URL") or [])
    assert {"Homepage", "Source", "Issues"} <= set(urls)
    requirements = [Requirement(text) for text in metadata.get_all("Requires-Dist") or []]
    assert requirements
    pinned = [str(r) for r in requirements if any(s.operator in ("==", "===") for s in r.specifier)]
    assert not pinned, f"exact pins reach users: {pinned}"
    unbounded = [str(r) for r in requirements if not any(s.operator == ">=" for s in r.specifier)]
    assert not unbounded, f"requirements without a lowest version: {unbounded}"
    # Development tools live in a dependency group, which never reaches a distribution's metadata.
    tools = {"pytest", "mypy", "ruff", "openapi-python-client", "schemathesis", "pdoc", "twine", "build", "hatchling"}
    assert not {r.name for r in requirements} & tools
    assert "python-dateutil" not in {r.name.lower() for r in requirements}


def test_sdk_extras_are_the_documented_ones(built: dict[str, Built]) -> None:
    metadata = built["sdk"].metadata()
    assert set(metadata.get_all("Provides-Extra") or []) == {"emulator", "cli", "progress"}
    requirements = metadata.get_all("Requires-Dist") or []
    assert any(r.startswith("omnivector-vantage-emulator") and "extra == 'emulator'" in r for r in requirements)


def test_twine_check_passes(built: dict[str, Built]) -> None:
    files = [str(path) for dist in built.values() for path in (dist.sdist, dist.wheel)]
    result = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *files], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("PASSED") == len(files), result.stdout
    assert "WARNING" not in result.stdout, result.stdout


def test_sizes_stay_small(built: dict[str, Built]) -> None:
    """A regression guard: the SDK's artefacts are a few hundred KiB, the emulator's smaller."""
    for dist in built.values():
        for path in (dist.sdist, dist.wheel):
            assert path.stat().st_size < 400 * 1024, f"{path.name}: {path.stat().st_size} bytes"

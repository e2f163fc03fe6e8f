"""`python -m generator` end to end: clear one-line errors, --check, idempotence, speed, byte-exact output."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from generator import generate

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "openapi" / "vantage.yaml"
GENERATED = ROOT / "vantage_sdk" / "_generated"
GOLDEN = ROOT / "tests" / "golden"
GOLDEN_ARGS = ["--spec", str(GOLDEN / "fixture.yaml"), "--overlay", str(GOLDEN / "overlay.yaml")]


def _generator(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


def _snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        path.relative_to(root).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in root.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def _assert_one_line_error(result: subprocess.CompletedProcess[str], expected_start: str) -> None:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"generator: error: {expected_start}"), result.stderr


def test_invalid_spec_fails_with_one_line_naming_file_line_and_place(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC.read_text().replace("          description: One page of jobs.\n", "", 1))
    output = tmp_path / "out"

    result = _generator("--spec", str(spec), "--no-overlays", "--output", str(output))

    _assert_one_line_error(result, f"{spec}:67: paths./v1/jobs.get.responses.200: ")
    assert not output.exists()


def test_yaml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("openapi: 3.0.3\ninfo: {title: x, version: '1'\npaths: {}\n")

    result = _generator("--spec", str(spec), "--no-overlays", "--output", str(tmp_path / "out"))

    _assert_one_line_error(result, f"{spec}:3:1: invalid YAML: ")


def test_unmatched_overlay_target_names_the_overlay_and_action(tmp_path: Path) -> None:
    overlay = tmp_path / "extra.yaml"
    overlay.write_text(
        "overlay: 1.0.0\ninfo: {title: t, version: 1}\nactions:\n"
        "  - {target: $.info, update: {x-ok: 1}}\n"
        "  - {target: \"$.paths['/v1/jobz'].get\", update: {x-vantage-retry-safe: true}}\n"
    )

    result = _generator("--overlay", str(ROOT / "overlays"), "--overlay", str(overlay), "--check")

    _assert_one_line_error(result, f"{overlay}:5: actions[1]: (target $.paths['/v1/jobz'].get) matched nothing")


def test_an_operation_openapi_python_client_cannot_generate_fails_instead_of_being_dropped(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /x:\n    get:\n      operationId: get_x\n"
        "      responses:\n        '200':\n          description: XML.\n"
        "          content: {application/xml: {schema: {type: string}}}\n"
    )

    result = _generator("--spec", str(spec), "--no-overlays", "--output", str(tmp_path / "out"))

    _assert_one_line_error(result, f"{spec}: ")
    assert "GET /x" in result.stderr and "application/xml" in result.stderr
    assert " at 0x" not in result.stderr


def test_check_lists_changed_missing_and_extra_files_and_writes_nothing(tmp_path: Path) -> None:
    tree = tmp_path / "golden_client"
    shutil.copytree(GOLDEN / "expected" / "golden_client", tree)
    (tree / "types.py").write_text((tree / "types.py").read_text() + "# hand edit\n")
    (tree / "errors.py").unlink()
    (tree / "stray.py").write_text("")
    before = _snapshot(tree)

    result = _generator(*GOLDEN_ARGS, "--output", str(tree), "--check")

    assert result.returncode == 1
    listed = [line.strip() for line in result.stderr.splitlines() if line.startswith("  ")]
    assert listed == [f"{tree}/errors.py", f"{tree}/stray.py", f"{tree}/types.py"]
    assert _snapshot(tree) == before


def test_generating_twice_changes_nothing(tmp_path: Path) -> None:
    output = tmp_path / "golden_client"
    overlays = [GOLDEN / "overlay.yaml"]

    first = generate(GOLDEN / "fixture.yaml", output, overlays=overlays)
    before = _snapshot(output)
    second = generate(GOLDEN / "fixture.yaml", output, overlays=overlays)

    assert len(first) == len(before) > 0
    assert second == []
    assert _snapshot(output) == before, "unchanged files are not rewritten"
    assert not (output / ".ruff_cache").exists()


def test_generate_into_an_empty_directory_restores_the_committed_tree_byte_for_byte_within_10_s(
    tmp_path: Path,
) -> None:
    output = tmp_path / "_generated"

    started = time.perf_counter()
    result = _generator("--output", str(output))
    elapsed = time.perf_counter() - started

    assert result.returncode == 0, result.stderr
    fresh = {name: content for name, (content, _) in _snapshot(output).items()}
    committed = {name: content for name, (content, _) in _snapshot(GENERATED).items()}
    assert sorted(fresh) == sorted(committed)
    assert [name for name in committed if fresh[name] != committed[name]] == [], "run `make generate`"
    assert elapsed < 10, f"python -m generator took {elapsed:.1f} s"

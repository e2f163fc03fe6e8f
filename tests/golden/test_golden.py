"""Regenerating fixture.yaml + overlay.yaml gives exactly the checked-in tree (refresh: make regen-golden)."""

from __future__ import annotations

import difflib
from pathlib import Path

from generator import render

GOLDEN = Path(__file__).parent
FIXTURE = GOLDEN / "fixture.yaml"
OVERLAY = GOLDEN / "overlay.yaml"
EXPECTED = GOLDEN / "expected" / "golden_client"


def _tree(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_regenerated_fixture_matches_the_golden_tree_file_by_file(tmp_path: Path) -> None:
    render(FIXTURE, tmp_path / "golden_client", overlays=[OVERLAY])

    fresh, expected = _tree(tmp_path / "golden_client"), _tree(EXPECTED)
    assert sorted(fresh) == sorted(expected), "the set of generated files changed; run `make regen-golden`"
    differing = [name for name in expected if fresh[name] != expected[name]]
    diff = ""
    if differing:
        first = differing[0]
        diff = "".join(
            difflib.unified_diff(
                expected[first].splitlines(keepends=True),
                fresh[first].splitlines(keepends=True),
                f"expected/{first}",
                f"regenerated/{first}",
            )
        )
    assert not differing, f"differing files {differing}; run `make regen-golden` if intended\n{diff}"

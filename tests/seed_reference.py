"""Where the seed API reference is, and its Python blocks.

The reference lives outside the repository, in the ``shared/`` folder beside the clone (CI lays a copy
there too); ``VANTAGE_SEED_REFERENCE`` points elsewhere.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

_REPO = Path(__file__).resolve().parents[1]
_CANDIDATES = [_REPO.parent / "shared" / "seed" / "api-reference.md", Path("/work/shared/seed/api-reference.md")]
SECTION = re.compile(r"^#{2,3} (.+)$")
FENCE = re.compile(r"^```(\w*)$")


def seed_reference() -> Path:
    """The seed reference's path; skips the test where there is none, fails it under CI."""
    override = os.environ.get("VANTAGE_SEED_REFERENCE")
    for path in [Path(override)] if override else _CANDIDATES:
        if path.is_file():
            return path
    message = f"seed reference not found (looked at {override or ', '.join(map(str, _CANDIDATES))})"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def python_blocks(text: str) -> list[tuple[str, str]]:
    """(section heading, code) of each ```python block, in order."""
    blocks: list[tuple[str, str]] = []
    section, language, lines = "", None, list[str]()
    for line in text.splitlines():
        fence = FENCE.match(line.strip())
        if language is None:
            heading = SECTION.match(line)
            if heading:
                section = heading.group(1).strip()
            elif fence:
                language, lines = fence.group(1), []
        elif fence and not fence.group(1):
            if language == "python":
                blocks.append((section, "\n".join(lines) + "\n"))
            language = None
        else:
            lines.append(line)
    return blocks

"""Build hook: the emulator's wheel and sdist carry openapi/vantage.yaml, the contract it serves.

The spec lives once, at the repository root (one level above this project). A wheel gets it as
`vantage_emulator/openapi/vantage.yaml`, where `vantage_emulator.app.spec_path()` looks first; an
sdist gets it as `openapi/vantage.yaml`, so a wheel built from the sdist finds it there. An editable
install needs no copy: `spec_path()` reads the repository's file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SPEC = Path("openapi") / "vantage.yaml"


class SpecHook(BuildHookInterface[Any]):
    """Adds the repository's OpenAPI spec to the built distribution."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name == "wheel" and version == "editable":
            return
        root = Path(self.root)
        candidates = [root.parent / SPEC, root / SPEC]  # a repository checkout, then an unpacked sdist
        spec = next((path for path in candidates if path.is_file()), None)
        if spec is None:
            raise FileNotFoundError(f"openapi/vantage.yaml not found (looked at {', '.join(map(str, candidates))})")
        target = "vantage_emulator/openapi/vantage.yaml" if self.target_name == "wheel" else str(SPEC)
        build_data["force_include"][str(spec)] = target

"""The `vantage-emulator` command: checks that the emulator's dependencies are importable, then serves.

Kept apart from `__main__` (which imports them at its top) so that an install without them (`pip install
--no-deps`, a broken environment) prints one line saying what to install and exits 2, instead of a
`ModuleNotFoundError` traceback.

Example:
    $ vantage-emulator --port 0
    Vantage emulator listening on http://127.0.0.1:41237
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Sequence

__all__ = ["INSTALL_HINT", "main", "missing_dependencies"]

# Module imported -> distribution that provides it (what pip needs to be told).
DEPENDENCIES = {
    "connexion": "connexion",
    "uvicorn": "uvicorn",
    "starlette": "starlette",
    "openapi_core": "openapi-core",
    "yaml": "PyYAML",
    "anyio": "anyio",
}

INSTALL_HINT = (
    "pip install omnivector-vantage-emulator (or the SDK's extra: pip install 'omnivector-vantage-sdk[emulator]')"
)

EXIT_USAGE = 2


def missing_dependencies() -> list[str]:
    """The distributions the emulator needs that cannot be imported here.

    Example:
        >>> missing_dependencies()
        []
    """
    missing = []
    for module, distribution in DEPENDENCIES.items():
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):  # a broken package, or one that left a None in sys.modules
            found = False
        if not found:
            missing.append(distribution)
    return missing


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of `vantage-emulator` (and of `vantage emulator` in the SDK's CLI)."""
    missing = missing_dependencies()
    if missing:
        sys.stderr.write(f"vantage-emulator: {', '.join(missing)} not installed; install with: {INSTALL_HINT}\n")
        sys.exit(EXIT_USAGE)
    from vantage_emulator.__main__ import main as serve

    serve(argv)

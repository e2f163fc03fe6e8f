"""Build the HTML API reference of the SDK's public modules with pdoc (what `make docs` runs).

Writes site/ (git-ignored; open site/index.html). Any warning pdoc raises, such as a docstring
it cannot parse or an annotation it cannot resolve, fails the build, so the reference stays clean.

    .venv/bin/python docs/build_api.py [--output DIR]
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import pdoc
import pdoc.render

# The names users import; private modules (leading underscore) and the emulator's server
# internals are left out. vantage_sdk itself re-exports the clients, models and exceptions.
PUBLIC_MODULES = [
    "vantage_sdk",
    "vantage_sdk.exceptions",
    "vantage_sdk.types",
    "vantage_sdk.resources.jobs",
    "vantage_sdk.resources.clusters",
    "vantage_sdk.resources.storage",
    "vantage_emulator.testing",
    "vantage_emulator.pytest_plugin",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=Path("site"), help="output directory (default site/)")
    args = parser.parse_args()
    pdoc.render.configure(docformat="google", footer_text="vantage-sdk", search=True, show_source=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pdoc.pdoc(*PUBLIC_MODULES, output_directory=args.output)
    problems = list(caught)
    for warning in problems:
        print(f"docs: {warning.filename}:{warning.lineno}: {warning.message}", file=sys.stderr)
    if problems:
        print(f"docs: {len(problems)} warning(s); fix the docstrings above", file=sys.stderr)
        return 1
    print(f"docs: API reference of {len(PUBLIC_MODULES)} modules in {args.output}/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())

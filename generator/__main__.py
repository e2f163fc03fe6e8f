"""Command line: `python -m generator [--check] [--spec FILE] [--overlay PATH]... [--output DIR]`."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from ._build import ROOT, display_path, generate
from ._go import GO_OUTPUT, generate_go
from ._spec import GenerationError
from ._typescript import TYPESCRIPT_OUTPUT, generate_typescript

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Generate (or with --check, compare) the client package; return the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("--spec", type=Path, default=ROOT / "openapi" / "vantage.yaml", help="the OpenAPI contract")
    parser.add_argument(
        "--output",
        type=Path,
        help="the Python package directory to write (default vantage_sdk/_generated; "
        "given, only that tree is generated, not the other languages)",
    )
    parser.add_argument(
        "--overlay",
        type=Path,
        action="append",
        help="an overlay file, or a directory of *.yaml overlays (repeatable; default: overlays/)",
    )
    parser.add_argument("--no-overlays", action="store_true", help="apply no overlays (not even overlays/)")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; fail listing the files that differ from a fresh run"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        overlays = [] if args.no_overlays else args.overlay or [ROOT / "overlays"]
        every_language = args.output is None
        args.output = args.output or ROOT / "vantage_sdk" / "_generated"
        output = display_path(args.output)
        changed = [f"{output}/{name}" for name in generate(args.spec, args.output, overlays=overlays, check=args.check)]
        if every_language:  # the repository's own trees: the other SDKs' generated folders too
            ts_changed = generate_typescript(args.spec, overlays, check=args.check)
            changed += [f"{display_path(TYPESCRIPT_OUTPUT)}/{name}" for name in ts_changed]
            go_changed = generate_go(args.spec, overlays, check=args.check)
            changed += [f"{display_path(GO_OUTPUT)}/{name}" for name in go_changed]
    except GenerationError as err:
        print(f"generator: error: {err}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    if args.check:
        if changed:
            print(
                f"generator: generated code is out of date with {display_path(args.spec)}; differing files:",
                file=sys.stderr,
            )
            for name in changed:
                print(f"  {name}", file=sys.stderr)
            print("run `make generate` and commit the result with the spec change", file=sys.stderr)
            return 1
        trees = [output, display_path(TYPESCRIPT_OUTPUT), display_path(GO_OUTPUT)] if every_language else [output]
        print(f"generator: {', '.join(trees)} up to date ({elapsed:.1f} s)")
        return 0
    print(f"generator: wrote {output} from {display_path(args.spec)}: {len(changed)} files changed ({elapsed:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

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

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Generate (or with --check, compare) the client package; return the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("--spec", type=Path, default=ROOT / "openapi" / "vantage.yaml", help="the OpenAPI contract")
    parser.add_argument(
        "--output", type=Path, default=ROOT / "vantage_sdk" / "_generated", help="the package directory to write"
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
        changed = generate(args.spec, args.output, overlays=overlays, check=args.check)
        # The other languages' packages follow the default contract run only (not --spec/--output runs).
        if args.output == ROOT / "vantage_sdk" / "_generated" and args.spec == ROOT / "openapi" / "vantage.yaml":
            go_changed = generate_go(args.spec, overlays, check=args.check)
            if go_changed:
                verb = "differs from a fresh run" if args.check else "was regenerated"
                print(f"generator: {display_path(GO_OUTPUT)} {verb}: {', '.join(go_changed)}", file=sys.stderr)
                if args.check:
                    return 1
    except GenerationError as err:
        print(f"generator: error: {err}", file=sys.stderr)
        return 1
    output = display_path(args.output)
    elapsed = time.perf_counter() - started
    if args.check:
        if changed:
            print(
                f"generator: {output} is out of date with {display_path(args.spec)}; differing files:", file=sys.stderr
            )
            for name in changed:
                print(f"  {output}/{name}", file=sys.stderr)
            print("run `make generate` and commit the result with the spec change", file=sys.stderr)
            return 1
        print(f"generator: {output} is up to date ({elapsed:.1f} s)")
        return 0
    print(f"generator: wrote {output} from {display_path(args.spec)}: {len(changed)} files changed ({elapsed:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

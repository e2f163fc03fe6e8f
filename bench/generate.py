"""How long ``make generate`` takes, beside the bare openapi-python-client run it wraps.

Both write into temporary folders, so the committed ``vantage_sdk/_generated/`` is never touched
(another change may be in progress in the working tree):

* ours: ``python -m generator --output TMP`` (what ``make generate`` runs: validate the spec,
  apply the overlays, check and move the hints, openapi-python-client with our config and
  templates, the header, ruff, copy the changed files);
* bare: ``openapi-python-client generate --path openapi/vantage.yaml --meta none`` with the tool's
  default settings (its own ruff post-hooks included), no overlays, no templates.

They take turns ``--rounds`` times; medians are compared, and ours against the 10 s budget.

Run: ``.venv/bin/python bench/generate.py [--rounds 3]``
The last line of output is the result as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET_SECONDS = 10.0


def timed_run(command: list[str]) -> float:
    # The venv's bin first: both runs call ruff, and must find the pinned one.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    tool = str(Path(sys.executable).with_name("openapi-python-client"))
    times: dict[str, list[float]] = {"ours": [], "bare": []}
    with tempfile.TemporaryDirectory(prefix="vantage-bench-generate-") as temp:
        for round_ in range(args.rounds):
            ours = Path(temp) / f"ours-{round_}"
            bare = Path(temp) / f"bare-{round_}"
            times["ours"].append(timed_run([sys.executable, "-m", "generator", "--output", str(ours)]))
            times["bare"].append(
                timed_run(
                    [tool, "generate", "--path", "openapi/vantage.yaml", "--meta", "none", "--output-path", str(bare)]
                )
            )
            print(f"  round {round_ + 1}: " + ", ".join(f"{n} {t[-1]:.2f}s" for n, t in times.items()))
    ours_s, bare_s = statistics.median(times["ours"]), statistics.median(times["bare"])
    print(
        f"generate, median of {args.rounds}: python -m generator {ours_s:.2f}s, bare openapi-python-client "
        f"{bare_s:.2f}s, ours/bare {ours_s / bare_s:.2f}x, {ours_s / BUDGET_SECONDS:.0%} of the 10 s budget"
    )
    print(json.dumps({"rounds": args.rounds, "ours_seconds": ours_s, "bare_seconds": bare_s, "ratio": ours_s / bare_s}))


if __name__ == "__main__":
    main()

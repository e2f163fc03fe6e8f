"""Run an example script against a throw-away local emulator (what `make demo` does).

Starts `vantage-emulator` on a free port of 127.0.0.1 with a temporary data directory, runs the
script with VANTAGE_API_KEY, VANTAGE_BASE_URL and VANTAGE_ORGANIZATION pointing at it, then stops
the emulator and deletes the directory. Exits with the script's exit code.

    python examples/run_demo.py examples/quickstart.py [ARGS...]
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from vantage_emulator.testing import run_emulator


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: run_demo.py SCRIPT [ARGS...]", file=sys.stderr)
        return 2
    script, *args = argv
    if not os.path.isfile(script):
        print(f"run_demo.py: no such script: {script}", file=sys.stderr)
        return 2
    started = time.monotonic()
    with run_emulator() as emulator:
        print(
            f"Started the Vantage emulator at {emulator.base_url} in {time.monotonic() - started:.1f}s "
            f"(data in a temporary directory, deleted afterwards)",
            flush=True,
        )
        env = {
            **os.environ,
            "VANTAGE_API_KEY": emulator.api_key,
            "VANTAGE_BASE_URL": emulator.base_url,
            "VANTAGE_ORGANIZATION": emulator.organization,
        }
        try:
            code = subprocess.call([sys.executable, script, *args], env=env)
        except KeyboardInterrupt:
            code = 130
    print("Stopped the emulator.", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

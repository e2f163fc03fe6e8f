"""``client.jobs.list_all()`` over 50,000 jobs against the emulator, beside a raw httpx pagination loop.

Seeding: the jobs are written as finished jobs straight into a fresh data directory through the
emulator's own state layer (``vantage_emulator.state.State``, the SQLite schema the emulator
serves from) before the emulator starts. That takes about a second for 50,000 rows, where 50,000
submits over HTTP would also start 50,000 processes. The emulator then serves them like any others.

Both contenders walk every page with the same page size over one keep-alive connection and count
the jobs: the SDK builds a typed ``Job`` per item, the raw loop stops at ``json.loads``. They take
turns, ``--rounds`` times each; medians are compared.

Run: ``.venv/bin/python bench/list_all.py [--jobs 50000] [--page-size 100] [--rounds 3]``
The last line of output is the result as JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from vantage_emulator.state import State, new_id
from vantage_emulator.testing import run_emulator
from vantage_sdk import VantageClient

SPEC = json.dumps({"image": "ubuntu:22.04", "command": ["echo", "hello"], "resources": {"cpu": "2", "memory": "4Gi"}})


def seed_jobs(data_dir: Path, organization: str, count: int) -> float:
    """Insert ``count`` succeeded jobs into the emulator database under ``data_dir``; seconds taken."""
    started = time.perf_counter()
    state = State(data_dir)
    base = time.time() - count
    rows = [
        (
            new_id("job"),
            organization,
            f"bench-{n}",
            "succeeded",
            "local",
            0,
            SPEC,
            '{"bench": "list_all"}',
            "{}",
            base + n,
            base + n + 0.1,
            base + n + 0.5,
            0,
            0.4,
            0.01,
            3_000_000,
            1,
            1,
        )
        for n in range(count)
    ]
    with state.transaction() as db:
        db.executemany(
            "INSERT INTO jobs (id, organization, name, status, cluster, priority, spec, labels, env, created_at,"
            " started_at, finished_at, exit_code, wall_time_seconds, cpu_time_seconds, peak_memory_bytes,"
            " logs_complete, log_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    state.close()
    return time.perf_counter() - started


def sdk_walk(client: VantageClient, page_size: int) -> int:
    return sum(1 for _ in client.jobs.list_all(page_size=page_size))


def raw_walk(http: httpx.Client, page_size: int) -> int:
    """What a user would write without the SDK: follow next_page_token until has_next is false."""
    count, token = 0, None
    while True:
        params: dict[str, str | int] = {"limit": page_size}
        if token:
            params["page_token"] = token
        response = http.get("/v1/jobs", params=params)
        response.raise_for_status()
        page = json.loads(response.content)
        count += len(page["items"])
        if not page["has_next"]:
            return count
        token = page["next_page_token"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=50_000)
    parser.add_argument("--page-size", type=int, default=100, help="jobs per page (the SDK's default is 100)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="vantage-bench-list-") as temp:
        data_dir = Path(temp) / "data"
        seconds = seed_jobs(data_dir, "default", args.jobs)
        print(f"seeded {args.jobs:,} jobs through the emulator's State in {seconds:.1f}s")
        with run_emulator(data_dir=data_dir) as emulator:
            client = VantageClient(api_key=emulator.api_key, base_url=emulator.base_url, organization="default")
            http = httpx.Client(base_url=emulator.base_url, headers=emulator.headers, timeout=60)
            contenders: dict[str, Callable[[], int]] = {
                "sdk": lambda: sdk_walk(client, args.page_size),
                "raw": lambda: raw_walk(http, args.page_size),
            }
            times: dict[str, list[float]] = {name: [] for name in contenders}
            for round_ in range(args.rounds):
                for name, walk in contenders.items():
                    started = time.perf_counter()
                    count = walk()
                    times[name].append(time.perf_counter() - started)
                    if count != args.jobs:
                        raise SystemExit(f"{name} saw {count} jobs, expected {args.jobs}")
                print(f"  round {round_ + 1}: " + ", ".join(f"{n} {t[-1]:.2f}s" for n, t in times.items()))
            client.close()
            http.close()

    sdk, raw = statistics.median(times["sdk"]), statistics.median(times["raw"])
    pages = -(-args.jobs // args.page_size)
    print(
        f"list_all over {args.jobs:,} jobs ({pages} pages of {args.page_size}), median of {args.rounds}: "
        f"SDK {sdk:.2f}s, raw httpx loop {raw:.2f}s, SDK/raw {sdk / raw:.2f}x "
        f"({(sdk - raw) / args.jobs * 1e6:+.1f} us per job)"
    )
    result = {
        "jobs": args.jobs,
        "page_size": args.page_size,
        "rounds": args.rounds,
        "seed_seconds": seconds,
        "sdk_seconds": sdk,
        "raw_seconds": raw,
        "ratio": sdk / raw,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()

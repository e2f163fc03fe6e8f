"""1,000 concurrent ``jobs.get`` on a fresh ``AsyncVantageClient`` against an emulator with 20 ms of latency.

One emulator that delays every request by ``--latency-ms`` (its ``--fault-delay-rate 1
--fault-delay-ms N`` knob, as a network and a busy server would), and in this process:

* concurrent: ``--concurrent`` calls at once with ``asyncio.gather`` on a freshly made client (its
  connections opened by these calls), wall time;
* sequential: ``--sequential`` calls one after another on a fresh client; the time per call times
  ``--concurrent`` is what the same calls would take in sequence (each waits out the latency, so
  the time per call hardly varies);
* client CPU per call (``time.process_time`` of this process; the emulator runs in its own):
  ``VantageClient.jobs.get`` and ``AsyncVantageClient.jobs.get`` one after another, side by side.

Rounds take turns; medians are compared. Targets: concurrent >= 10x faster than sequential, and
async CPU per call <= 1.5x sync.

Next to the speed-up it prints the CPU seconds the gathered calls used (client + emulator) and the
machine's load average: on 2 cores, 2 CPU-s of work cannot finish in under 1 s whatever the client
does, and with other work running it takes longer, so a low speed-up with a high load is the
machine, not the client (the CPU seconds are what to compare between runs).

Run: ``.venv/bin/python bench/async_calls.py [--concurrent 1000] [--sequential 200] [--rounds 3]``.
The last line is the result as JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import time
from pathlib import Path

from emulator_calls import seed_jobs  # bench/ is this script's folder, first on sys.path

from vantage_emulator.testing import EmulatorProcess, run_emulator
from vantage_sdk import AsyncVantageClient, VantageClient


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) of process ``pid`` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def async_client(emulator: EmulatorProcess) -> AsyncVantageClient:
    return AsyncVantageClient(api_key=emulator.api_key, base_url=emulator.base_url, organization=emulator.organization)


async def concurrent(emulator: EmulatorProcess, ids: list[str]) -> tuple[float, float]:
    """(seconds, client CPU seconds per call)."""
    started, cpu = time.perf_counter(), time.process_time()
    async with async_client(emulator) as client:
        await asyncio.gather(*(client.jobs.get(job_id) for job_id in ids))
    return time.perf_counter() - started, (time.process_time() - cpu) / len(ids)


async def sequential_async(emulator: EmulatorProcess, ids: list[str]) -> tuple[float, float]:
    """(seconds per call, client CPU seconds per call)."""
    async with async_client(emulator) as client:
        await client.jobs.get(ids[0])  # connect first: CPU per call, not per connection
        started, cpu = time.perf_counter(), time.process_time()
        for job_id in ids:
            await client.jobs.get(job_id)
        return (time.perf_counter() - started) / len(ids), (time.process_time() - cpu) / len(ids)


def sequential_sync(emulator: EmulatorProcess, ids: list[str]) -> tuple[float, float]:
    with VantageClient(
        api_key=emulator.api_key, base_url=emulator.base_url, organization=emulator.organization
    ) as client:
        client.jobs.get(ids[0])
        started, cpu = time.perf_counter(), time.process_time()
        for job_id in ids:
            client.jobs.get(job_id)
        return (time.perf_counter() - started) / len(ids), (time.process_time() - cpu) / len(ids)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrent", type=int, default=1000)
    parser.add_argument("--sequential", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--latency-ms", type=int, default=20)
    args = parser.parse_args()
    latency = ["--fault-delay-rate", "1", "--fault-delay-ms", str(args.latency_ms)]
    runs: dict[str, list[float]] = {
        "concurrent": [],
        "concurrent_cpu": [],
        "server_cpu": [],
        "load": [],
        "per_call": [],
        "async_cpu": [],
        "sync_cpu": [],
    }
    with run_emulator(extra_args=latency) as emulator:
        job_ids = seed_jobs(emulator)
        many = [job_ids[n % len(job_ids)] for n in range(args.concurrent)]
        few = [job_ids[n % len(job_ids)] for n in range(args.sequential)]
        for round_ in range(args.rounds):
            pid = emulator._process.pid if emulator._process else os.getpid()
            server_before = process_cpu(pid)
            seconds, concurrent_cpu = asyncio.run(concurrent(emulator, many))
            server_cpu = (process_cpu(pid) - server_before) / len(many)
            runs["server_cpu"].append(server_cpu)
            runs["concurrent"].append(seconds)
            runs["concurrent_cpu"].append(concurrent_cpu)
            runs["load"].append(os.getloadavg()[0])
            per_call, async_cpu = asyncio.run(sequential_async(emulator, few))
            runs["per_call"].append(per_call)
            runs["async_cpu"].append(async_cpu)
            runs["sync_cpu"].append(sequential_sync(emulator, few)[1])
            cpu_seconds = (concurrent_cpu + server_cpu) * len(many)
            print(
                f"  round {round_ + 1}: {args.concurrent} gathered {seconds:.2f} s using {cpu_seconds:.2f} CPU-s "
                f"(CPU per call: client {concurrent_cpu * 1e6:.0f} us, emulator {server_cpu * 1e6:.0f} us; "
                f"load {runs['load'][-1]:.1f} on {os.cpu_count()} cores), "
                f"sequential {per_call * 1000:.1f} ms/call; client CPU per call async "
                f"{async_cpu * 1e6:.0f} us, sync {runs['sync_cpu'][-1] * 1e6:.0f} us",
                flush=True,
            )
    median = {name: statistics.median(values) for name, values in runs.items()}
    sequential_seconds = median["per_call"] * args.concurrent
    speedup = sequential_seconds / median["concurrent"]
    cpu_ratio = median["async_cpu"] / median["sync_cpu"]
    client_seconds = median["concurrent_cpu"] * args.concurrent
    server_seconds = median["server_cpu"] * args.concurrent
    print(
        f"{args.concurrent} jobs.get with {args.latency_ms} ms of latency on a fresh AsyncVantageClient, "
        f"median of {args.rounds}: asyncio.gather {median['concurrent']:.2f} s, one after another "
        f"{sequential_seconds:.2f} s ({args.sequential} calls timed, {median['per_call'] * 1000:.1f} ms each), "
        f"speed-up {speedup:.1f}x (target >= 10x) using {client_seconds + server_seconds:.2f} CPU-s "
        f"(client {client_seconds:.2f}, emulator {server_seconds:.2f}; per gathered call: client "
        f"{median['concurrent_cpu'] * 1e6:.0f} us, emulator {median['server_cpu'] * 1e6:.0f} us), "
        f"load average {median['load']:.1f} on {os.cpu_count()} cores"
    )
    print(
        f"client CPU per jobs.get: async {median['async_cpu'] * 1e6:.0f} us, sync {median['sync_cpu'] * 1e6:.0f} us, "
        f"async/sync {cpu_ratio:.2f}x (target <= 1.5x)"
    )
    result = {
        "concurrent_calls": args.concurrent,
        "sequential_calls": args.sequential,
        "rounds": args.rounds,
        "latency_ms": args.latency_ms,
        "concurrent_seconds": median["concurrent"],
        "sequential_seconds": sequential_seconds,
        "speedup": speedup,
        "concurrent_cpu_us": median["concurrent_cpu"] * 1e6,
        "server_cpu_us": median["server_cpu"] * 1e6,
        "concurrent_cpu_seconds": client_seconds + server_seconds,
        "client_cpu_seconds": client_seconds,
        "server_cpu_seconds": server_seconds,
        "load_average": median["load"],
        "cores": os.cpu_count(),
        "async_cpu_us": median["async_cpu"] * 1e6,
        "sync_cpu_us": median["sync_cpu"] * 1e6,
        "cpu_ratio": cpu_ratio,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()

"""Calls against a real emulator on loopback: SDK vs raw httpx per call, and concurrency with the async client.

One emulator, one run, contenders taking turns ``--rounds`` times (medians compared):

* per call: ``--calls`` sequential ``client.jobs.get`` with ``VantageClient`` beside the same GETs
  with a raw keep-alive ``httpx.Client`` + ``json.loads``; the difference is what the SDK adds to a
  real round trip;
* concurrency: ``--concurrent`` ``jobs.get`` calls with one ``AsyncVantageClient``, all at once
  with ``asyncio.gather``, beside the same calls awaited one after another on the same client;
  first on plain loopback, where the single-process emulator on the same cores is the bottleneck
  (a raw ``httpx.AsyncClient`` does the same there, for comparison), then against a second
  emulator that delays every request by ``--latency-ms`` (its ``--fault-delay-rate 1
  --fault-delay-ms N`` knob), as a network and a busy server would.

Run: ``.venv/bin/python bench/emulator_calls.py [--calls 2000] [--concurrent 1000] [--rounds 3] [--latency-ms 20]``
The last line of output is the result as JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from collections.abc import Awaitable, Callable

import httpx

from vantage_emulator.testing import EmulatorProcess, run_emulator
from vantage_sdk import AsyncVantageClient, VantageClient


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def per_call(emulator: EmulatorProcess, job_ids: list[str], calls: int, rounds: int) -> dict[str, float]:
    client = VantageClient(api_key=emulator.api_key, base_url=emulator.base_url, organization=emulator.organization)
    http = httpx.Client(base_url=emulator.base_url, headers=emulator.headers)
    ids = [job_ids[n % len(job_ids)] for n in range(calls)]

    def sdk() -> None:
        for job_id in ids:
            client.jobs.get(job_id)

    def raw() -> None:
        for job_id in ids:
            response = http.get(f"/v1/jobs/{job_id}")
            response.raise_for_status()
            json.loads(response.content)

    times: dict[str, list[float]] = {"sdk": [], "raw": []}
    sdk()  # warm up connexion's caches and both connections
    raw()
    for _ in range(rounds):
        times["sdk"].append(timed(sdk))
        times["raw"].append(timed(raw))
    client.close()
    http.close()
    return {name: statistics.median(t) / calls * 1e6 for name, t in times.items()}


async def spread(get: Callable[[str], Awaitable[object]], ids: list[str], rounds: int) -> dict[str, float]:
    """Median seconds for all of ``get(id)`` at once with ``asyncio.gather``, and one after another."""

    async def together() -> None:
        await asyncio.gather(*(get(job_id) for job_id in ids))

    async def in_sequence() -> None:
        for job_id in ids:
            await get(job_id)

    await together()  # open the pool's connections before timing
    times: dict[str, list[float]] = {"concurrent": [], "sequential": []}
    for _ in range(rounds):
        for name, run in (("concurrent", together), ("sequential", in_sequence)):
            started = time.perf_counter()
            await run()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(t) for name, t in times.items()}


async def concurrency(
    emulator: EmulatorProcess, job_ids: list[str], calls: int, rounds: int, with_raw: bool
) -> dict[str, dict[str, float]]:
    """``spread`` of ``AsyncVantageClient.jobs.get`` and, if asked, of a raw ``httpx.AsyncClient`` GET."""
    ids = [job_ids[n % len(job_ids)] for n in range(calls)]
    results = {}
    async with AsyncVantageClient(
        api_key=emulator.api_key, base_url=emulator.base_url, organization=emulator.organization
    ) as client:
        results["sdk"] = await spread(client.jobs.get, ids, rounds)
    if with_raw:
        # The SDK's default timeout: with httpx's own 5 s, calls queued for one of the pool's 100
        # connections give up with PoolTimeout.
        timeout = httpx.Timeout(60.0, connect=10.0)
        async with httpx.AsyncClient(base_url=emulator.base_url, headers=emulator.headers, timeout=timeout) as http:

            async def raw_get(job_id: str) -> object:
                response = await http.get(f"/v1/jobs/{job_id}")
                response.raise_for_status()
                return json.loads(response.content)

            results["raw"] = await spread(raw_get, ids, rounds)
    return results


def seed_jobs(emulator: EmulatorProcess) -> list[str]:
    """Twenty finished jobs to get (finished, so no job process competes for the CPU while timing)."""
    with VantageClient(api_key=emulator.api_key, base_url=emulator.base_url) as client:
        job_ids = [client.jobs.submit({"name": f"bench-{n}", "spec": {"command": ["true"]}}).id for n in range(20)]
        for job_id in job_ids:
            client.jobs.wait(job_id, timeout=60, poll_interval=0.1)
    return job_ids


def report_spread(spread: dict[str, float], calls: int, rounds: int, where: str) -> None:
    print(
        f"{calls} jobs.get {where}, median of {rounds}: "
        f"asyncio.gather {spread['concurrent']:.2f}s, one after another {spread['sequential']:.2f}s, "
        f"speed-up {spread['sequential'] / spread['concurrent']:.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000, help="sequential calls per round, per call cost")
    parser.add_argument("--concurrent", type=int, default=1000, help="calls per round, concurrency")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--latency-ms", type=int, default=20, help="delay per request of the second emulator")
    args = parser.parse_args()
    with run_emulator() as emulator:
        job_ids = seed_jobs(emulator)
        cost = per_call(emulator, job_ids, args.calls, args.rounds)
        print(
            f"jobs.get against the emulator, {args.calls} sequential calls, median of {args.rounds}: "
            f"SDK {cost['sdk']:.0f} us/call, raw httpx + json.loads {cost['raw']:.0f} us/call, "
            f"SDK/raw {cost['sdk'] / cost['raw']:.2f}x"
        )
        loopback = asyncio.run(concurrency(emulator, job_ids, args.concurrent, args.rounds, with_raw=True))
        report_spread(loopback["sdk"], args.concurrent, args.rounds, "with AsyncVantageClient on loopback")
        report_spread(loopback["raw"], args.concurrent, args.rounds, "with a raw httpx.AsyncClient on loopback")
    latency = ["--fault-delay-rate", "1", "--fault-delay-ms", str(args.latency_ms)]
    with run_emulator(extra_args=latency) as slow:
        slow_spread = asyncio.run(concurrency(slow, seed_jobs(slow), args.concurrent, args.rounds, with_raw=False))
        where = f"with AsyncVantageClient, {args.latency_ms} ms per request"
        report_spread(slow_spread["sdk"], args.concurrent, args.rounds, where)
    spread = loopback["sdk"]
    result = {
        "calls": args.calls,
        "concurrent_calls": args.concurrent,
        "rounds": args.rounds,
        "sdk_us_per_call": cost["sdk"],
        "raw_us_per_call": cost["raw"],
        "per_call_ratio": cost["sdk"] / cost["raw"],
        "concurrent_seconds": spread["concurrent"],
        "sequential_seconds": spread["sequential"],
        "speedup": spread["sequential"] / spread["concurrent"],
        "raw_concurrent_seconds": loopback["raw"]["concurrent"],
        "raw_sequential_seconds": loopback["raw"]["sequential"],
        "raw_speedup": loopback["raw"]["sequential"] / loopback["raw"]["concurrent"],
        "latency_ms": args.latency_ms,
        "latency_concurrent_seconds": slow_spread["sdk"]["concurrent"],
        "latency_sequential_seconds": slow_spread["sdk"]["sequential"],
        "latency_speedup": slow_spread["sdk"]["sequential"] / slow_spread["sdk"]["concurrent"],
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()

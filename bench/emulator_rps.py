"""Requests per second of `GET /v1/jobs/{id}` against a real emulator, keep-alive client.

Starts an emulator subprocess on 127.0.0.1 (no response validation, as users run
it), submits one job, then times sequential GETs over one keep-alive httpx
connection, and optionally several client threads. Client and server share this
machine's CPUs, so it also reports the server's CPU time per request (from
/proc), which does not depend on what else the machine is doing.

    .venv/bin/python bench/emulator_rps.py [--seconds 5] [--threads 1]
"""

from __future__ import annotations

import argparse
import os
import threading
import time

import httpx

from vantage_emulator.testing import run_emulator


def _hammer(base_url: str, headers: dict[str, str], job_id: str, until: float, counts: list[int]) -> None:
    with httpx.Client(base_url=base_url, headers=headers) as client:
        n = 0
        while time.perf_counter() < until:
            response = client.get(f"/v1/jobs/{job_id}")
            if response.status_code != 200:
                raise RuntimeError(f"unexpected {response.status_code}: {response.text}")
            n += 1
        counts.append(n)


def _cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    with run_emulator() as emulator:
        with httpx.Client(base_url=emulator.base_url, headers=emulator.headers) as client:
            job = client.post("/v1/jobs", json={"name": "bench", "spec": {"command": ["true"]}}).json()
            for _ in range(200):  # warm up connexion's per-operation caches
                client.get(f"/v1/jobs/{job['id']}")
        assert emulator.pid is not None
        cpu_before = _cpu_seconds(emulator.pid)
        counts: list[int] = []
        start = time.perf_counter()
        until = start + args.seconds
        threads = [
            threading.Thread(target=_hammer, args=(emulator.base_url, emulator.headers, job["id"], until, counts))
            for _ in range(args.threads)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - start
        server_cpu = _cpu_seconds(emulator.pid) - cpu_before
    total = sum(counts)
    per_request = server_cpu / total
    print(
        f"GET /v1/jobs/{{id}}: {total} requests in {elapsed:.2f} s with {args.threads} keep-alive client(s)"
        f" = {total / elapsed:.0f} requests/s; server CPU {per_request * 1e6:.0f} us/request"
        f" (= {1 / per_request:.0f} requests/s per server core)"
    )


if __name__ == "__main__":
    main()

"""What the SDK itself costs: per ``jobs.get`` call, and at import.

Per call, every variant fetches the same canned JSON bytes through ``httpx.MockTransport`` (no
network, so only client-side work is timed):

* raw httpx + ``json.loads``: the floor any Python client pays;
* raw + generated ``Job.from_dict``: the model parsing the SDK does on top;
* the generated ``get_job.sync`` alone, called directly;
* SDK ``client.jobs.get``: argument checks, retry runner, headers, generated code, error mapping.

At import, each statement runs in a fresh interpreter many times and the median is printed.

Run: ``.venv/bin/python bench/client_overhead.py [--calls N] [--imports N]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

import httpx

from vantage_sdk import VantageClient
from vantage_sdk._generated.api.jobs import get_job
from vantage_sdk._generated.models.job import Job

JOB_ID = "job-3f9a1c2b7d4e"
BODY = json.dumps(
    {
        "id": JOB_ID,
        "name": "my-job",
        "status": "succeeded",
        "cluster": "local",
        "priority": 0,
        "spec": {
            "image": "ubuntu:22.04",
            "command": ["echo", "hello"],
            "env": {"MY_VAR": "value"},
            "resources": {"cpu": "2", "memory": "4Gi"},
        },
        "labels": {"team": "research"},
        "created_at": "2024-01-01T00:00:00Z",
        "started_at": "2024-01-01T00:00:01Z",
        "finished_at": "2024-01-01T00:00:02Z",
        "exit_code": 0,
        "status_reason": None,
    }
).encode()


def canned(request: httpx.Request) -> httpx.Response:
    return httpx.Response(
        200, content=BODY, headers={"Content-Type": "application/json", "X-Request-ID": "req-7c9e6679f4a1"}
    )


def per_call_us(variants: dict[str, Callable[[], object]], calls: int, rounds: int) -> dict[str, float]:
    """Best (lowest) mean time per call of each variant in microseconds.

    Variants take turns within every round, so background load on the machine hits them alike.
    """
    best = dict.fromkeys(variants, float("inf"))
    for fn in variants.values():
        fn()  # warm up (lazy imports, connection set-up)
    for _ in range(rounds):
        for name, fn in variants.items():
            start = time.perf_counter()
            for _ in range(calls):
                fn()
            best[name] = min(best[name], (time.perf_counter() - start) / calls * 1e6)
    return best


def bench_calls(calls: int, rounds: int) -> None:
    headers = {"Authorization": "Bearer bench-key", "User-Agent": "bench"}
    raw = httpx.Client(base_url="http://vantage.test", headers=headers, transport=httpx.MockTransport(canned))
    url = f"/v1/jobs/{JOB_ID}"

    client = VantageClient(api_key="bench-key", base_url="http://vantage.test")
    # Swap the owned pool's transport for the canned one (bench only): same client, no network.
    client._core.http._transport = httpx.MockTransport(canned)
    own = VantageClient(
        api_key="bench-key",
        base_url="http://vantage.test",
        http_client=httpx.Client(transport=httpx.MockTransport(canned)),
    )

    results = per_call_us(
        {
            "raw httpx + json.loads": lambda: json.loads(raw.get(url).content),
            "raw httpx + json.loads + Job.from_dict": lambda: Job.from_dict(json.loads(raw.get(url).content)),
            "generated get_job.sync (no SDK layer)": lambda: get_job.sync(
                JOB_ID, client=client._core.generated, extra_headers={}
            ),
            "SDK client.jobs.get": lambda: client.jobs.get(JOB_ID),
            "SDK client.jobs.get (http_client=)": lambda: own.jobs.get(JOB_ID),
        },
        calls,
        rounds,
    )
    floor = results["raw httpx + json.loads"]
    print(f"per call, best of {rounds} rounds x {calls} calls through httpx.MockTransport ({len(BODY)}-byte job):")
    for name, us in results.items():
        print(f"  {name:<42} {us:8.1f} us  ({us - floor:+7.1f} us vs raw)")
    generated = results["generated get_job.sync (no SDK layer)"] - results["raw httpx + json.loads + Job.from_dict"]
    layer = results["SDK client.jobs.get"] - results["generated get_job.sync (no SDK layer)"]
    print(f"  generated endpoint code beyond raw + model parsing: {generated:+.1f} us per call")
    print(f"  hand-written layer (checks, retry runner, headers) beyond the generated call: {layer:+.1f} us per call")


def import_seconds(statement: str) -> float:
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def bench_imports(runs: int) -> None:
    statements = (
        "import vantage_sdk",
        "import httpx",
        "from vantage_sdk import VantageClient",
        "from vantage_sdk import VantageClient; VantageClient(api_key='k').jobs",
    )
    samples: dict[str, list[float]] = {statement: [] for statement in statements}
    for _ in range(runs):
        # Interleaved, so background load hits every statement alike.
        for statement in statements:
            samples[statement].append(import_seconds(statement))
    print(f"import time, median of {runs} fresh interpreters each:")
    for statement, times in samples.items():
        print(f"  {statement:<72} {statistics.median(times) * 1000:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--calls", type=int, default=500, help="calls per variant per round")
    parser.add_argument("--rounds", type=int, default=15, help="timing rounds (the best is kept)")
    parser.add_argument("--imports", type=int, default=21, help="fresh interpreters per import statement")
    args = parser.parse_args()
    bench_calls(args.calls, args.rounds)
    bench_imports(args.imports)


if __name__ == "__main__":
    main()

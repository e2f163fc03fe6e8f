"""Instructions per call (callgrind), load-independent: ``jobs.get`` and ``jobs.list`` (100 jobs).

Every contender fetches the same canned JSON bytes through ``httpx.MockTransport`` (no network, so only
client-side work counts) and is compared with the floor any Python client pays, raw httpx +
``json.loads``:

* raw httpx + ``json.loads``;
* raw + the generated models (``Job.from_dict`` / ``JobPage.from_dict(...).items``);
* the SDK (``client.jobs.get`` / ``client.jobs.list(limit=100).items``): the page's jobs are built, while
  their timestamps and nested models wait for a first read;
* for the page, the same page where every field of every job is then read (``job.created_at``,
  ``job.spec.command``...), so the work deferred to first reads is charged too, beside raw + the same
  reads from the plain JSON.

Each contender runs in its own process under ``valgrind --tool=callgrind``, twice: once warmed up only
(imports, one call) and once warmed up plus ``--calls`` calls; the difference divided by the calls is
its cost per call. Instruction counts do not move with machine load, so one round is enough.

The garbage collector stays on (what a call allocates is part of its cost), but both runs collect and
freeze what start-up made before the counted calls, so a collection among them costs what those calls
left, from the same starting point. A gen-1 collection still falls among the counted calls or not by
chance; 2,000 calls spread one over all of them (200 calls moved ``jobs.get`` by up to 3,000
instructions per call from one count of calls to another).

Run: ``.venv/bin/python bench/parse_cost.py [--calls-get 2000] [--calls-list 20]``
The last line of output is the result as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

JOB_ID = "job-3f9a1c2b7d4e"


def job(n: int) -> dict[str, object]:
    """A finished job as the emulator serves it."""
    return {
        "id": f"job-{n:012x}",
        "name": f"bench-{n}",
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


# Runs in the measured process: the canned transport, a raw client and an SDK client, one warm-up call
# each, then CALLS calls of one contender. Only the difference between CALLS=N and CALLS=0 is kept.
WORKER = r"""
import gc, json, sys
import httpx
from vantage_sdk import VantageClient
from vantage_sdk._generated.models.job import Job
from vantage_sdk._generated.models.job_page import JobPage

GET_BODY, LIST_BODY = (open(path, "rb").read() for path in sys.argv[1:3])
contender, calls = sys.argv[3], int(sys.argv[4])

def canned(request):
    body = LIST_BODY if request.url.path == "/v1/jobs" else GET_BODY
    return httpx.Response(200, content=body, headers={"Content-Type": "application/json", "X-Request-ID": "req-1"})

transport = httpx.MockTransport(canned)
raw = httpx.Client(base_url="http://vantage.test", headers={"Authorization": "Bearer k"}, transport=transport)
sdk = VantageClient(api_key="k", base_url="http://vantage.test", http_client=httpx.Client(transport=transport))

def read_all(page):
    # Touch every field of every job, as a program printing the page would.
    for j in page.items:
        (j.id, j.name, j.status, j.cluster, j.priority, j.labels, j.created_at, j.started_at, j.finished_at,
         j.exit_code, j.status_reason, j.spec.command, j.spec.image, j.spec.env, j.spec.resources)
    return page

def read_all_raw(data):
    # The same reads from the plain JSON data.
    for j in data["items"]:
        spec = j["spec"]
        (j["id"], j["name"], j["status"], j["cluster"], j["priority"], j["labels"], j["created_at"], j["started_at"],
         j["finished_at"], j["exit_code"], j["status_reason"], spec["command"], spec.get("image"), spec.get("env"),
         spec.get("resources"))
    return data

contenders = {
    "get raw": lambda: json.loads(raw.get("/v1/jobs/JOB").content),
    "get models": lambda: Job.from_dict(json.loads(raw.get("/v1/jobs/JOB").content)),
    "get sdk": lambda: sdk.jobs.get("JOB"),
    "list raw": lambda: json.loads(raw.get("/v1/jobs", params={"limit": 100}).content),
    "list models": lambda: JobPage.from_dict(json.loads(raw.get("/v1/jobs", params={"limit": 100}).content)).items,
    "list sdk": lambda: sdk.jobs.list(limit=100).items,
    "list raw, every field read": lambda: read_all_raw(json.loads(raw.get("/v1/jobs", params={"limit": 100}).content)),
    "list sdk, every field read": lambda: read_all(sdk.jobs.list(limit=100)),
}
fn = contenders[contender]
fn()
fn()
# Every run starts its counted calls from the same collector state: nothing young left to collect, and
# what start-up made set aside, so a collection that falls among the counted calls costs in proportion
# to what those calls allocated, not to the imports behind them.
gc.collect()
gc.freeze()
for _ in range(calls):
    fn()
"""

CONTENDERS = {
    "get": ["get raw", "get models", "get sdk"],
    "list": ["list raw", "list models", "list sdk", "list raw, every field read", "list sdk, every field read"],
}


def instructions(worker: Path, bodies: tuple[str, str], contender: str, calls: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        argv = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, str(worker)]
        # A fixed hash seed, so the N-call and the 0-call runs lay out their dicts and sets alike.
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        done = subprocess.run(
            [*argv, *bodies, contender, str(calls)], cwd=ROOT, env=env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise SystemExit(f"{contender}: exited with {done.returncode}\n{done.stderr[-2000:]}")
        found = re.search(r"^summary:\s+(\d+)", out.read_text(), re.M)
        if not found:
            raise SystemExit(f"{contender}: no summary line in the callgrind output")
        return int(found.group(1))


def per_call(worker: Path, bodies: tuple[str, str], contender: str, calls: int) -> float:
    base = instructions(worker, bodies, contender, 0)
    return (instructions(worker, bodies, contender, calls) - base) / calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--calls-get", type=int, default=2000, help="jobs.get calls counted per contender")
    parser.add_argument("--calls-list", type=int, default=20, help="100-job pages counted per contender")
    args = parser.parse_args()
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    get_body = json.dumps(job(0) | {"id": JOB_ID})
    list_body = json.dumps({"items": [job(n) for n in range(100)], "has_next": True, "next_page_token": "t100"})
    with tempfile.TemporaryDirectory() as tmp:
        worker = Path(tmp) / "worker.py"
        worker.write_text(WORKER.replace("/JOB", f"/{JOB_ID}").replace('"JOB"', repr(JOB_ID)))
        bodies = (str(Path(tmp) / "get.json"), str(Path(tmp) / "list.json"))
        Path(bodies[0]).write_text(get_body)
        Path(bodies[1]).write_text(list_body)
        result: dict[str, dict[str, float]] = {}
        for kind, calls in (("get", args.calls_get), ("list", args.calls_list)):
            costs = {name: per_call(worker, bodies, name, calls) for name in CONTENDERS[kind]}
            floor = costs[f"{kind} raw"]
            label = "jobs.get" if kind == "get" else "jobs.list (100 jobs)"
            print(f"{label}: instructions per call, {calls} calls counted under callgrind")
            for name, cost in costs.items():
                print(f"  {name:<28} {cost:12,.0f}  {cost / floor:5.2f}x raw")
            result[kind] = {name.split(" ", 1)[1]: round(cost / floor, 3) for name, cost in costs.items()}
            result[kind]["raw_instructions"] = round(floor)
            if kind == "list":
                # Reading every field, against the same reads from the plain JSON.
                read_ratio = costs["list sdk, every field read"] / costs["list raw, every field read"]
                print(f"  every field read: SDK / raw = {read_ratio:.2f}x")
                result[kind]["every_field_read_vs_raw_reads"] = round(read_ratio, 3)
    print(json.dumps({"ratios_vs_raw": result}))


if __name__ == "__main__":
    main()

"""First call of a fresh process: ``VantageClient(api_key=...).jobs.get(...)`` vs ``import httpx`` + one raw call.

Every contender is a fresh interpreter (``python -c``), run ``--rounds`` times, taking turns; the
figure is the median CPU time of the child process (user + system, from ``os.wait4``), which a busy
machine moves far less than wall time. All of them fetch the same canned JSON job through
``httpx.MockTransport`` (no network):

* ``python``: the bare interpreter, the floor under every contender;
* ``import httpx``;
* raw: ``import httpx``, an ``httpx.Client`` with the canned transport, one GET and ``json.loads``;
* SDK: ``from vantage_sdk import VantageClient``, a client over an ``httpx.Client`` with the same
  transport, and ``client.jobs.get(...)`` parsed into a ``Job``;
* SDK client made, no call: ``VantageClient(api_key=...).jobs`` with its own connection pool
  (which it makes on first use, so no TLS set-up is paid here).

The ratio to reach is SDK / raw <= 1.25 (interpreter start-up included; the ratio without it is
printed too).

Run: ``.venv/bin/python bench/first_call.py [--rounds 21]``. The last line is the result as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

CANNED = """
import json as _json
_BODY = _json.dumps({
    "id": "job-3f9a1c2b7d4e", "name": "my-job", "status": "succeeded", "cluster": "local", "priority": 0,
    "spec": {"image": "ubuntu:22.04", "command": ["echo", "hello"], "env": {"MY_VAR": "value"},
             "resources": {"cpu": "2", "memory": "4Gi"}},
    "labels": {"team": "research"}, "created_at": "2024-01-01T00:00:00Z",
    "started_at": "2024-01-01T00:00:01Z", "finished_at": "2024-01-01T00:00:02Z",
    "exit_code": 0, "status_reason": None,
}).encode()
def _canned(request):
    return httpx.Response(200, content=_BODY, headers={"Content-Type": "application/json"})
"""

CONTENDERS = {
    "python": "pass",
    "import httpx": "import httpx",
    "raw": "import httpx\n"
    + CANNED
    + "http = httpx.Client(base_url='http://vantage.test', transport=httpx.MockTransport(_canned))\n"
    "job = _json.loads(http.get('/v1/jobs/job-3f9a1c2b7d4e').content)\n"
    "assert job['id'] == 'job-3f9a1c2b7d4e'",
    "sdk": "from vantage_sdk import VantageClient\nimport httpx\n"
    + CANNED
    + "http = httpx.Client(transport=httpx.MockTransport(_canned))\n"
    "client = VantageClient(api_key='k', base_url='http://vantage.test', http_client=http)\n"
    "job = client.jobs.get('job-3f9a1c2b7d4e')\n"
    "assert job.id == 'job-3f9a1c2b7d4e'",
    "sdk client made, no call": "from vantage_sdk import VantageClient\n"
    "VantageClient(api_key='k', base_url='http://vantage.test').jobs",
}


def cpu_seconds(code: str) -> float:
    """CPU time (user + system) of a fresh interpreter running ``code``."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    process = subprocess.Popen([sys.executable, "-c", code], env=env)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"contender failed ({process.returncode}):\n{code}")
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    args = parser.parse_args()
    for code in CONTENDERS.values():  # warm the page cache and the bytecode caches
        cpu_seconds(code)
    times: dict[str, list[float]] = {name: [] for name in CONTENDERS}
    for _ in range(args.rounds):
        for name, code in CONTENDERS.items():
            times[name].append(cpu_seconds(code))
    ms = {name: statistics.median(t) * 1000 for name, t in times.items()}
    print(f"CPU time of a fresh interpreter, median of {args.rounds} interleaved rounds:")
    for name, value in ms.items():
        print(f"  {name:<28} {value:7.1f} ms")
    ratio = ms["sdk"] / ms["raw"]
    beyond = (ms["sdk"] - ms["python"]) / (ms["raw"] - ms["python"])
    print(
        f"first call: SDK {ms['sdk']:.1f} ms, import httpx + one raw call {ms['raw']:.1f} ms, "
        f"SDK/raw {ratio:.2f}x (target <= 1.25x); without the interpreter's own start-up {beyond:.2f}x"
    )
    made = ms["sdk client made, no call"] / ms["import httpx"]
    print(f"client made with its own pool, no call: {made:.2f}x import httpx")
    result = {"rounds": args.rounds, "ms": ms, "ratio": ratio, "ratio_beyond_python": beyond, "made_ratio": made}
    print(json.dumps(result))


if __name__ == "__main__":
    main()

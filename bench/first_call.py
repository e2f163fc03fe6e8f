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
printed too). The warm-up run of each contender writes the bytecode caches, as installing a wheel
does, so the rounds time imports rather than compiling the SDK's sources.

CPU time moves with the load of a shared machine; ``--instructions N`` also counts the instructions of
each contender under ``valgrind --tool=callgrind`` (``N`` runs each, median, a fixed hash seed), which
do not, and prints the same ratio from them.

Run: ``.venv/bin/python bench/first_call.py [--rounds 21] [--instructions 3]``. The last line is the
result as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

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


def cpu_seconds(code: str, write_bytecode: bool = False) -> float:
    """CPU time (user + system) of a fresh interpreter running ``code``."""
    env = {**os.environ} if write_bytecode else {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    process = subprocess.Popen([sys.executable, "-c", code], env=env)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"contender failed ({process.returncode}):\n{code}")
    return usage.ru_utime + usage.ru_stime


def instructions(code: str) -> int:
    """Instructions executed by a fresh interpreter running ``code`` (callgrind, children not traced)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        argv = ["valgrind", "--tool=callgrind", "--trace-children=no", f"--callgrind-out-file={out}"]
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0"}
        done = subprocess.run([*argv, sys.executable, "-c", code], env=env, capture_output=True, text=True)
        found = re.search(r"^summary:\s+(\d+)", open(out).read() if os.path.exists(out) else "", re.M)
        if done.returncode != 0 or not found:
            raise SystemExit(f"contender failed under callgrind ({done.returncode}):\n{code}\n{done.stderr[-2000:]}")
        return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--instructions", type=int, default=0, metavar="N", help="also count instructions, N runs each")
    args = parser.parse_args()
    if args.instructions and not shutil.which("valgrind"):
        raise SystemExit("--instructions needs valgrind (apt-get install valgrind)")
    for code in CONTENDERS.values():  # warm the page cache and write the bytecode caches
        cpu_seconds(code, write_bytecode=True)
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
    if args.instructions:
        counts: dict[str, list[int]] = {name: [] for name in CONTENDERS}
        for _ in range(args.instructions):
            for name, code in CONTENDERS.items():
                counts[name].append(instructions(code))
        ir = {name: statistics.median(c) for name, c in counts.items()}
        print(f"Instructions of a fresh interpreter (callgrind), median of {args.instructions}:")
        for name, value in ir.items():
            print(f"  {name:<28} {value / 1e6:7.1f} M")
        ir_ratio = ir["sdk"] / ir["raw"]
        print(f"first call in instructions: SDK/raw {ir_ratio:.3f}x (target <= 1.25x)")
        result |= {"instructions": ir, "instructions_ratio": ir_ratio}
    print(json.dumps(result))


if __name__ == "__main__":
    main()

"""Run every benchmark in bench/ and write BENCHMARKS.md (what `make bench` runs).

Each script runs in its own process, one after another, its output shown live and kept. Figures
are read from its last line when that is JSON, else from its text; BENCHMARKS.md gets the machine,
the versions, a summary table of ratios (each measured side by side within one script's run) and
every script's full output. A script that fails or cannot be read is reported as such, and the
exit code is 1.

    .venv/bin/python bench/run.py            # full sizes, about 6-8 minutes on 2 cores
    .venv/bin/python bench/run.py --quick    # smaller sizes, about a minute
    .venv/bin/python bench/run.py --only list_all --output /tmp/B.md
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


@dataclass
class Script:
    name: str
    what: str
    full: list[str]
    quick: list[str]
    timeout: float
    parse: Callable[[str], dict[str, Any]] | None = None


@dataclass
class Outcome:
    script: Script
    argv: list[str]
    output: str = ""
    seconds: float = 0.0
    returncode: int | None = None
    figures: dict[str, Any] = field(default_factory=dict)
    problem: str | None = None


def last_json(output: str) -> dict[str, Any]:
    lines = output.strip().splitlines()
    return dict(json.loads(lines[-1])) if lines else {}


def parse_client_overhead(output: str) -> dict[str, Any]:
    def us(label: str) -> float:
        match = re.search(rf"^\s+{re.escape(label)}\s+([\d.]+) us", output, re.M)
        if not match:
            raise ValueError(f"no figure for {label!r}")
        return float(match.group(1))

    def ms(statement: str) -> float:
        match = re.search(rf"^\s+{re.escape(statement)}\s+([\d.]+) ms$", output, re.M)
        if not match:
            raise ValueError(f"no import time for {statement!r}")
        return float(match.group(1))

    return {
        "raw_us": us("raw httpx + json.loads"),
        "sdk_us": us("SDK client.jobs.get"),
        "import_sdk_ms": ms("import vantage_sdk"),
        "import_httpx_ms": ms("import httpx"),
        "import_client_ms": ms("from vantage_sdk import VantageClient"),
    }


def parse_emulator_rps(output: str) -> dict[str, Any]:
    match = re.search(r"= (\d+) requests/s", output)
    if not match:
        raise ValueError("no requests/s figure")
    return {"rps": int(match.group(1))}


# Full sizes are spelled out, so BENCHMARKS.md shows them in each command line.
SCRIPTS = [
    Script(
        "client_overhead",
        "SDK cost per jobs.get through a canned-response transport; import time",
        ["--calls", "500", "--rounds", "15", "--imports", "21"],
        ["--calls", "200", "--rounds", "5", "--imports", "7"],
        600,
        parse_client_overhead,
    ),
    Script(
        "parse_cost",
        "instructions per jobs.get and per 100-job jobs.list page (callgrind), raw vs models vs SDK",
        ["--calls-get", "200", "--calls-list", "20"],
        ["--calls-get", "50", "--calls-list", "5"],
        900,
    ),
    Script(
        "emulator_calls",
        "jobs.get against the emulator, SDK vs raw httpx; 1,000 concurrent async calls vs in sequence",
        ["--calls", "2000", "--concurrent", "1000", "--rounds", "3", "--latency-ms", "20"],
        ["--calls", "500", "--concurrent", "300", "--rounds", "1", "--latency-ms", "20"],
        600,
    ),
    Script(
        "first_call",
        "first call of a fresh process: VantageClient(...).jobs.get vs import httpx + one raw call (CPU time)",
        ["--rounds", "21"],
        ["--rounds", "5"],
        600,
    ),
    Script(
        "async_calls",
        "1,000 gathered jobs.get on a fresh AsyncVantageClient with 20 ms latency; CPU per call async vs sync",
        ["--concurrent", "1000", "--sequential", "200", "--rounds", "3"],
        ["--concurrent", "300", "--sequential", "50", "--rounds", "1"],
        900,
    ),
    Script(
        "transport_urllib3",
        "exploration: the SDK over an httpx transport on urllib3 vs httpcore (client CPU per jobs.get)",
        ["--calls", "500", "--rounds", "5"],
        ["--calls", "100", "--rounds", "2"],
        600,
    ),
    Script(
        "emulator_rps",
        "emulator requests/s, raw keep-alive httpx",
        ["--seconds", "5"],
        ["--seconds", "2"],
        120,
        parse_emulator_rps,
    ),
    Script(
        "list_all",
        "list_all over 50,000 jobs vs a raw httpx pagination loop",
        ["--jobs", "50000", "--page-size", "100", "--rounds", "3"],
        ["--jobs", "5000", "--page-size", "100", "--rounds", "1"],
        900,
    ),
    Script(
        "transfer",
        "1 GiB upload/download vs curl, peak memory over 2 GiB, resume after SIGKILL",
        ["--size-mib", "1024", "--rss-size-mib", "2048", "--repeat", "5"],
        ["--size-mib", "128", "--rss-size-mib", "256", "--repeat", "1"],
        1200,
    ),
    Script(
        "download_ceiling",
        "1 GiB download: curl, bare httpx with and without sha256, and the SDK side by side",
        ["--size-mib", "1024", "--repeat", "3"],
        ["--size-mib", "128", "--repeat", "1"],
        900,
    ),
    Script(
        "emulator_transfer",
        "the emulator's storage throughput and peak memory over 1 GiB, plain httpx",
        ["--size-mib", "1024"],
        ["--size-mib", "128"],
        900,
    ),
    Script("generate", "make generate vs bare openapi-python-client", ["--rounds", "3"], ["--rounds", "1"], 300),
]


def shown(argv: list[str]) -> str:
    """The command as a user would type it from the repository root."""
    return " ".join(["python", Path(argv[1]).relative_to(ROOT).as_posix(), *argv[2:]])


def run_script(script: Script, quick: bool) -> Outcome:
    argv = [sys.executable, str(BENCH / f"{script.name}.py"), *(script.quick if quick else script.full)]
    outcome = Outcome(script, argv)
    print(f"\n### {script.name}: {script.what}\n$ {shown(argv)}", flush=True)
    started = time.monotonic()
    process = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    timer = threading.Timer(script.timeout, process.kill)
    timer.start()
    lines = []
    assert process.stdout is not None
    for line in process.stdout:
        print(f"  {line}", end="", flush=True)
        lines.append(line)
    outcome.returncode = process.wait()
    timer.cancel()
    outcome.seconds = time.monotonic() - started
    outcome.output = "".join(lines)
    if outcome.returncode != 0:
        limit = f" (killed after the {script.timeout:.0f}s limit)" if outcome.seconds >= script.timeout else ""
        outcome.problem = f"exited with code {outcome.returncode}{limit}"
        return outcome
    try:
        outcome.figures = (script.parse or last_json)(outcome.output)
    except (ValueError, KeyError) as exc:
        outcome.problem = f"its output could not be read: {exc}"
    return outcome


def machine() -> list[str]:
    cpu = "unknown CPU"
    memory = "unknown"
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
        cpu = found.group(1).strip() if found else cpu
        meminfo = Path("/proc/meminfo").read_text()
        kib = re.search(r"^MemTotal:\s*(\d+) kB", meminfo, re.M)
        memory = f"{int(kib.group(1)) / 2**20:.1f} GiB" if kib else memory
    except OSError:
        pass
    return [f"CPU: {cpu}, {os.cpu_count()} cores", f"Memory: {memory}", f"OS: {platform.platform()}"]


def versions() -> str:
    names = [
        "omnivector-vantage-sdk",
        "httpx",
        "attrs",
        "PyYAML",
        "google-crc32c",
        "sniffio",
        "httpcore",
        "urllib3",
        "connexion",
        "uvicorn",
        "openapi-python-client",
    ]
    found = [f"Python {platform.python_version()}"]
    for name in names:
        try:
            found.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{name} (not installed)")
    if shutil.which("curl"):
        curl = subprocess.run(["curl", "--version"], capture_output=True, text=True).stdout.split()
        found.append(f"curl {curl[1] if len(curl) > 1 else '?'}")
    return ", ".join(found)


def summary_rows(outcomes: dict[str, Outcome]) -> list[tuple[str, str, str, str, str]]:
    """(figure, SDK, baseline, ratio, target) per headline figure whose script succeeded."""
    rows: list[tuple[str, str, str, str, str]] = []

    def figures(name: str) -> dict[str, Any] | None:
        outcome = outcomes.get(name)
        return outcome.figures if outcome and not outcome.problem else None

    if f := figures("client_overhead"):
        rows.append(
            (
                "`jobs.get`, canned-response transport (per call)",
                f"{f['sdk_us']:.0f} µs",
                f"raw httpx + `json.loads` {f['raw_us']:.0f} µs",
                f"{f['sdk_us'] / f['raw_us']:.2f}×",
                "",
            )
        )
    if f := figures("parse_cost"):
        ratios = f["ratios_vs_raw"]
        for kind, label, target in (("get", "`jobs.get`", "≤ 1.05×"), ("list", "`jobs.list` (100 jobs)", "≤ 1.5×")):
            rows.append(
                (
                    f"{label}, instructions (callgrind)",
                    f"{ratios[kind]['sdk']:.2f}× raw (models alone {ratios[kind]['models']:.2f}×)",
                    f"raw httpx + `json.loads` {ratios[kind]['raw_instructions']:,} instructions",
                    f"{ratios[kind]['sdk']:.2f}×",
                    target,
                )
            )
        rows.append(
            (
                "`jobs.list` (100 jobs), every field of every job then read",
                f"{ratios['list']['sdk, every field read']:.2f}× raw",
                f"raw + the same reads from the JSON {ratios['list']['raw, every field read']:.2f}× raw",
                f"{ratios['list']['every_field_read_vs_raw_reads']:.2f}×",
                "",
            )
        )
    if f := figures("emulator_calls"):
        rows.append(
            (
                "`jobs.get` against the emulator (per call)",
                f"{f['sdk_us_per_call']:.0f} µs",
                f"raw httpx + `json.loads` {f['raw_us_per_call']:.0f} µs",
                f"{f['per_call_ratio']:.2f}×",
                "",
            )
        )
    if f := figures("first_call"):
        ms = f["ms"]
        rows.append(
            (
                "first call in a fresh process: `VantageClient(...).jobs.get` (CPU time)",
                f"{ms['sdk']:.0f} ms",
                f"`import httpx` + one raw call {ms['raw']:.0f} ms",
                f"{f['ratio']:.2f}×",
                "≤ 1.25×",
            )
        )
    if f := figures("async_calls"):
        rows.append(
            (
                f"{f['concurrent_calls']:,} gathered `jobs.get`, fresh `AsyncVantageClient`, "
                f"{f['latency_ms']} ms latency",
                f"{f['concurrent_seconds']:.2f} s"
                + (
                    f" ({f['concurrent_cpu_seconds']:.2f} CPU-s, load {f['load_average']:.1f})"
                    if "concurrent_cpu_seconds" in f
                    else ""
                ),
                f"one after another {f['sequential_seconds']:.2f} s",
                f"{f['speedup']:.1f}× as fast",
                "≥ 10×",
            )
        )
        rows.append(
            (
                "client CPU per `jobs.get`, async vs sync",
                f"{f['async_cpu_us']:.0f} µs",
                f"sync {f['sync_cpu_us']:.0f} µs",
                f"{f['cpu_ratio']:.2f}×",
                "≤ 1.5×",
            )
        )
    if f := figures("transport_urllib3"):
        cpu = f["cpu_us"]
        rows.append(
            (
                "client CPU per `jobs.get` over an httpx transport on urllib3 (exploration)",
                f"{cpu['urllib3']:.0f} µs",
                f"httpcore (shipped) {cpu['httpcore']:.0f} µs",
                f"{cpu['urllib3'] / cpu['httpcore']:.2f}×",
                "",
            )
        )
    if f := figures("list_all"):
        rows.append(
            (
                f"`list_all` over {f['jobs']:,} jobs (pages of {f['page_size']})",
                f"{f['sdk_seconds']:.2f} s",
                f"raw httpx pagination loop {f['raw_seconds']:.2f} s",
                f"{f['ratio']:.2f}×",
                "",
            )
        )
    if f := figures("transfer"):
        speeds = f["throughput_mib_s"]
        for op, target in (("upload", "≥ 100%"), ("download", "≥ 90%")):
            per_round = f.get(f"{op}_round_ratio_median")
            rows.append(
                (
                    f"{op} throughput (CRC32C, the default)",
                    f"{speeds[f'sdk {op}']:.0f} MiB/s",
                    f"curl {speeds[f'curl {op}']:.0f} MiB/s",
                    f"{f[f'{op}_ratio']:.0%} of curl"
                    + ("" if per_round is None else f" (round by round: median {per_round:.0%})"),
                    target,
                )
            )
            if f"sdk {op} sha256" in speeds:
                rows.append(
                    (
                        f'{op} throughput with `verify="sha256"`',
                        f"{speeds[f'sdk {op} sha256']:.0f} MiB/s",
                        f"curl {speeds[f'curl {op}']:.0f} MiB/s",
                        f"{f[f'{op}_sha256_ratio']:.0%} of curl",
                        "",
                    )
                )
        if "curl_download_then_sha256_mib_s" in f:
            verified = f["curl_download_then_sha256_mib_s"]
            rows.append(
                (
                    "download (SDK verifying CRC32C) vs curl verified by sha256 afterwards",
                    f"{speeds['sdk download']:.0f} MiB/s",
                    f"curl -o, then `openssl dgst -sha256` {verified:.0f} MiB/s",
                    f"{speeds['sdk download'] / verified:.0%}",
                    "",
                )
            )
        if "rss_growth_mib" in f:
            growth = f["rss_growth_mib"]
            rows.append(
                (
                    "peak RSS growth of the SDK process (upload / download)",
                    f"{growth['upload']:.1f} / {growth['download']:.1f} MiB",
                    "",
                    "",
                    "< 64 MiB",
                )
            )
        if "resume" in f:
            resume = f["resume"]
            rows.append(
                (
                    f"resume: upload killed at {resume['killed_at']:.0%}, then re-run",
                    f"re-sent {resume['resent_fraction']:.0%} of the file",
                    "a restart from zero: 100%",
                    f"{resume['resent_fraction']:.2f}×",
                    "< 60%",
                )
            )
    if f := figures("download_ceiling"):
        if "sdk sha256" in f:
            sdk, sha = f["sdk"], f["sdk sha256"]
            rows.append(
                (
                    'download client CPU: CRC32C (default) vs `verify="sha256"`',
                    f"{sdk['client_cpu']:.2f} CPU-s, {sdk['mib_s']:.0f} MiB/s",
                    f"sha256 {sha['client_cpu']:.2f} CPU-s, {sha['mib_s']:.0f} MiB/s",
                    f"{sdk['client_cpu'] / sha['client_cpu']:.2f}× the CPU",
                    "",
                )
            )
        for kind, label in (
            ("httpx", "bare httpx, unverified"),
            ("httpx+crc32c", "bare httpx + CRC32C"),
            ("httpx+sha256 thread", "bare httpx + sha256"),
        ):
            if kind not in f:
                continue
            rows.append(
                (
                    f"download ceiling: {label} (`{kind}`)",
                    f"SDK {f['sdk']['mib_s']:.0f} MiB/s ({f['sdk']['vs_curl']:.0%} of curl)",
                    f"{f[kind]['mib_s']:.0f} MiB/s, curl {f['curl']['mib_s']:.0f} MiB/s",
                    f"{f[kind]['vs_curl']:.0%} of curl",
                    "",
                )
            )
    if f := figures("emulator_transfer"):
        for key, label in (("single_put", "one streamed PUT"), ("session", "upload session"), ("download", "download")):
            rows.append(
                (
                    f"emulator alone, {f['size_mib']} MiB {label} (plain httpx client)",
                    f"{f[key]['mb_per_s']:.0f} MB/s, emulator peak RSS {f[key]['peak_rss_mib']:.0f} MiB",
                    f"disk write + sha256 + fsync {f['disk_baseline_mb_per_s']:.0f} MB/s; "
                    f"RSS before {f[key]['rss_before_mib']:.0f} MiB",
                    # Uploads are bounded by writing the file on the server; a download writes nothing there.
                    "" if key == "download" else f"{f[key]['mb_per_s'] / f['disk_baseline_mb_per_s']:.0%} of disk",
                    "flat RSS",
                )
            )
    if f := figures("emulator_calls"):
        rows.append(
            (
                f"{f['concurrent_calls']:,} `jobs.get` with `AsyncVantageClient`, loopback",
                f"`asyncio.gather` {f['concurrent_seconds']:.2f} s",
                f"one after another {f['sequential_seconds']:.2f} s",
                f"{f['speedup']:.2f}× as fast",
                "",
            )
        )
        rows.append(
            (
                "the same with a raw `httpx.AsyncClient`, loopback",
                f"`asyncio.gather` {f['raw_concurrent_seconds']:.2f} s",
                f"one after another {f['raw_sequential_seconds']:.2f} s",
                f"{f['raw_speedup']:.2f}× as fast",
                "",
            )
        )
        rows.append(
            (
                f"`AsyncVantageClient` with {f['latency_ms']} ms of latency per request",
                f"`asyncio.gather` {f['latency_concurrent_seconds']:.2f} s",
                f"one after another {f['latency_sequential_seconds']:.2f} s",
                f"{f['latency_speedup']:.1f}× as fast",
                "",
            )
        )
    if f := figures("client_overhead"):
        rows.append(
            (
                "`import vantage_sdk`",
                f"{f['import_sdk_ms']:.1f} ms",
                f"`import httpx` {f['import_httpx_ms']:.1f} ms",
                f"{f['import_sdk_ms'] / f['import_httpx_ms']:.2f}×",
                "",
            )
        )
        rows.append(
            (
                "`from vantage_sdk import VantageClient` (loads httpx)",
                f"{f['import_client_ms']:.1f} ms",
                f"`import httpx` {f['import_httpx_ms']:.1f} ms",
                f"{f['import_client_ms'] / f['import_httpx_ms']:.2f}×",
                "",
            )
        )
    if f := figures("generate"):
        rows.append(
            (
                "`make generate` (`python -m generator`)",
                f"{f['ours_seconds']:.2f} s",
                f"bare openapi-python-client {f['bare_seconds']:.2f} s",
                f"{f['ratio']:.2f}×",
                "< 10 s",
            )
        )
    if f := figures("emulator_rps"):
        rows.append(("emulator, `GET /v1/jobs/{id}` with one keep-alive client", f"{f['rps']} requests/s", "", "", ""))
    return rows


def render(outcomes: dict[str, Outcome], quick: bool, started: str, loads: tuple[str, str], total: float) -> str:
    mode = "`--quick` (smaller sizes)" if quick else "full sizes"
    out = [
        "# Benchmarks",
        "",
        f"Written by `make bench` (`bench/run.py`, {mode}) on {started}; the whole run took {total / 60:.1f} minutes.",
        "Every ratio compares two contenders measured side by side in the same run of one script, taking turns,",
        "so both saw the same machine. Re-run with `make bench` (or `.venv/bin/python bench/run.py --quick`).",
        "",
        "## Machine",
        "",
        *[f"- {line}" for line in machine()],
        f"- Load average (1, 5, 15 min) at the start: {loads[0]}; at the end: {loads[1]}",
        f"- Versions: {versions()}",
        "",
        "## Summary",
        "",
        "| figure | SDK | baseline | ratio | target |",
        "|---|---|---|---|---|",
        *[f"| {' | '.join(row)} |" for row in summary_rows(outcomes)],
        "",
    ]
    failed = [o for o in outcomes.values() if o.problem]
    if failed:
        out += ["Not measured in this run:", ""]
        out += [f"- `{o.script.name}`: {o.problem}" for o in failed]
        out.append("")
    out += ["## Each script", ""]
    for outcome in outcomes.values():
        out += [
            f"### {outcome.script.name}: {outcome.script.what}",
            "",
            f"`{shown(outcome.argv)}` ({outcome.seconds:.0f} s)",
            "",
            "```",
            outcome.output.rstrip(),
            "```",
            "",
        ]
    return "\n".join(out)


def load_average() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes (BENCHMARKS.md says which)")
    parser.add_argument("--only", action="append", choices=[s.name for s in SCRIPTS], help="run only these scripts")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args()
    started = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load_start = load_average()
    clock = time.monotonic()
    outcomes = {s.name: run_script(s, args.quick) for s in SCRIPTS if not args.only or s.name in args.only}
    total = time.monotonic() - clock
    args.output.write_text(render(outcomes, args.quick, started, (load_start, load_average()), total) + "\n")
    print(f"\nwrote {args.output} ({total / 60:.1f} minutes)")
    failed = [name for name, outcome in outcomes.items() if outcome.problem]
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

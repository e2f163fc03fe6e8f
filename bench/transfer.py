"""Storage transfers through the SDK against the emulator on loopback, side by side with curl.

Measures, in one run against one emulator:

* throughput of a 1 GiB upload and download through ``client.storage`` (default settings: a
  resumable session with parallel parts, parallel ranged downloads, CRC32C verification; and
  again with ``verify="sha256"``) and through ``curl`` doing the
  same transfer on the same endpoint (``curl -T`` to ``PUT /v1/storage/content``, ``curl -o`` from
  ``GET``); each is run ``--repeat`` times, interleaved, and the medians are compared, as is each
  round's SDK run with that round's curl run (targets: downloads at least 90% of curl, uploads at
  or above curl). Single runs on 2 shared cores swing by up to 1.7x, so the default is 5 rounds;
* the SDK process's peak RSS growth while uploading and while downloading a 2 GiB file
  (``ru_maxrss`` after minus before the transfer; target: under 64 MiB);
* resume: an uploading process is SIGKILLed at about 50% and the same upload re-run in a new
  process; the bytes it sends, as a fraction of the file (target: under 60%).

SDK transfers run in child processes (``bench/transfer.py child ...``) so memory and time are the
transfer's own. Files live in a temporary folder under ``--tmp-root`` (removed afterwards); the
free space there is checked first.

Run: ``.venv/bin/python bench/transfer.py [--size-mib 1024] [--rss-size-mib 2048] [--repeat 5]
[--tmp-root DIR] [--skip-rss] [--skip-resume]``
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

from _memory import back_free_memory

MiB = 1024 * 1024
# The fastest common sha256 tool (OpenSSL uses the CPU's SHA extensions; coreutils' sha256sum may not).
HASH_COMMAND = ["openssl", "dgst", "-sha256"] if shutil.which("openssl") else ["sha256sum"]


# --------------------------------------------------------------------------- child: one SDK transfer


def child(argv: list[str]) -> None:
    """Run one SDK transfer and print one JSON line: seconds, peak RSS growth, bytes sent."""
    parser = argparse.ArgumentParser(prog="transfer.py child")
    parser.add_argument("op", choices=["upload", "download"])
    parser.add_argument("local")
    parser.add_argument("remote")
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--organization", required=True)
    parser.add_argument("--journal-dir", required=True)
    parser.add_argument("--part-size-mib", type=int, default=0)
    parser.add_argument("--concurrency", type=int, default=0)
    parser.add_argument("--print-progress", action="store_true")
    parser.add_argument("--verify", choices=["crc32c", "sha256"], default="crc32c")
    args = parser.parse_args(argv)

    import httpx

    from vantage_sdk import VantageClient
    from vantage_sdk._transfer import TransferConfig

    sent = 0
    joining: dict[str, float] = {}

    def on_request(request: httpx.Request) -> None:
        nonlocal sent
        if request.method == "PUT":
            sent += int(request.headers.get("Content-Length", "0"))
        if request.url.path.endswith("/complete"):
            joining["start"] = time.perf_counter()

    def on_response(response: httpx.Response) -> None:
        if response.request.url.path.endswith("/complete"):
            joining["seconds"] = time.perf_counter() - joining["start"]

    hooks = {"request": [on_request], "response": [on_response]}
    http = httpx.Client(base_url=args.base_url, event_hooks=hooks, timeout=300)
    client = VantageClient(
        api_key=args.api_key, base_url=args.base_url, organization=args.organization, http_client=http
    )
    settings: dict[str, Any] = {"journal_dir": Path(args.journal_dir), "verify": args.verify}
    if args.part_size_mib:
        settings["part_size"] = args.part_size_mib * MiB
    if args.concurrency:
        settings["concurrency"] = args.concurrency
    client.storage.transfer_config = TransferConfig(**settings)

    def progress(done: int, total: int) -> None:
        print(f"progress {done} {total}", flush=True)

    callback = progress if args.print_progress else None
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    if args.op == "upload":
        client.storage.upload(args.local, args.remote, progress_callback=callback)
    else:
        client.storage.download(args.remote, args.local, progress_callback=callback)
    seconds = time.perf_counter() - started
    growth_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    report = {"seconds": seconds, "rss_growth_mib": growth_kib / 1024, "sent": sent, "join": joining.get("seconds", 0)}
    print(json.dumps(report), flush=True)


# --------------------------------------------------------------------------- parent


class Bench:
    def __init__(self, args: argparse.Namespace, emulator: Any, workdir: Path) -> None:
        self.args = args
        self.emu = emulator
        self.workdir = workdir
        self.journals = workdir / "journals"

    def sdk(self, op: str, local: Path, remote: str, *extra: str) -> dict[str, Any]:
        result = subprocess.run(
            [*self._child_command(op, local, remote), *extra], capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise SystemExit(f"SDK {op} failed:\n{result.stderr[-3000:]}")
        return dict(json.loads(result.stdout.strip().splitlines()[-1]))

    def _child_command(self, op: str, local: Path, remote: str) -> list[str]:
        command = [
            sys.executable,
            __file__,
            "child",
            op,
            str(local),
            remote,
            "--base-url",
            self.emu.base_url,
            "--api-key",
            self.emu.api_key,
            "--organization",
            self.emu.organization,
            "--journal-dir",
            str(self.journals),
        ]
        if self.args.part_size_mib:
            command += ["--part-size-mib", str(self.args.part_size_mib)]
        if self.args.concurrency:
            command += ["--concurrency", str(self.args.concurrency)]
        return command

    def curl(self, op: str, local: Path, remote: str) -> float:
        url = f"{self.emu.base_url}/v1/storage/content?path={urllib.parse.quote(remote)}"
        io_args = ["-T", str(local), "-o", "/dev/null"] if op == "upload" else ["-o", str(local)]
        result = subprocess.run(
            [
                "curl",
                "-sS",
                "--fail",
                *io_args,
                "-w",
                "%{time_total}",
                "-H",
                f"Authorization: Bearer {self.emu.api_key}",
                "-H",
                f"X-Vantage-Organization: {self.emu.organization}",
                url,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise SystemExit(f"curl {op} failed: {result.stderr}")
        return float(result.stdout.strip())

    def back_memory(self) -> None:
        """Before each contender: memory the VM backs for its writes (see bench/_memory.py)."""
        back_free_memory(self.args.back_memory_gib)

    def throughput(self, source: Path, size: int) -> dict[str, list[float]]:
        runs: dict[str, list[float]] = {
            "curl upload": [],
            "sdk upload": [],
            "sdk upload sha256": [],
            "curl download": [],
            "sdk download": [],
            "sdk download sha256": [],
        }
        self.join_seconds: list[float] = []
        self.verified_curl: list[float] = []  # curl -o, then a sha256 of the file: the check the SDK builds in
        target = self.workdir / "downloaded.bin"
        for round_ in range(self.args.repeat):
            self.back_memory()
            runs["curl upload"].append(size / MiB / self.curl("upload", source, "/bench/curl.bin"))
            self.back_memory()
            upload = self.sdk("upload", source, "/bench/sdk.bin")
            runs["sdk upload"].append(size / MiB / upload["seconds"])
            self.join_seconds.append(upload["join"])
            self.back_memory()
            upload = self.sdk("upload", source, "/bench/sdk-sha256.bin", "--verify", "sha256")
            runs["sdk upload sha256"].append(size / MiB / upload["seconds"])
            # Every download fetches the same file (one the SDK uploaded, so its bytes are checked too).
            target.unlink(missing_ok=True)
            self.back_memory()
            seconds = self.curl("download", target, "/bench/sdk.bin")
            runs["curl download"].append(size / MiB / seconds)
            started = time.perf_counter()
            subprocess.run([*HASH_COMMAND, str(target)], capture_output=True, check=True)
            self.verified_curl.append(size / MiB / (seconds + time.perf_counter() - started))
            target.unlink()
            self.back_memory()
            runs["sdk download"].append(size / MiB / self.sdk("download", target, "/bench/sdk.bin")["seconds"])
            target.unlink()
            self.back_memory()
            sha256 = self.sdk("download", target, "/bench/sdk.bin", "--verify", "sha256")
            runs["sdk download sha256"].append(size / MiB / sha256["seconds"])
            target.unlink()
            print(f"  round {round_ + 1}: " + ", ".join(f"{k} {v[-1]:.0f}" for k, v in runs.items()) + " MiB/s")
        return runs

    def resume(self, source: Path, size: int) -> tuple[float, float]:
        """SIGKILL an upload at ~50%, rerun it; return (fraction done at the kill, fraction re-sent)."""
        remote = "/bench/resume.bin"
        process = subprocess.Popen(
            [*self._child_command("upload", source, remote), "--print-progress"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert process.stdout is not None
        killed_at = 0.0
        for line in process.stdout:
            if line.startswith("progress "):
                done, total = map(int, line.split()[1:])
                if done >= total / 2:
                    process.send_signal(signal.SIGKILL)
                    killed_at = done / total
                    break
        process.wait()
        if not killed_at:
            raise SystemExit("the upload finished before it could be killed")
        again = self.sdk("upload", source, remote)
        return killed_at, again["sent"] / size


def write_random(path: Path, size: int) -> None:
    with path.open("wb") as out:
        for offset in range(0, size, 16 * MiB):
            out.write(os.urandom(min(16 * MiB, size - offset)))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        child(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mib", type=int, default=1024, help="throughput file size (default 1024)")
    parser.add_argument("--rss-size-mib", type=int, default=2048, help="memory-test file size (default 2048)")
    parser.add_argument("--repeat", type=int, default=5, help="throughput runs of each kind (default 5)")
    parser.add_argument(
        "--back-memory-gib",
        type=float,
        default=4.0,
        help="GiB of memory touched and released before each contender, so none writes into memory the VM "
        "has yet to back (bench/_memory.py; 0 turns it off; default 4)",
    )
    parser.add_argument("--tmp-root", type=Path, default=Path(tempfile.gettempdir()), help="where to put the files")
    parser.add_argument("--part-size-mib", type=int, default=0, help="override the SDK part size")
    parser.add_argument("--concurrency", type=int, default=0, help="override the SDK concurrency")
    parser.add_argument("--skip-rss", action="store_true")
    parser.add_argument("--skip-resume", action="store_true")
    args = parser.parse_args()

    if shutil.which("curl") is None:
        raise SystemExit("curl is not installed")
    size, rss_size = args.size_mib * MiB, args.rss_size_mib * MiB
    # Source, downloaded copy and the emulator's blob of each file, plus an upload session's parts.
    needed = 4 * size + (0 if args.skip_rss else 4 * rss_size) + 512 * MiB
    free = shutil.disk_usage(args.tmp_root).free
    print(f"free space under {args.tmp_root}: {free / 2**30:.1f} GiB (need about {needed / 2**30:.1f} GiB)")
    if free < needed:
        raise SystemExit("not enough free space; pass --tmp-root or smaller sizes")

    from vantage_emulator.testing import run_emulator

    workdir = Path(tempfile.mkdtemp(prefix="vantage-bench-", dir=args.tmp_root))
    try:
        with run_emulator(data_dir=workdir / "emulator") as emulator:
            bench = Bench(args, emulator, workdir)
            source = workdir / "source.bin"
            write_random(source, size)
            print(f"throughput, {args.size_mib} MiB file, {args.repeat} interleaved runs each:")
            runs = bench.throughput(source, size)
            medians = {k: statistics.median(v) for k, v in runs.items()}
            results: dict[str, Any] = {"throughput_mib_s": medians}
            join = statistics.median(bench.join_seconds)
            results["server_join_seconds"] = join
            for op, target in (("upload", "100%"), ("download", "90%")):
                ratio = medians[f"sdk {op}"] / medians[f"curl {op}"]
                results[f"{op}_ratio"] = ratio
                results[f"{op}_sha256_ratio"] = medians[f"sdk {op} sha256"] / medians[f"curl {op}"]
                per_round = [sdk / curl for sdk, curl in zip(runs[f"sdk {op}"], runs[f"curl {op}"], strict=True)]
                results[f"{op}_round_ratios"] = per_round
                results[f"{op}_round_ratio_median"] = statistics.median(per_round)
                print(
                    f"{op:>9}: curl {medians[f'curl {op}']:7.1f} MiB/s   sdk {medians[f'sdk {op}']:7.1f} MiB/s   "
                    f"sdk/curl {ratio:6.1%}  (best: curl {max(runs[f'curl {op}']):.0f}, "
                    f"sdk {max(runs[f'sdk {op}']):.0f})  target >= {target}"
                )
                print(
                    f"           round by round: median {statistics.median(per_round):6.1%}  "
                    f"({', '.join(f'{r:.0%}' for r in per_round)})"
                )
                print(
                    f"           verify='sha256': sdk {medians[f'sdk {op} sha256']:7.1f} MiB/s   "
                    f"sdk/curl {results[f'{op}_sha256_ratio']:6.1%}"
                )
            without_join = size / MiB / (size / MiB / medians["sdk upload"] - join)
            print(
                f"           completing the session (complete_upload) took {join:.2f} s of each SDK upload; "
                f"without it the SDK would upload at {without_join:.0f} MiB/s"
            )
            verified = statistics.median(bench.verified_curl)
            results["curl_download_then_sha256_mib_s"] = verified
            print(
                f"           curl -o then `{' '.join(HASH_COMMAND)}` (verified like the SDK's download): "
                f"{verified:.0f} MiB/s; sdk/that {medians['sdk download'] / verified:.0%}"
            )
            if not args.skip_resume:
                killed_at, resent = bench.resume(source, size)
                results["resume"] = {"killed_at": killed_at, "resent_fraction": resent}
                print(f"   resume: killed at {killed_at:.0%}; the rerun sent {resent:.1%} of the file  target < 60%")
            source.unlink()
            if not args.skip_rss:
                big = workdir / "big.bin"
                write_random(big, rss_size)
                up = bench.sdk("upload", big, "/bench/big.bin")
                big.unlink()
                down = bench.sdk("download", big, "/bench/big.bin")
                big.unlink()
                results["rss_growth_mib"] = {"upload": up["rss_growth_mib"], "download": down["rss_growth_mib"]}
                print(
                    f"   memory: peak RSS growth over a {args.rss_size_mib} MiB transfer: upload "
                    f"{up['rss_growth_mib']:.1f} MiB, download {down['rss_growth_mib']:.1f} MiB  target < 64 MiB"
                )
            print(json.dumps(results))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

"""How fast can Python + httpx download a verified 1 GiB file from the emulator on this machine?

``bench/transfer.py`` compares ``client.storage.download`` with ``curl -o``. This script asks where
the ceiling is for any httpx-based client, by timing the simplest possible downloads side by side
with curl and the SDK, each in its own process, against one emulator on loopback:

* ``curl``: ``curl -o FILE`` (no verification);
* ``httpx``: one streamed ``GET``, ``iter_raw()`` chunks written to the file, nothing else;
* ``httpx+sha256``: the same, each chunk also fed to ``hashlib.sha256`` in the receiving thread;
* ``httpx+sha256 thread``: the same, the hash in a second thread fed the received chunks (no re-read);
* ``httpx+crc32c``: one streamed ``GET``, each chunk fed to ``google_crc32c`` in the receiving thread;
* ``sdk``: ``client.storage.download`` as shipped (ranges, temp file, journal, CRC32C verification, rename);
* ``sdk sha256``: the same with ``TransferConfig(verify="sha256")`` (the file read back and hashed).

For each it prints the median throughput of ``--repeat`` interleaved runs, the client's CPU
seconds and the emulator's, so the gap between curl and the SDK can be split into what verifying
costs and what the SDK's own machinery costs. The last line is JSON.

Run: ``.venv/bin/python bench/download_ceiling.py [--size-mib 1024] [--repeat 3] [--tmp-root DIR]``
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

from _memory import back_free_memory

MiB = 1024 * 1024
KINDS = ["curl", "httpx", "httpx+sha256", "httpx+sha256 thread", "httpx+crc32c", "sdk", "sdk sha256"]


def child(kind: str, base_url: str, api_key: str, organization: str, remote: str, local: str) -> None:
    """One download in this process; prints JSON: seconds and CPU seconds of this process."""
    import httpx

    if kind.startswith("sdk"):
        # Imported before the clock starts, as httpx is for the other kinds (and curl's own time
        # leaves out its start-up): what is timed is the download.
        from vantage_sdk import TransferConfig, VantageClient

    headers = {"Authorization": f"Bearer {api_key}", "X-Vantage-Organization": organization}
    url = f"{base_url}/v1/storage/content?path={urllib.parse.quote(remote)}"
    cpu, started = time.process_time(), time.perf_counter()
    if kind.startswith("sdk"):
        with VantageClient(api_key=api_key, base_url=base_url, organization=organization) as client:
            client.storage.transfer_config = TransferConfig(verify="sha256" if kind == "sdk sha256" else "crc32c")
            client.storage.download(remote, local)
    else:
        with httpx.Client(timeout=300) as http, http.stream("GET", url, headers=headers) as response:
            response.raise_for_status()
            with open(local, "wb") as out:
                if kind == "httpx":
                    for chunk in response.iter_raw():
                        out.write(chunk)
                elif kind == "httpx+sha256":
                    digest = hashlib.sha256()
                    for chunk in response.iter_raw():
                        out.write(chunk)
                        digest.update(chunk)
                    assert digest.hexdigest() == response.headers["x-content-sha256"]
                elif kind == "httpx+crc32c":
                    import base64

                    import google_crc32c

                    crc = 0
                    for chunk in response.iter_raw():
                        out.write(chunk)
                        crc = google_crc32c.extend(crc, chunk)
                    wire = base64.b64encode(crc.to_bytes(4, "big")).decode()
                    assert wire == response.headers["x-content-crc32c"]
                else:
                    _hash_in_a_thread(response, out)
    print(json.dumps({"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu}))


def _hash_in_a_thread(response: Any, out: Any) -> None:
    chunks: queue.Queue[bytes | None] = queue.Queue(maxsize=64)
    digest = hashlib.sha256()

    def hash_chunks() -> None:
        while (chunk := chunks.get()) is not None:
            digest.update(chunk)

    hasher = threading.Thread(target=hash_chunks)
    hasher.start()
    try:
        for chunk in response.iter_raw():
            out.write(chunk)
            chunks.put(chunk)
    finally:
        chunks.put(None)
        hasher.join()
    assert digest.hexdigest() == response.headers["x-content-sha256"]


def server_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        child(*sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--back-memory-gib", type=float, default=4.0, help="see bench/_memory.py (0 turns it off; default 4)"
    )
    parser.add_argument("--tmp-root", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args()
    if shutil.which("curl") is None:
        raise SystemExit("curl is not installed")

    from vantage_emulator.testing import run_emulator

    size = args.size_mib * MiB
    workdir = Path(tempfile.mkdtemp(prefix="vantage-ceiling-", dir=args.tmp_root))
    runs: dict[str, list[dict[str, float]]] = {kind: [] for kind in KINDS}
    try:
        with run_emulator(data_dir=workdir / "emulator") as emulator:
            pid = emulator._process.pid if emulator._process else 0
            source = workdir / "source.bin"
            with source.open("wb") as out:
                for _ in range(0, size, 16 * MiB):
                    out.write(os.urandom(16 * MiB))
            url = f"{emulator.base_url}/v1/storage/content?path=/bench/ceiling.bin"
            auth = ["-H", f"Authorization: Bearer {emulator.api_key}"]
            org = ["-H", f"X-Vantage-Organization: {emulator.organization}"]
            upload = ["curl", "-sS", "--fail", "-T", str(source), "-o", "/dev/null", *auth, *org, url]
            subprocess.run(upload, check=True)
            source.unlink()
            target = workdir / "downloaded.bin"
            for round_ in range(args.repeat):
                for kind in KINDS:
                    target.unlink(missing_ok=True)
                    back_free_memory(args.back_memory_gib)
                    before = server_cpu(pid)
                    if kind == "curl":
                        command = ["curl", "-sS", "--fail", "-o", str(target), "-w", "%{time_total}", *auth, *org, url]
                        times = os.times()
                        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
                        after = os.times()
                        children = after.children_user + after.children_system
                        run = {"seconds": float(out), "cpu": children - times.children_user - times.children_system}
                    else:
                        command = [sys.executable, __file__, "child", kind, emulator.base_url, emulator.api_key]
                        command += [emulator.organization, "/bench/ceiling.bin", str(target)]
                        result = subprocess.run(command, capture_output=True, text=True, check=False)
                        if result.returncode:
                            raise SystemExit(f"{kind} failed:\n{result.stderr[-3000:]}")
                        run = json.loads(result.stdout.strip().splitlines()[-1])
                    run["server_cpu"] = server_cpu(pid) - before
                    runs[kind].append(run)
                print(
                    f"  round {round_ + 1}: "
                    + ", ".join(f"{kind} {size / MiB / runs[kind][-1]['seconds']:.0f}" for kind in KINDS)
                    + " MiB/s",
                    flush=True,
                )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    curl = statistics.median(size / MiB / r["seconds"] for r in runs["curl"])
    results: dict[str, Any] = {}
    print(f"{args.size_mib} MiB download, medians of {args.repeat} interleaved runs:")
    for kind in KINDS:
        speed = statistics.median(size / MiB / r["seconds"] for r in runs[kind])
        cpu = statistics.median(r["cpu"] for r in runs[kind])
        server = statistics.median(r["server_cpu"] for r in runs[kind])
        results[kind] = {"mib_s": speed, "vs_curl": speed / curl, "client_cpu": cpu, "server_cpu": server}
        print(
            f"  {kind:<20} {speed:7.0f} MiB/s  {speed / curl:6.1%} of curl   client CPU {cpu:5.2f} s"
            f"   emulator CPU {server:5.2f} s"
        )
    print(json.dumps(results))


if __name__ == "__main__":
    main()

"""The emulator's storage throughput and memory, measured with plain httpx on loopback.

Runs one emulator (``run_emulator``) and, for a file of ``--size-mib`` (default 1 GiB):

* single PUT: the whole file in one streamed ``PUT /v1/storage/content``;
* session: ``POST /v1/storage/uploads``, parts of ``--part-size-mib`` sent by ``--parallel``
  threads, then ``complete`` (which checks the whole-file sha256 the server computed as the parts
  arrived: included in the time);
* download: one streamed ``GET /v1/storage/content``.

For each it reports MB/s (10^6 bytes per second) and the emulator's peak RSS during that
transfer (``VmHWM`` of /proc/<pid>/status, reset before each transfer through
/proc/<pid>/clear_refs), next to its RSS before. Streaming on both sides means the peak
stays flat whatever the size; a whole-file buffer would show up as +1 GiB.

The last line printed is JSON with every figure.

Run: ``.venv/bin/python bench/emulator_transfer.py [--size-mib 1024] [--part-size-mib 8] [--parallel 4]``
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from vantage_emulator.testing import EmulatorProcess, run_emulator

MiB = 1024 * 1024
CHUNK = MiB
OCTET = {"Content-Type": "application/octet-stream"}


def status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def reset_peak(pid: int) -> bool:
    """Reset VmHWM to the current RSS (Linux >= 4.0); False when not allowed."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def make_file(path: Path, size: int) -> str:
    """A file of `size` pseudo-random bytes; returns its sha256."""
    digest = hashlib.sha256()
    block = os.urandom(CHUNK)
    with open(path, "wb") as out:
        written = 0
        while written < size:
            # Vary each MiB so no two parts are alike.
            chunk = (written.to_bytes(8, "little") + block[8:])[: size - written]
            out.write(chunk)
            digest.update(chunk)
            written += len(chunk)
    return digest.hexdigest()


def disk_baseline(directory: Path, size: int) -> float:
    """MB/s of writing, hashing and fsyncing `size` bytes with plain Python: what the
    emulator does with every upload, without HTTP, for scale."""
    block = os.urandom(CHUNK)
    digest = hashlib.sha256()
    started = time.perf_counter()
    with open(directory / "baseline.bin", "wb") as out:
        for offset in range(0, size, CHUNK):
            chunk = block[: size - offset]
            digest.update(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    seconds = time.perf_counter() - started
    (directory / "baseline.bin").unlink()
    return round(size / seconds / 1e6, 1)


def file_chunks(path: Path, offset: int = 0, length: int | None = None) -> Iterator[bytes]:
    with open(path, "rb") as source:
        source.seek(offset)
        remaining = os.path.getsize(path) - offset if length is None else length
        while remaining > 0:
            chunk = source.read(min(CHUNK, remaining))
            if not chunk:
                return
            remaining -= len(chunk)
            yield chunk


def single_put(client: httpx.Client, path: Path, remote: str, size: int) -> None:
    headers = {**OCTET, "Content-Length": str(size)}
    response = client.put("/v1/storage/content", params={"path": remote}, content=file_chunks(path), headers=headers)
    response.raise_for_status()


def session_upload(client: httpx.Client, path: Path, remote: str, size: int, digest: str, part: int, jobs: int) -> None:
    created = client.post("/v1/storage/uploads", json={"path": remote, "size": size, "part_size": part})
    created.raise_for_status()
    session = created.json()

    def send(number: int) -> None:
        offset = (number - 1) * part
        length = min(part, size - offset)
        headers = {**OCTET, "Content-Length": str(length)}
        url = f"/v1/storage/uploads/{session['upload_id']}/parts/{number}"
        client.put(url, content=file_chunks(path, offset, length), headers=headers).raise_for_status()

    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(send, range(1, session["part_count"] + 1)))
    done = client.post(f"/v1/storage/uploads/{session['upload_id']}/complete", json={"sha256": digest})
    done.raise_for_status()


def download(client: httpx.Client, remote: str, size: int, digest: str) -> None:
    received = 0
    with client.stream("GET", "/v1/storage/content", params={"path": remote}) as response:
        response.raise_for_status()
        if response.headers["x-content-sha256"] != digest:
            raise SystemExit(f"download of {remote}: the emulator stored another sha256")
        # No chunk size: httpx re-chunking costs more than the whole transfer on loopback.
        for chunk in response.iter_raw():
            received += len(chunk)
    if received != size:
        raise SystemExit(f"download of {remote}: got {received} of {size} bytes")


def measure(emulator: EmulatorProcess, name: str, size: int, run: Callable[[], None]) -> dict[str, Any]:
    pid = emulator.pid
    assert pid is not None
    # Earlier writes still in the page cache would be flushed during this transfer and slow it.
    os.sync()
    rss_before = status_kib(pid, "VmRSS")
    reset = reset_peak(pid)
    cpu_before = cpu_seconds(pid)
    client_before = time.process_time()
    started = time.perf_counter()
    run()
    seconds = time.perf_counter() - started
    client_cpu = time.process_time() - client_before
    figures = {
        "seconds": round(seconds, 2),
        "mb_per_s": round(size / seconds / 1e6, 1),
        "emulator_cpu_s": round(cpu_seconds(pid) - cpu_before, 2),
        "client_cpu_s": round(client_cpu, 2),
        "rss_before_mib": round(rss_before / 1024, 1),
        "peak_rss_mib": round(status_kib(pid, "VmHWM") / 1024, 1),
        "peak_is_this_transfer": reset,
    }
    print(
        f"{name:<11} {figures['mb_per_s']:>8.1f} MB/s  {seconds:6.2f} s   emulator CPU"
        f" {figures['emulator_cpu_s']:5.2f} s (client {client_cpu:5.2f} s), RSS before"
        f" {figures['rss_before_mib']:6.1f} MiB, peak {figures['peak_rss_mib']:6.1f} MiB",
        flush=True,
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mib", type=int, default=1024, help="file size (default 1024)")
    parser.add_argument("--part-size-mib", type=int, default=8, help="upload session part size (default 8)")
    parser.add_argument("--parallel", type=int, default=4, help="parts in flight at once (default 4)")
    parser.add_argument("--tmp-root", type=Path, default=None, help="where the test file and data dir go")
    args = parser.parse_args()
    size = args.size_mib * MiB
    part = args.part_size_mib * MiB
    with tempfile.TemporaryDirectory(prefix="vantage-bench-", dir=args.tmp_root) as tmp:
        root = Path(tmp)
        free = os.statvfs(root).f_bavail * os.statvfs(root).f_frsize
        if free < 4 * size:
            raise SystemExit(f"need {4 * size // MiB} MiB free in {root}, have {free // MiB} MiB")
        source = root / "source.bin"
        digest = make_file(source, size)
        print(f"file: {args.size_mib} MiB, parts of {args.part_size_mib} MiB x {args.parallel} in flight", flush=True)
        os.sync()
        baseline = disk_baseline(root, size)
        print(f"disk baseline (write + sha256 + fsync, no HTTP): {baseline:.1f} MB/s", flush=True)
        results: dict[str, Any] = {
            "size_mib": args.size_mib,
            "part_size_mib": args.part_size_mib,
            "parallel": args.parallel,
            "disk_baseline_mb_per_s": baseline,
        }
        with run_emulator(data_dir=root / "data") as emulator:
            limits = httpx.Limits(max_connections=args.parallel + 1)
            client = httpx.Client(
                base_url=emulator.base_url, headers=emulator.headers, timeout=httpx.Timeout(600.0), limits=limits
            )
            with client:
                client.get("/v1/storage/files", params={"path": "/"}).raise_for_status()
                results["idle_rss_mib"] = round(status_kib(emulator.pid or 0, "VmRSS") / 1024, 1)
                transfers: list[tuple[str, str, Callable[[], None]]] = [
                    ("single_put", "single PUT", lambda: single_put(client, source, "/b/single", size)),
                    (
                        "session",
                        "session",
                        lambda: session_upload(client, source, "/b/session", size, digest, part, args.parallel),
                    ),
                    ("download", "download", lambda: download(client, "/b/single", size, digest)),
                ]
                for key, label, run in transfers:
                    results[key] = measure(emulator, label, size, run)
    print(json.dumps(results), flush=True)


if __name__ == "__main__":
    main()

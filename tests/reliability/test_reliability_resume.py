"""Resumption: a log stream cut again and again, and an upload whose server is SIGKILLed mid-way."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from pathlib import Path

from vantage_emulator.testing import EmulatorProcess, run_emulator
from vantage_sdk import APIConnectionError, AsyncVantageClient, ServerError, VantageClient
from vantage_sdk.resources.storage import TransferConfig

from .conftest import FULL, Figures, clean_client, sha256_file
from .faultproxy import FaultPlan, FaultProxy, ProxiedRequest

MiB = 1024 * 1024
LINES = 100_000 if FULL else 20_000
CUTS = 20


def numbered_lines_job(lines: int, batches: int = 200) -> dict[str, object]:
    """A job printing 1..lines in batches with short pauses (about 6 s in all), so the stream follows it live
    (a reader far behind the job would mostly read what its socket buffered before a cut)."""
    per = lines // batches
    script = f"for i in $(seq 0 {batches - 1}); do seq $((i*{per}+1)) $(((i+1)*{per})); sleep 0.03; done"
    return {"name": "numbered-lines", "spec": {"command": ["sh", "-c", script]}}


def stream_only(method: str, target: str) -> bool:
    return "/logs/stream" in target


def test_logs_stream_of_20000_lines_cut_at_least_10_times_yields_each_line_once_in_order(
    vantage_emulator: EmulatorProcess, figures: Figures
) -> None:
    # Besides the cuts below, a fifth of the stream's connections break by themselves mid-body.
    plan = FaultPlan(cut_body=0.2, seed=21, eligible=stream_only)
    with FaultProxy(vantage_emulator.base_url, plan) as proxy:
        client = VantageClient(
            api_key=vantage_emulator.api_key, base_url=proxy.base_url, organization=vantage_emulator.organization
        )
        with client:
            job = client.jobs.submit(numbered_lines_job(LINES))
            started = time.monotonic()
            seen: list[str] = []
            cuts = lines_since_reconnect = 0
            cut_at = len(proxy.requests)
            for line in client.jobs.logs_stream(job.id):
                seen.append(line)
                # Lines already buffered from a cut connection keep coming for a while; count only those
                # read after the SDK reconnected, and cut each new connection once it carried some.
                if len(proxy.requests) > cut_at:
                    lines_since_reconnect += 1
                if lines_since_reconnect >= LINES // 100 and cuts < CUTS and proxy.cut_all():
                    cuts += 1
                    cut_at, lines_since_reconnect = len(proxy.requests), 0
            elapsed = time.monotonic() - started
            status = client.jobs.get(job.id).status
        streams = [r for r in proxy.requests if stream_only(r.method, r.target)]
    assert status == "succeeded"
    assert len(seen) == LINES
    assert seen == [str(n) for n in range(1, LINES + 1)], "a line was lost, repeated or reordered"
    assert cuts >= 10
    assert len(streams) - 1 >= 10, "every cut should have made the SDK reconnect"
    offsets = sorted({r.target.partition("offset=")[2] for r in streams})
    figures.add(
        "log stream",
        f"{LINES} lines followed in {elapsed:.1f}s through {cuts} cuts and "
        f"{Counter(r.fault for r in streams)['cut_body']} mid-body breaks: {len(streams) - 1} reconnections "
        f"(resumed at {len(offsets)} distinct offsets), every line exactly once and in order",
    )


async def test_async_logs_stream_cut_repeatedly_yields_each_line_once_in_order(
    vantage_emulator: EmulatorProcess,
) -> None:
    lines = 4000
    with FaultProxy(vantage_emulator.base_url) as proxy:
        async with AsyncVantageClient(
            api_key=vantage_emulator.api_key, base_url=proxy.base_url, organization=vantage_emulator.organization
        ) as client:
            job = await client.jobs.submit(numbered_lines_job(lines, batches=20))
            seen: list[str] = []
            async for line in client.jobs.logs_stream(job.id):
                seen.append(line)
                if len(seen) % 500 == 0:
                    proxy.cut_all()
    assert seen == [str(n) for n in range(1, lines + 1)]


def test_emulator_sigkilled_mid_multipart_upload_then_restarted_the_upload_resumes_and_verifies(
    tmp_path: Path, journal_dir: Path, figures: Figures
) -> None:
    size = 64 * MiB  # 8 parts of 8 MiB, sent 4 at a time
    source = tmp_path / "big.bin"
    source.write_bytes(random.Random(64).randbytes(size))
    sha256 = sha256_file(source)
    remote = "/reliability/killed/big.bin"
    killed_at: int | None = None
    restarter = threading.Thread(target=lambda: None)
    # Parts wait a little in the proxy, so the kill lands while the second half is in flight.
    slow_parts = FaultPlan(delay=1.0, delay_seconds=0.3, eligible=lambda method, target: "/parts/" in target)

    with run_emulator(data_dir=tmp_path / "data") as emulator, FaultProxy(emulator.base_url, slow_parts) as proxy:

        def is_part(r: ProxiedRequest) -> bool:
            return r.method == "PUT" and "/parts/" in r.target

        def kill_halfway(upload_done: threading.Event) -> None:
            nonlocal killed_at, restarter
            while not upload_done.wait(0.005):
                if sum(is_part(r) and r.status == 200 for r in proxy.requests) >= 4:
                    killed_at = len(proxy.requests)
                    emulator.kill()
                    restarter = threading.Thread(target=emulator.start)
                    restarter.start()
                    return

        reruns = 0
        upload_done = threading.Event()
        killer = threading.Thread(target=kill_halfway, args=(upload_done,))
        killer.start()
        with VantageClient(api_key=emulator.api_key, base_url=proxy.base_url) as client:
            client.storage.transfer_config = TransferConfig(part_size=8 * MiB)
            try:
                client.storage.upload(source, remote)
            except (APIConnectionError, ServerError):
                # The default retries gave up while the emulator was down: run the same upload again.
                reruns += 1
                killer.join()
                restarter.join()
                client.storage.upload(source, remote)
            finally:
                upload_done.set()
                killer.join()
        assert killed_at is not None, "the upload finished before the kill"
        restarter.join()

        before = {r.target for r in proxy.requests[:killed_at] if is_part(r) and r.status == 200}
        after = [r for r in proxy.requests[killed_at:] if is_part(r) and r.status == 200]
        resent_bytes = sum(r.body_bytes for r in after)
        assert before, "the kill should come after some parts were stored"
        assert not before & {r.target for r in after}, "a part the server acknowledged before the crash was sent again"
        assert resent_bytes < size
        assert any(r.target.endswith("/complete") and r.status == 201 for r in proxy.requests[killed_at:])

        with clean_client(emulator) as clean:
            info = clean.storage.metadata(remote)
            clean.storage.download(remote, tmp_path / "back.bin")
        assert (info.size, info.sha256) == (size, sha256)
        assert sha256_file(tmp_path / "back.bin") == sha256
        org = emulator.data_dir / "storage" / emulator.organization
        assert not any((org / "tmp").iterdir()) and not any((org / "uploads").iterdir())
    assert not journal_dir.exists() or not any(journal_dir.iterdir())
    figures.add(
        "SIGKILL mid-upload",
        f"64 MiB in 8 parts, emulator SIGKILLed once 4 parts were stored, then restarted: "
        f"{len(before)} parts acknowledged before the kill were kept, {len(after)} parts sent after it "
        f"({resent_bytes / MiB:.0f} of 64 MiB), "
        f"{reruns} re-run of the upload call; sha256 verified by the server and on download",
    )

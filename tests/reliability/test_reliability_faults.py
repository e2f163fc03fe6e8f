"""Job submits and file transfers with the default client while about 30% of requests fail.

Faults come from two places at once: the emulator's own knobs (503 with Retry-After, response lost
after processing) and ``FaultProxy`` between the client and the emulator (connection dropped before
the request reaches the server or after it was processed, response cut mid-body, delays, trickled
bytes). The client is a default ``VantageClient`` (2 retries, real backoff); a call that still fails
after its retries is called again with the ``Idempotency-Key`` of its failed request (read from the
error), as an application would, and the figures count those.
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar
from uuid import uuid4

import pytest

from vantage_emulator.testing import EmulatorProcess, run_emulator
from vantage_sdk import APIConnectionError, Job, ServerError, VantageAPIError, VantageClient

from .conftest import FULL, Figures, clean_client, sha256_file
from .faultproxy import FaultPlan, FaultProxy

T = TypeVar("T")
MiB = 1024 * 1024

SUBMITS = 900 if FULL else 300
UPLOADS = 90 if FULL else 30
UPLOAD_SIZES = (1 * MiB, 48 * MiB)
APP_ROUNDS = 5  # calls of one operation by the "application" before the test gives up

# About 7% of requests fail inside the emulator and 23% more in the proxy: ~28% of all requests.
EMULATOR_FAULTS = [
    "--fault-503-rate", "0.04", "--fault-drop-after-rate", "0.03", "--fault-retry-after", "1", "--fault-seed", "6",
]  # fmt: skip
PROXY_FAULTS = FaultPlan(drop_before=0.06, drop_after=0.07, cut_body=0.03, delay=0.04, trickle=0.03, seed=7)


@pytest.fixture(scope="module")
def faulty_emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorProcess]:
    data_dir = tmp_path_factory.mktemp("faulty-emulator") / "data"
    with run_emulator(data_dir=data_dir, extra_args=EMULATOR_FAULTS) as emulator:
        yield emulator


@pytest.fixture(scope="module")
def faulty_proxy(faulty_emulator: EmulatorProcess) -> Iterator[FaultProxy]:
    with FaultProxy(faulty_emulator.base_url, PROXY_FAULTS) as proxy:
        yield proxy


def default_client(emulator: EmulatorProcess, proxy: FaultProxy) -> VantageClient:
    return VantageClient(api_key=emulator.api_key, base_url=proxy.base_url, organization=emulator.organization)


def failed_key(exc: VantageAPIError | APIConnectionError) -> str | None:
    """The Idempotency-Key of the request behind an error, to repeat the call safely."""
    request = exc.response.request if isinstance(exc, VantageAPIError) and exc.response is not None else None
    request = request or getattr(exc, "request", None)
    return request.headers.get("Idempotency-Key") if request is not None else None


def as_an_application(call: Callable[[str | None], T], recalls: Counter[str], name: str) -> T:
    """Run ``call(key)``; when it fails after the SDK's retries, call again with the failed request's key."""
    key: str | None = None
    for _ in range(APP_ROUNDS):
        try:
            return call(key)
        except (APIConnectionError, ServerError) as exc:
            recalls[name] += 1
            key = failed_key(exc) or key
    return call(key)


def fault_summary(proxy: FaultProxy, since: int) -> str:
    seen = proxy.requests[since:]
    faults = Counter(r.fault for r in seen if r.fault)
    # What the emulator's own knobs did: a 503, or no response to a request the proxy passed on whole.
    faults["emulator 503"] = sum(r.status == 503 for r in seen)
    faults["emulator drop"] = sum(r.status is None and r.fault in (None, "delay", "trickle") for r in seen)
    share = sum(faults.values()) / max(1, len(seen))
    return f"{len(seen)} requests, {sum(faults.values())} faulted ({share:.0%}): {dict(faults)}"


def test_300_submits_through_30_percent_faults_make_exactly_300_jobs(
    faulty_emulator: EmulatorProcess, faulty_proxy: FaultProxy, figures: Figures
) -> None:
    run = uuid4().hex[:12]
    recalls: Counter[str] = Counter()
    since = len(faulty_proxy.requests)
    started = time.monotonic()

    with default_client(faulty_emulator, faulty_proxy) as client:

        def submit(n: int) -> Job:
            template = {"name": f"rel-{n}", "spec": {"command": ["true"]}}
            return as_an_application(
                lambda key: client.jobs.submit(template, labels={"run": run}, idempotency_key=key), recalls, str(n)
            )

        with ThreadPoolExecutor(max_workers=8) as pool:
            submitted = list(pool.map(submit, range(SUBMITS)))
    elapsed = time.monotonic() - started

    with clean_client(faulty_emulator) as clean:
        listed = [
            job for job in clean.jobs.list_all(page_size=1000) if "run" in job.labels and job.labels["run"] == run
        ]
    names = Counter(job.name for job in listed)
    assert sorted(names) == sorted(f"rel-{n}" for n in range(SUBMITS)), "a submitted job is missing"
    assert max(names.values()) == 1, f"duplicated jobs: {[n for n, c in names.items() if c > 1]}"
    assert len(listed) == SUBMITS
    assert {job.id for job in submitted} == {job.id for job in listed}
    assert [job.name for job in submitted] == [f"rel-{n}" for n in range(SUBMITS)]

    posts = [r for r in faulty_proxy.requests[since:] if r.method == "POST" and r.target == "/v1/jobs"]
    per_key = Counter(r.idempotency_key for r in posts)
    assert all(key for key in per_key), "every submit carries an Idempotency-Key"
    assert len(per_key) == SUBMITS, "one key per submit, reused by its retries and by the application's re-call"
    figures.add(
        "300 submits",
        f"{SUBMITS} submits in {elapsed:.1f}s with 8 threads -> {len(listed)} jobs, 0 duplicated, 0 missing; "
        f"{len(posts)} POST attempts reached the proxy ({len(posts) - SUBMITS} repeats); "
        f"{sum(recalls.values())} calls exhausted the default 2 retries and were re-called with their key; "
        + fault_summary(faulty_proxy, since),
    )


def write_random_file(path: Path, size: int, rng: random.Random) -> str:
    digest = hashlib.sha256()
    with open(path, "wb") as f:
        remaining = size
        while remaining:
            chunk = rng.randbytes(min(4 * MiB, remaining))
            f.write(chunk)
            digest.update(chunk)
            remaining -= len(chunk)
    return digest.hexdigest()


def leftovers(root: Path) -> list[str]:
    """Files under ``root`` (for "no partial files" checks), relative."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_30_uploads_of_1_to_48_mib_through_faults_are_stored_whole_and_leave_nothing_partial(
    faulty_emulator: EmulatorProcess,
    faulty_proxy: FaultProxy,
    figures: Figures,
    tmp_path: Path,
    journal_dir: Path,
) -> None:
    rng = random.Random(30)
    sources = tmp_path / "sources"
    sources.mkdir()
    expected: dict[str, tuple[Path, int, str]] = {}
    for n in range(UPLOADS):
        size = rng.randint(*UPLOAD_SIZES)
        path = sources / f"file-{n:02d}.bin"
        expected[f"/reliability/uploads/file-{n:02d}.bin"] = (path, size, write_random_file(path, size, rng))
    total = sum(size for _, size, _ in expected.values())
    recalls: Counter[str] = Counter()
    since = len(faulty_proxy.requests)
    started = time.monotonic()

    with default_client(faulty_emulator, faulty_proxy) as client:

        def upload(remote: str) -> None:
            # A re-run with the same arguments resumes the same session from the journal.
            as_an_application(lambda _key: client.storage.upload(expected[remote][0], remote), recalls, remote)

        with ThreadPoolExecutor(max_workers=3) as pool:
            list(pool.map(upload, expected))
        upload_seconds = time.monotonic() - started
        upload_summary = fault_summary(faulty_proxy, since)

        since = len(faulty_proxy.requests)
        downloads = tmp_path / "downloads"
        downloads.mkdir()
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=3) as pool:
            list(
                pool.map(
                    lambda remote: as_an_application(
                        lambda _key: client.storage.download(remote, downloads / Path(remote).name), recalls, remote
                    ),
                    expected,
                )
            )
        download_seconds = time.monotonic() - started

    with clean_client(faulty_emulator) as clean:
        stored = {f.path: f for f in clean.storage.list("/reliability/uploads/", include_metadata=True)}
    assert sorted(stored) == sorted(expected)
    for remote, (path, size, sha256) in expected.items():
        assert (stored[remote].size, stored[remote].sha256) == (size, sha256), remote
        assert sha256_file(downloads / path.name) == sha256, f"{remote} came back different"

    # Nothing partial on the client: sources untouched, downloads whole, no journal or temp file.
    assert leftovers(sources) == sorted(p.name for p, _, _ in expected.values())
    assert leftovers(downloads) == sorted(p.name for p, _, _ in expected.values())
    assert leftovers(journal_dir) == []
    # Nothing partial on the server: no temp body, no part file, one blob per stored file.
    org = faulty_emulator.data_dir / "storage" / faulty_emulator.organization
    assert leftovers(org / "tmp") == []
    assert leftovers(org / "uploads") == []
    # A blob is a file, or the directory of parts an upload session left (`blobs/<aa>/<sha256>`).
    assert len(list((org / "blobs").glob("*/*"))) == UPLOADS
    with sqlite3.connect(f"file:{faulty_emulator.data_dir / 'emulator.sqlite3'}?mode=ro", uri=True) as db:
        open_sessions = db.execute("SELECT count(*) FROM storage_uploads WHERE status = 'open'").fetchone()[0]

    figures.add(
        "30 uploads",
        f"{UPLOADS} files, {total / MiB:.0f} MiB uploaded in {upload_seconds:.1f}s "
        f"({total / MiB / upload_seconds:.0f} MiB/s) and downloaded in {download_seconds:.1f}s, every sha256 "
        f"right, 0 partial files either side, {open_sessions} empty upload sessions left open; "
        f"{sum(recalls.values())} calls re-run after exhausting the default retries; uploads: {upload_summary}; "
        f"downloads: {fault_summary(faulty_proxy, since)}",
    )

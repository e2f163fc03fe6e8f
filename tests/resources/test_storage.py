"""``client.storage`` end to end against the emulator (sync and async).

The multipart threshold and part size are lowered so session uploads and ranged downloads run on
files of a few hundred KiB. Bytes on the wire are counted by a wrapping transport; the only
stand-in for the server is a transport that corrupts downloaded bytes (a real server will not).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import signal
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import anyio
import google_crc32c
import httpx
import pytest
from seed_reference import python_blocks, seed_reference

from vantage_emulator.testing import EmulatorProcess
from vantage_sdk import AsyncVantageClient, VantageClient
from vantage_sdk._transfer import download_temp_paths
from vantage_sdk.exceptions import (
    ConflictError,
    IntegrityError,
    ResourceNotFoundError,
    TransferError,
    ValidationError,
)
from vantage_sdk.resources import storage as storage_module
from vantage_sdk.resources.storage import AsyncStorage, Storage, TransferConfig, TransferSummary

KiB = 1024
THRESHOLD = 64 * KiB
PART = 16 * KiB


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def blob(size: int, seed: str = "") -> bytes:
    return hashlib.shake_256(seed.encode() or b"x").digest(size) if size else b""


class Interrupt(Exception):
    """A progress callback's way of stopping a transfer midway (like Ctrl-C)."""


class Progress:
    """Records progress calls; raises ``Interrupt`` once ``interrupt_at`` of the total is reached."""

    def __init__(self, interrupt_at: float | None = None) -> None:
        self.calls: list[tuple[int, int]] = []
        self.interrupt_at = interrupt_at

    def __call__(self, done: int, total: int) -> None:
        self.calls.append((done, total))
        if self.interrupt_at is not None and self.interrupt_at * total <= done < total:
            raise Interrupt(f"{done}/{total}")

    def check(self, total: int) -> None:
        done = [d for d, _ in self.calls]
        assert done == sorted(done) and len(set(done)) == len(done), f"not monotonic: {done}"
        assert self.calls[-1] == (total, total)


class _CountingStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    def __init__(self, inner: Any, counter: Counter) -> None:
        self.inner, self.counter = inner, counter

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.inner:
            yield self.counter.received(chunk)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self.inner:
            yield self.counter.received(chunk)

    def close(self) -> None:
        self.inner.close()

    async def aclose(self) -> None:
        await self.inner.aclose()


class _CorruptingStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A request body with its first byte flipped (what a faulty link would do)."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.first = inner, True

    def _flip(self, chunk: bytes) -> bytes:
        if self.first and chunk:
            self.first = False
            return bytes([chunk[0] ^ 0xFF]) + chunk[1:]
        return chunk

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.inner:
            yield self._flip(chunk)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self.inner:
            yield self._flip(chunk)


class Counter:
    """Counts storage bytes sent (PUT bodies) and received (GET content bodies); can corrupt either."""

    def __init__(self) -> None:
        self.sent = 0
        self.got = 0
        self.corrupt = False
        self.corrupt_uploads = False

    def received(self, chunk: bytes) -> bytes:
        self.got += len(chunk)
        if self.corrupt and chunk:
            return bytes([chunk[0] ^ 0xFF]) + chunk[1:]
        return chunk

    def request(self, request: httpx.Request) -> None:
        if request.method == "PUT":
            self.sent += int(request.headers.get("Content-Length", "0"))
            if self.corrupt_uploads:
                request.stream = _CorruptingStream(request.stream)

    def response(self, request: httpx.Request, response: httpx.Response) -> httpx.Response:
        if request.method != "GET" or request.url.path != "/v1/storage/content":
            return response
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=_CountingStream(response.stream, self),
            extensions=response.extensions,
        )


class CountingTransport(httpx.BaseTransport):
    def __init__(self, counter: Counter) -> None:
        self.inner, self.counter = httpx.HTTPTransport(), counter

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.counter.request(request)
        return self.counter.response(request, self.inner.handle_request(request))


class AsyncCountingTransport(httpx.AsyncBaseTransport):
    def __init__(self, counter: Counter) -> None:
        self.inner, self.counter = httpx.AsyncHTTPTransport(), counter

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.counter.request(request)
        return self.counter.response(request, await self.inner.handle_async_request(request))


def small_parts(tmp_path: Path, **overrides: Any) -> TransferConfig:
    settings: dict[str, Any] = {
        "multipart_threshold": THRESHOLD,
        "part_size": PART,
        "concurrency": 4,
        "journal_dir": tmp_path / "journals",
        "progress_interval": 0,
    }
    return TransferConfig(**{**settings, **overrides})


@pytest.fixture
def counter() -> Counter:
    return Counter()


@pytest.fixture
def client(vantage_emulator: EmulatorProcess, counter: Counter, tmp_path: Path) -> Iterator[VantageClient]:
    http = httpx.Client(transport=CountingTransport(counter), base_url=vantage_emulator.base_url)
    with VantageClient(
        api_key=vantage_emulator.api_key,
        base_url=vantage_emulator.base_url,
        organization=vantage_emulator.organization,
        http_client=http,
    ) as sdk:
        sdk.storage.transfer_config = small_parts(tmp_path)
        yield sdk
    http.close()


@pytest.fixture
async def aclient(
    vantage_emulator: EmulatorProcess, counter: Counter, tmp_path: Path
) -> AsyncIterator[AsyncVantageClient]:
    http = httpx.AsyncClient(transport=AsyncCountingTransport(counter), base_url=vantage_emulator.base_url)
    async with AsyncVantageClient(
        api_key=vantage_emulator.api_key,
        base_url=vantage_emulator.base_url,
        organization=vantage_emulator.organization,
        http_client=http,
    ) as sdk:
        sdk.storage.transfer_config = small_parts(tmp_path)
        yield sdk
    await http.aclose()


@pytest.fixture
def remote() -> str:
    """A storage folder of this test's own."""
    return f"/t-{uuid.uuid4().hex[:12]}/"


def make_tree(root: Path) -> dict[str, bytes]:
    files = {
        "a.txt": b"alpha\n",
        "empty.bin": b"",
        "sub/b.bin": blob(3 * THRESHOLD + 5, "b"),
        "sub/deeper/c.txt": b"c" * 100,
        "ünïcödé/日本.txt": "こんにちは".encode(),
    }
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return files


def read_tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


# --------------------------------------------------------------------------- the seed reference


def storage_snippets() -> list[str]:
    blocks = python_blocks(seed_reference().read_text(encoding="utf-8"))
    return [code for section, code in blocks if section in ("List Files", "Upload Files", "Download Files")]


def test_seed_storage_snippets_work_as_written(
    client: VantageClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    snippets = storage_snippets()
    assert len(snippets) == 3  # list, upload, download
    monkeypatch.chdir(tmp_path)
    client.storage.transfer_config = small_parts(tmp_path, progress_interval=0.1)
    Path("local-file.txt").write_text("local file\n")
    tree = make_tree(Path("local-dir"))
    large = blob(5 * THRESHOLD + 3, "large")
    Path("large-file.tar.gz").write_bytes(large)
    try:  # the shared emulator may hold /datasets/ from other tests; the snippets expect their own files
        client.storage.delete("/datasets/", recursive=True)
    except ResourceNotFoundError:
        pass
    namespace: dict[str, Any] = {"client": client}

    exec(snippets[1], namespace)  # upload first, so there is something to list and download
    assert client.storage.download_to_string("/datasets/remote-file.txt") == "local file\n"
    assert client.storage.download_to_string("/datasets/hello.txt") == "Hello World!"
    assert client.storage.metadata("/datasets/large-file.tar.gz").sha256 == sha(large)
    assert client.storage.metadata("/datasets/remote-dir/sub/b.bin").sha256 == sha(tree["sub/b.bin"])
    out = capsys.readouterr().out
    percents = [float(p) for p in re.findall(r"Upload progress: ([\d.]+)%", out)]
    assert percents and percents[-1] == 100.0 and percents == sorted(percents)

    exec(snippets[0], namespace)
    out = capsys.readouterr().out
    assert "/datasets/remote-file.txt (11 bytes)" in out
    assert f"/datasets/large-file.tar.gz ({len(large)} bytes)" in out

    client.storage.upload_string("small", "/datasets/small-file.txt")
    Path("large-file.tar.gz").unlink()
    exec(snippets[2], namespace)
    assert Path("local-file.txt").read_text() == "local file\n"
    assert read_tree(Path("local-dir")) == tree
    assert namespace["content"] == "small"
    assert Path("large-file.tar.gz").read_bytes() == large
    assert "Upload progress: 100.0%" in capsys.readouterr().out  # the seed reuses its upload callback


# --------------------------------------------------------------------------- single files


@pytest.mark.parametrize("size", [0, 1, THRESHOLD, THRESHOLD + 1, 5 * PART + 3])
def test_upload_download_round_trip(client: VantageClient, tmp_path: Path, remote: str, size: int) -> None:
    data = blob(size, str(size))
    (tmp_path / "in.bin").write_bytes(data)
    progress = Progress()
    info = client.storage.upload(tmp_path / "in.bin", remote + "f.bin", progress_callback=progress)
    assert (info.path, info.size, info.sha256) == (remote + "f.bin", size, sha(data))
    if size:
        progress.check(size)
    else:
        assert progress.calls == [], "an empty file reports no percentage"
    back = Progress()
    path = client.storage.download(remote + "f.bin", tmp_path / "out.bin", progress_callback=back)
    assert path == tmp_path / "out.bin" and path.read_bytes() == data
    if size:
        back.check(size)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "journals") == ["in.bin", "out.bin"]
    assert not list((tmp_path / "journals").glob("*"))


async def test_async_round_trip(aclient: AsyncVantageClient, tmp_path: Path, remote: str) -> None:
    data = blob(5 * PART + 3, "async")
    (tmp_path / "in.bin").write_bytes(data)
    progress = Progress()
    info = await aclient.storage.upload(tmp_path / "in.bin", remote + "f.bin", progress_callback=progress)
    assert info.sha256 == sha(data)
    progress.check(len(data))
    await aclient.storage.download(remote + "f.bin", tmp_path / "out.bin")
    assert (tmp_path / "out.bin").read_bytes() == data
    await aclient.storage.upload_string("héllo", remote + "s.txt")
    assert await aclient.storage.download_to_string(remote + "s.txt") == "héllo"
    assert (await aclient.storage.metadata(remote + "s.txt")).size == len("héllo".encode())
    assert [f.name for f in await aclient.storage.list(remote)] == ["f.bin", "s.txt"]
    await aclient.storage.delete(remote, recursive=True)
    assert await aclient.storage.list(remote) == []


def test_non_ascii_names_and_folder_targets(client: VantageClient, tmp_path: Path, remote: str) -> None:
    local = tmp_path / "données é 日本.txt"
    local.write_text("ok")
    info = client.storage.upload(local, remote + "dossier/")
    assert info.path == remote + "dossier/données é 日本.txt"
    out = tmp_path / "out"
    out.mkdir()
    assert client.storage.download(info.path, out) == out / "données é 日本.txt"
    assert (out / "données é 日本.txt").read_text() == "ok"


def test_upload_string_and_download_to_string(client: VantageClient, remote: str) -> None:
    client.storage.upload_string("Grüße", remote + "latin.txt", encoding="latin-1")
    assert client.storage.download_to_string(remote + "latin.txt", encoding="latin-1") == "Grüße"
    client.storage.upload_string(b"\x00\x01", remote + "raw.bin")
    assert client.storage.metadata(remote + "raw.bin").size == 2
    big = "x" * (THRESHOLD * 3)
    client.storage.upload_string(big, remote + "big.txt")
    assert client.storage.download_to_string(remote + "big.txt") == big


# --------------------------------------------------------------------------- resume


def held_by_server(client: VantageClient, journals: Path) -> int:
    """Bytes the interrupted upload's session holds, from the server's part list."""
    (journal,) = journals.glob("*.json")
    upload_id = json.loads(journal.read_text())["state"]["upload_id"]
    session = client.storage._backend.get_session(upload_id)
    assert session is not None and session.is_open
    return sum(size for size, _ in session.parts.values())


def test_interrupted_upload_resumes_sending_only_the_rest(
    client: VantageClient, counter: Counter, tmp_path: Path, remote: str
) -> None:
    data = blob(80 * PART, "resume")
    (tmp_path / "big.bin").write_bytes(data)
    with pytest.raises(Interrupt):
        client.storage.upload(tmp_path / "big.bin", remote + "big.bin", progress_callback=Progress(0.5))
    with pytest.raises(ResourceNotFoundError):
        client.storage.metadata(remote + "big.bin")
    held = held_by_server(client, tmp_path / "journals")

    counter.sent = 0
    progress = Progress()
    info = client.storage.upload(tmp_path / "big.bin", remote + "big.bin", progress_callback=progress)
    assert info.sha256 == sha(data)
    # A part whose body was already out when the upload stopped may land just after `held` was read.
    assert 0 < counter.sent <= len(data) - held, "only parts the server lacked were sent"
    assert counter.sent < 0.6 * len(data), f"sent {counter.sent} of {len(data)} again"
    progress.check(len(data))
    assert not list((tmp_path / "journals").glob("*.json"))


async def test_async_interrupted_upload_resumes(
    aclient: AsyncVantageClient, client: VantageClient, counter: Counter, tmp_path: Path, remote: str
) -> None:
    data = blob(80 * PART, "aresume")
    (tmp_path / "big.bin").write_bytes(data)
    with pytest.raises(Interrupt):
        await aclient.storage.upload(tmp_path / "big.bin", remote + "big.bin", progress_callback=Progress(0.5))
    held = held_by_server(client, tmp_path / "journals")
    counter.sent = 0
    info = await aclient.storage.upload(tmp_path / "big.bin", remote + "big.bin")
    assert info.sha256 == sha(data)
    assert 0 < counter.sent <= len(data) - held and counter.sent < 0.6 * len(data)


def test_interrupted_download_resumes_from_the_partial_file(
    client: VantageClient, counter: Counter, tmp_path: Path, remote: str
) -> None:
    data = blob(80 * PART, "dl")
    client.storage.upload_string(data, remote + "big.bin")
    dest = tmp_path / "big.bin"
    with pytest.raises(Interrupt):
        client.storage.download(remote + "big.bin", dest, progress_callback=Progress(0.5))
    temp, journal = download_temp_paths(dest, remote + "big.bin")
    assert not dest.exists(), "nothing appears at the destination until it is verified"
    assert temp.exists() and journal.exists()

    counter.got = 0
    progress = Progress()
    client.storage.download(remote + "big.bin", dest, progress_callback=progress)
    assert dest.read_bytes() == data
    assert counter.got < 0.6 * len(data)
    progress.check(len(data))
    assert not temp.exists() and not journal.exists()


async def test_async_interrupted_download_resumes(
    aclient: AsyncVantageClient, counter: Counter, tmp_path: Path, remote: str
) -> None:
    data = blob(80 * PART, "adl")
    await aclient.storage.upload_string(data, remote + "big.bin")
    dest = tmp_path / "big.bin"
    with pytest.raises(Interrupt):
        await aclient.storage.download(remote + "big.bin", dest, progress_callback=Progress(0.5))
    assert not dest.exists()
    counter.got = 0
    await aclient.storage.download(remote + "big.bin", dest)
    assert dest.read_bytes() == data and counter.got < 0.6 * len(data)


# --------------------------------------------------------------------------- integrity


def test_corrupted_download_is_an_integrity_error_and_leaves_nothing(
    client: VantageClient, counter: Counter, tmp_path: Path, remote: str
) -> None:
    for size in (100, 5 * PART):
        client.storage.upload_string(blob(size), remote + f"{size}.bin")
        counter.corrupt = True
        dest = tmp_path / f"{size}.bin"
        with pytest.raises(IntegrityError, match=re.escape(str(dest))):
            client.storage.download(remote + f"{size}.bin", dest)
        with pytest.raises(IntegrityError, match=f"{size}.bin"):
            client.storage.download_to_string(remote + f"{size}.bin")
        counter.corrupt = False
        assert list(tmp_path.iterdir()) == [], "neither the file nor its temporary copy remains"


@pytest.mark.parametrize("size", [100, 5 * PART])
def test_corrupted_upload_is_an_integrity_error_naming_the_file(
    client: VantageClient, counter: Counter, tmp_path: Path, remote: str, size: int
) -> None:
    local = tmp_path / "data.bin"
    local.write_bytes(blob(size))
    counter.corrupt_uploads = True
    with pytest.raises(IntegrityError, match=re.escape(str(local))):
        client.storage.upload(local, remote + "data.bin")
    counter.corrupt_uploads = False
    with pytest.raises(ResourceNotFoundError):
        client.storage.metadata(remote + "data.bin")
    assert not list((tmp_path / "journals").glob("*.json")), "a session that cannot complete is not resumed"
    assert client.storage.upload(local, remote + "data.bin").sha256 == sha(blob(size))


async def test_async_corrupted_download(
    aclient: AsyncVantageClient, counter: Counter, tmp_path: Path, remote: str
) -> None:
    await aclient.storage.upload_string(blob(5 * PART), remote + "x.bin")
    counter.corrupt = True
    with pytest.raises(IntegrityError):
        await aclient.storage.download(remote + "x.bin", tmp_path / "x.bin")
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- directories


def test_directory_round_trip(client: VantageClient, counter: Counter, tmp_path: Path, remote: str) -> None:
    src = tmp_path / "src"
    files = make_tree(src)
    outside = tmp_path / "outside.txt"
    outside.write_text("secret")
    (src / "escape.txt").symlink_to(outside)
    (src / "alias.txt").symlink_to(src / "a.txt")

    progress = Progress()
    summary = client.storage.upload_directory(src, remote + "tree", progress_callback=progress)
    assert isinstance(summary, TransferSummary) and summary.ok
    assert summary.transferred == sorted([*files, "alias.txt"])
    assert list(summary.skipped) == ["escape.txt"]
    total = sum(len(d) for d in files.values()) + len(files["a.txt"])
    assert summary.bytes_transferred == total
    progress.check(total)
    listed = {f.path for f in client.storage.list(remote + "tree/", recursive=True)}
    assert remote + "tree/escape.txt" not in listed and remote + "tree/ünïcödé/日本.txt" in listed

    dest = tmp_path / "dest"
    down = client.storage.download_directory(remote + "tree/", dest)
    assert down.ok and down.bytes_transferred == total
    assert read_tree(dest) == {**files, "alias.txt": files["a.txt"]}


async def test_async_directory_round_trip(aclient: AsyncVantageClient, tmp_path: Path, remote: str) -> None:
    files = make_tree(tmp_path / "src")
    summary = await aclient.storage.upload_directory(tmp_path / "src", remote)
    assert summary.ok and summary.transferred == sorted(files)
    down = await aclient.storage.download_directory(remote, tmp_path / "dest")
    assert down.ok and read_tree(tmp_path / "dest") == files


def test_one_failed_file_does_not_stop_the_others(client: VantageClient, tmp_path: Path, remote: str) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "good-1.txt").write_text("1")
    (src / "bad\x01name.txt").write_text("refused by the server")
    (src / "bad\\name.txt").write_text("refused before sending")
    (src / "good-2.txt").write_text("2")
    summary = client.storage.upload_directory(src, remote)
    assert summary.transferred == ["good-1.txt", "good-2.txt"]
    assert set(summary.failed) == {"bad\x01name.txt", "bad\\name.txt"}
    server_error = summary.failed["bad\x01name.txt"]
    assert isinstance(server_error, ValidationError) and server_error.status_code == 400
    client_error = summary.failed["bad\\name.txt"]
    assert isinstance(client_error, ValidationError) and client_error.status_code is None
    with pytest.raises(TransferError, match="2 file"):
        summary.raise_for_failures()

    with pytest.raises(ValidationError):
        client.storage.upload_directory(src, remote + "again/", fail_fast=True)


async def test_async_directory_failures_and_fail_fast(aclient: AsyncVantageClient, tmp_path: Path, remote: str) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "ok.txt").write_text("1")
    (src / "bad\x01.txt").write_text("x")
    summary = await aclient.storage.upload_directory(src, remote)
    assert summary.transferred == ["ok.txt"] and list(summary.failed) == ["bad\x01.txt"]
    with pytest.raises(ValidationError):
        await aclient.storage.upload_directory(src, remote + "again/", fail_fast=True)


def test_an_interruption_stops_a_directory_upload(client: VantageClient, tmp_path: Path, remote: str) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for i in range(6):
        (src / f"{i}.bin").write_bytes(blob(2 * THRESHOLD, str(i)))
    with pytest.raises(Interrupt):
        client.storage.upload_directory(src, remote, progress_callback=Progress(0.3))
    summary = client.storage.upload_directory(src, remote)
    # Files go several at a time, so one may have been stored before the interruption reached the
    # others: the re-run skips it as identical and sends the rest.
    assert summary.ok and sorted([*summary.transferred, *summary.skipped]) == [f"{i}.bin" for i in range(6)]
    assert len(summary.transferred) >= 3, "the interruption stopped the first run early"


def many_small_files(root: Path, count: int = 40) -> Path:
    root.mkdir()
    for i in range(count):
        (root / f"{i:02}.txt").write_bytes(blob(KiB, str(i)))
    return root


def stored_count(client: VantageClient, remote: str) -> int:
    try:
        return len(list(client.storage.list(remote, recursive=True)))
    except ResourceNotFoundError:
        return 0


def test_ctrl_c_stops_a_directory_upload_without_starting_the_queued_files(
    client: VantageClient, tmp_path: Path, remote: str
) -> None:
    src = many_small_files(tmp_path / "src")
    client.storage.transfer_config = small_parts(tmp_path, concurrency=2)
    fired = threading.Event()

    def ctrl_c_once(done: int, total: int) -> None:
        if not fired.is_set():
            fired.set()
            # A real Ctrl-C (SIGINT, handled in the main thread), once every file has been queued
            # and the main thread waits for them.
            time.sleep(0.2)
            signal.raise_signal(signal.SIGINT)

    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        client.storage.upload_directory(src, remote, progress_callback=ctrl_c_once)
    assert time.monotonic() - started < 5
    # Only the files in flight when Ctrl-C came (one per worker) may have been stored, not the queue.
    assert stored_count(client, remote) <= 4


def test_a_failing_progress_callback_stops_a_directory_upload(
    client: VantageClient, tmp_path: Path, remote: str
) -> None:
    src = many_small_files(tmp_path / "src")
    client.storage.transfer_config = small_parts(tmp_path, concurrency=2)
    with pytest.raises(Interrupt):
        client.storage.upload_directory(src, remote, progress_callback=Progress(0.0))
    assert stored_count(client, remote) <= 4


async def test_async_directory_upload_stops_on_a_callback_error_or_cancellation(
    aclient: AsyncVantageClient, client: VantageClient, tmp_path: Path, remote: str
) -> None:
    src = many_small_files(tmp_path / "src")
    aclient.storage.transfer_config = small_parts(tmp_path, concurrency=2)
    with pytest.raises(Interrupt):
        await aclient.storage.upload_directory(src, remote + "a/", progress_callback=Progress(0.0))
    assert stored_count(client, remote + "a/") <= 4

    fired = threading.Event()

    def note(done: int, total: int) -> None:
        fired.set()

    async with anyio.create_task_group() as group:
        group.start_soon(partial(aclient.storage.upload_directory, src, remote + "b/", progress_callback=note))
        while not fired.is_set():
            await anyio.sleep(0.001)
        group.cancel_scope.cancel()
    assert stored_count(client, remote + "b/") <= 4


def test_transfer_types_are_exported_from_the_package() -> None:
    import vantage_sdk
    from vantage_sdk import _transfer

    for name in ("TransferConfig", "TransferSummary", "TransferProgress", "ProgressSink"):
        assert getattr(vantage_sdk, name) is getattr(_transfer, name)


def test_download_directory_refuses_names_that_would_escape(client: VantageClient, tmp_path: Path, remote: str) -> None:
    # The server accepts these names; on a local disk they are a drive letter and an existing link.
    client.storage.upload_string("x", remote + "C:/evil.txt")
    client.storage.upload_string("y", remote + "link/escape.txt")
    client.storage.upload_string("z", remote + "fine.txt")
    dest, outside = tmp_path / "dest", tmp_path / "outside"
    dest.mkdir()
    outside.mkdir()
    (dest / "link").symlink_to(outside)
    with pytest.raises(TransferError) as info:
        client.storage.download_directory(remote, dest)
    message = str(info.value)
    assert remote + "C:/evil.txt" in message and "drive letter" in message
    assert remote + "link/escape.txt" in message and "outside" in message
    assert sorted(p.name for p in dest.iterdir()) == ["link"], "nothing was downloaded"
    assert list(outside.iterdir()) == []


async def test_async_download_directory_refuses_escaping_names(
    aclient: AsyncVantageClient, tmp_path: Path, remote: str
) -> None:
    await aclient.storage.upload_string("x", remote + "d:/x.txt")
    with pytest.raises(TransferError, match="drive letter"):
        await aclient.storage.download_directory(remote, tmp_path / "dest")
    assert not (tmp_path / "dest").exists()


def test_directory_progress_is_aggregated_with_file_counts(client: VantageClient, tmp_path: Path, remote: str) -> None:
    files = make_tree(tmp_path / "src")
    snapshots: list[Any] = []

    class Sink:
        def update(self, progress: Any) -> None:
            snapshots.append(progress)

        def close(self) -> None:
            snapshots.append("closed")

    client.storage.upload_directory(tmp_path / "src", remote, progress=Sink())
    assert snapshots[-1] == "closed"
    last = snapshots[-2]
    total = sum(len(d) for d in files.values())
    assert (last.bytes_done, last.bytes_total, last.files_done, last.files_total) == (total, total, 5, 5)
    files_done = [s.files_done for s in snapshots[:-1]]
    assert files_done == sorted(files_done)


# --------------------------------------------------------------------------- progress rate


def test_progress_is_throttled(client: VantageClient, tmp_path: Path, remote: str) -> None:
    import time

    client.storage.transfer_config = small_parts(tmp_path, progress_interval=0.1)
    data = blob(200 * PART, "rate")  # 200 parts, each reported by itself were it not for the throttle
    (tmp_path / "f.bin").write_bytes(data)
    progress = Progress()
    started = time.monotonic()
    client.storage.upload(tmp_path / "f.bin", remote + "f.bin", progress_callback=progress)
    elapsed = time.monotonic() - started
    progress.check(len(data))
    assert len(progress.calls) <= elapsed / 0.1 + 2, (len(progress.calls), elapsed)


# --------------------------------------------------------------------------- bad input


def test_bad_local_inputs_fail_before_any_request(
    client: VantageClient, counter: Counter, tmp_path: Path, remote: str
) -> None:
    with pytest.raises(ValidationError, match="does not exist"):
        client.storage.upload(tmp_path / "missing.txt", remote + "x")
    with pytest.raises(ValidationError, match="is a directory"):
        client.storage.upload(tmp_path, remote + "x")
    with pytest.raises(ValidationError, match="does not exist"):
        client.storage.upload_directory(tmp_path / "nope", remote)
    (tmp_path / "f.txt").write_text("x")
    with pytest.raises(ValidationError, match="not absolute"):
        client.storage.upload(tmp_path / "f.txt", "datasets/x.txt")
    with pytest.raises(ValidationError, match="'..'"):
        client.storage.upload(tmp_path / "f.txt", "/a/../x.txt")
    with pytest.raises(ValidationError, match="must be str or bytes"):
        client.storage.upload_string(42, remote + "x")  # type: ignore[arg-type]
    assert counter.sent == 0


def test_bad_download_inputs_leave_nothing(client: VantageClient, tmp_path: Path, remote: str) -> None:
    client.storage.upload_string("x", remote + "f.txt")
    with pytest.raises(ValidationError, match="does not exist"):
        client.storage.download(remote + "f.txt", tmp_path / "missing" / "f.txt")
    with pytest.raises(ResourceNotFoundError):
        client.storage.download(remote + "nope.txt", tmp_path / "nope.txt")
    with pytest.raises(ValidationError, match="names a folder"):
        client.storage.download(remote, tmp_path / "x")
    with pytest.raises(ResourceNotFoundError):
        client.storage.download(remote.rstrip("/"), tmp_path / "x")
    (tmp_path / "file").write_text("x")
    with pytest.raises(ValidationError, match="not a folder"):
        client.storage.download_directory(remote, tmp_path / "file")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_paths_the_server_refuses_are_clear_errors(client: VantageClient, tmp_path: Path, remote: str) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(blob(2 * THRESHOLD))
    with pytest.raises(ValidationError, match="control character") as info:
        client.storage.upload_string("x", remote + "a\x01b.txt")
    assert info.value.status_code == 400
    with pytest.raises(ValidationError, match="control character"):
        client.storage.upload(big, remote + "a\x02b.bin")
    client.storage.upload_string("x", remote + "file")
    with pytest.raises(ConflictError):
        client.storage.upload_string("y", remote + "file/below.txt")
    with pytest.raises(ResourceNotFoundError):
        client.storage.delete(remote + "nothing-here")


async def test_async_bad_inputs(aclient: AsyncVantageClient, tmp_path: Path, remote: str) -> None:
    with pytest.raises(ValidationError, match="does not exist"):
        await aclient.storage.upload(tmp_path / "missing", remote + "x")
    with pytest.raises(ValidationError, match="does not exist"):
        await aclient.storage.download(remote + "x", tmp_path / "no" / "x")
    with pytest.raises(ResourceNotFoundError):
        await aclient.storage.download(remote + "x", tmp_path / "x")
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- listing and deleting


def test_list_follows_every_page(client: VantageClient, remote: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("a.txt", "b.txt", "c/d.txt", "c/e.txt", "f.txt"):
        client.storage.upload_string(name * 3, remote + name)
    monkeypatch.setattr(storage_module, "_LIST_PAGE", 2)
    top = client.storage.list(remote)
    assert [(f.name, f.type_) for f in top] == [
        ("a.txt", "file"),
        ("b.txt", "file"),
        ("c", "directory"),
        ("f.txt", "file"),
    ]
    every = client.storage.list(remote, recursive=True, include_metadata=True)
    assert len(every) == 5 and every[2].sha256 == sha(b"c/d.txtc/d.txtc/d.txt")
    sized = client.storage.list(remote, include_size=True)
    assert sized[2].size == 2 * len("c/d.txt") * 3


def test_delete_file_and_folder(client: VantageClient, remote: str) -> None:
    client.storage.upload_string("1", remote + "x/1.txt")
    client.storage.upload_string("2", remote + "x/2.txt")
    client.storage.delete(remote + "x/1.txt")
    assert [f.name for f in client.storage.list(remote + "x/")] == ["2.txt"]
    client.storage.delete(remote + "x", recursive=True)
    assert client.storage.list(remote) == []


def test_storage_is_registered_on_both_clients(client: VantageClient, aclient: AsyncVantageClient) -> None:
    assert isinstance(client.storage, Storage) and client.storage is client.storage
    assert isinstance(aclient.storage, AsyncStorage)


def test_a_name_the_local_disk_cannot_hold_fails_only_that_file(tmp_path: Path) -> None:
    """The emulator refuses names over 255 bytes, so a mock server offers one: that file fails in the
    summary (ENAMETOOLONG), the others download."""
    payload = b"payload"
    names = ["x" * 300 + "/inner.txt", "fine.txt"]
    items = [
        {"path": "/r/" + n, "name": n.split("/")[-1], "type": "file", "size": 7, "sha256": sha(payload)} for n in names
    ]

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/storage/files":
            return httpx.Response(200, json={"items": items, "has_next": False, "next_page_token": None})
        return httpx.Response(206, content=payload, headers={"Content-Range": "bytes 0-6/7"})

    http = httpx.Client(transport=httpx.MockTransport(answer), base_url="http://storage.test")
    with VantageClient(api_key="k", base_url="http://storage.test", http_client=http) as sdk:
        summary = sdk.storage.download_directory("/r/", tmp_path / "dest")
    assert summary.transferred == ["fine.txt"]
    (failed,) = summary.failed.values()
    assert isinstance(failed, OSError)
    assert read_tree(tmp_path / "dest") == {"fine.txt": payload}


def test_verify_chooses_the_checksum_per_call(
    client: VantageClient, counter: Counter, tmp_path: Path, remote: str
) -> None:
    data = blob(5 * PART + 3)
    (tmp_path / "in.bin").write_bytes(data)
    info = client.storage.upload(tmp_path / "in.bin", remote + "f.bin", verify="sha256")
    assert (info.sha256, info.crc32c) == (sha(data), crc32c(data))  # the server keeps both either way
    assert client.storage.download(remote + "f.bin", tmp_path / "out.bin", verify="sha256").read_bytes() == data
    counter.corrupt = True
    for verify, named in (("sha256", "sha256"), ("crc32c", "CRC32C")):
        with pytest.raises(IntegrityError, match=rf"{re.escape(str(tmp_path / 'bad.bin'))}.*{named}"):
            client.storage.download(remote + "f.bin", tmp_path / "bad.bin", verify=verify)  # type: ignore[arg-type]
    counter.corrupt = False
    with pytest.raises(ValidationError, match="verify"):
        client.storage.download(remote + "f.bin", tmp_path / "x.bin", verify="md5")  # type: ignore[arg-type]


def crc32c(data: bytes) -> str:
    """CRC32C as the server reports it (base64 of the 4 big-endian bytes), computed apart from the SDK."""
    return base64.b64encode(google_crc32c.value(data).to_bytes(4, "big")).decode()

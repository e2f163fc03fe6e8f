"""End-to-end tests of the emulator's storage API over HTTP on 127.0.0.1 (plain httpx)."""

from __future__ import annotations

import base64
import hashlib
import os
import random
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import google_crc32c
import httpx
import pytest

from vantage_emulator.testing import EmulatorProcess, run_emulator

OCTET = {"Content-Type": "application/octet-stream"}
KIB = 1024


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def crc(data: bytes) -> str:
    """CRC32C as GCS reports it: base64 of the 4 big-endian bytes."""
    return base64.b64encode(google_crc32c.value(data).to_bytes(4, "big")).decode()


def client_for(emulator: EmulatorProcess, **headers: str) -> httpx.Client:
    return httpx.Client(base_url=emulator.base_url, headers={**emulator.headers, **headers}, timeout=30)


@pytest.fixture(scope="module")
def api(vantage_emulator: EmulatorProcess) -> Iterator[httpx.Client]:
    with client_for(vantage_emulator) as client:
        yield client


@pytest.fixture()
def base(api: httpx.Client, request: pytest.FixtureRequest) -> str:
    """A folder of its own for each test (the emulator is shared)."""
    return f"/t/{request.node.name.replace('[', '-').replace(']', '')}-{os.urandom(3).hex()}"


CONFIG = """
api_keys:
  - key: key-a
    organization: org-a
  - key: key-b
    organizations: [org-b, org-c]
storage:
  max_single_upload: 1MiB
"""


@pytest.fixture(scope="module")
def custom(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorProcess]:
    """An emulator of its own: two keys with three organizations, 1 MiB single uploads."""
    root = tmp_path_factory.mktemp("storage-custom")
    config = root / "config.yaml"
    config.write_text(CONFIG)
    with run_emulator(data_dir=root / "data", config=config, extra_args=["--validate-responses"]) as emulator:
        yield emulator


def upload(client: httpx.Client, path: str, data: bytes, **headers: str) -> httpx.Response:
    return client.put("/v1/storage/content", params={"path": path}, content=data, headers={**OCTET, **headers})


def download(client: httpx.Client, path: str, **headers: str) -> httpx.Response:
    return client.get("/v1/storage/content", params={"path": path}, headers=headers)


def assert_problem(response: httpx.Response, status: int, field: str | None = None, code: str | None = None) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["request_id"] == response.headers["x-request-id"]
    if field is not None:
        assert field in [e["field"] for e in body.get("errors", [])], body
    if code is not None:
        assert body["code"] == code, body


# ----------------------------------------------------------------------------- single files


def test_upload_metadata_download(api: httpx.Client, base: str) -> None:
    data = os.urandom(3 * 1024 * 1024 + 7)
    created = upload(api, f"{base}//data.bin", data)
    assert created.status_code == 201, created.text
    info = created.json()
    assert info["path"] == f"{base}/data.bin" and info["size"] == len(data) and info["sha256"] == sha(data)
    assert info["etag"] == f'"{sha(data)}"'
    assert api.get("/v1/storage/metadata", params={"path": f"{base}/data.bin"}).json() == info
    got = download(api, f"{base}/data.bin")
    assert got.status_code == 200 and got.content == data
    assert got.headers["etag"] == info["etag"] and got.headers["x-content-sha256"] == sha(data)
    assert got.headers["accept-ranges"] == "bytes" and got.headers["content-length"] == str(len(data))
    assert got.headers["x-request-id"].startswith("req-")


def test_empty_body_makes_an_empty_file(api: httpx.Client, base: str) -> None:
    created = upload(api, f"{base}/empty", b"")
    assert created.status_code == 201, created.text
    assert created.json()["size"] == 0 and created.json()["sha256"] == sha(b"")
    got = download(api, f"{base}/empty")
    assert got.status_code == 200 and got.content == b"" and got.headers["content-length"] == "0"


def test_streamed_upload_without_content_length(api: httpx.Client, base: str) -> None:
    chunks = [os.urandom(100 * KIB) for _ in range(5)]
    response = upload(api, f"{base}/chunked", iter(chunks))  # type: ignore[arg-type]
    assert response.status_code == 201, response.text
    assert download(api, f"{base}/chunked").content == b"".join(chunks)


def test_checksum_header_is_verified(api: httpx.Client, base: str) -> None:
    bad = upload(api, f"{base}/c.txt", b"hello", **{"X-Content-SHA256": sha(b"other")})
    assert_problem(bad, 422, field="X-Content-SHA256", code="checksum_mismatch")
    assert_problem(api.get("/v1/storage/metadata", params={"path": f"{base}/c.txt"}), 404)
    good = upload(api, f"{base}/c.txt", b"hello", **{"X-Content-SHA256": sha(b"hello")})
    assert good.status_code == 201


def test_replace_file_and_readers_see_whole_versions(api: httpx.Client, base: str) -> None:
    versions = [bytes([i]) * (1024 * 1024) for i in range(3)]
    upload(api, f"{base}/hot", versions[0])
    stop = threading.Event()
    bad: list[str] = []

    def reader() -> None:
        with httpx.Client(base_url=str(api.base_url), headers=api.headers, timeout=30) as own:
            while not stop.is_set():
                got = download(own, f"{base}/hot")
                if got.content not in versions or sha(got.content) != got.headers["x-content-sha256"]:
                    bad.append(f"{len(got.content)} bytes, header {got.headers['x-content-sha256']}")

    thread = threading.Thread(target=reader)
    thread.start()
    for i in range(10):
        assert upload(api, f"{base}/hot", versions[i % 3]).status_code == 201
    stop.set()
    thread.join()
    assert bad == []


def test_single_upload_limit(custom: EmulatorProcess) -> None:
    with client_for(custom, Authorization="Bearer key-a", **{"X-Vantage-Organization": "org-a"}) as client:
        assert upload(client, "/limit/ok", b"x" * (1024 * 1024)).status_code == 201
        assert_problem(upload(client, "/limit/big", b"x" * (1024 * 1024 + 1)), 413, code="payload_too_large")
        chunked = iter([b"x" * (512 * KIB)] * 3)
        assert_problem(upload(client, "/limit/big", chunked), 413)  # type: ignore[arg-type]
        assert_problem(client.get("/v1/storage/metadata", params={"path": "/limit/big"}), 404)


# ----------------------------------------------------------------------------- ranges


RANGE_DATA = bytes(range(256)) * 4  # 1024 bytes


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-0", 0, 0),
        ("bytes=10-19", 10, 19),
        ("bytes=1000-", 1000, 1023),
        ("bytes=-24", 1000, 1023),
        ("bytes=-5000", 0, 1023),
        ("bytes=1020-99999", 1020, 1023),
        ("bytes=1023-1023", 1023, 1023),
    ],
)
def test_single_range_gets_206(api: httpx.Client, base: str, header: str, first: int, last: int) -> None:
    upload(api, f"{base}/r", RANGE_DATA)
    got = download(api, f"{base}/r", Range=header)
    assert got.status_code == 206, got.text
    assert got.content == RANGE_DATA[first : last + 1]
    assert got.headers["content-range"] == f"bytes {first}-{last}/1024"
    assert got.headers["content-length"] == str(last - first + 1)
    assert got.headers["x-content-sha256"] == sha(RANGE_DATA)


@pytest.mark.parametrize("header", ["bytes=0-1,5-6", "bytes=abc", "items=0-1", "bytes=19-10", "bytes=-"])
def test_multi_or_malformed_range_gets_the_whole_file(api: httpx.Client, base: str, header: str) -> None:
    upload(api, f"{base}/r", RANGE_DATA)
    got = download(api, f"{base}/r", Range=header)
    assert got.status_code == 200 and got.content == RANGE_DATA


@pytest.mark.parametrize("header", ["bytes=1024-", "bytes=5000-6000", "bytes=-0"])
def test_unsatisfiable_range_gets_416(api: httpx.Client, base: str, header: str) -> None:
    upload(api, f"{base}/r", RANGE_DATA)
    got = download(api, f"{base}/r", Range=header)
    assert_problem(got, 416, code="range_not_satisfiable")
    assert got.headers["content-range"] == "bytes */1024"


def test_any_range_of_an_empty_file_is_416(api: httpx.Client, base: str) -> None:
    upload(api, f"{base}/e", b"")
    assert_problem(download(api, f"{base}/e", Range="bytes=0-"), 416)


# ----------------------------------------------------------------------------- listing and delete


def test_listing(api: httpx.Client, base: str) -> None:
    for name, size in [("a.txt", 1), ("b/x.bin", 10), ("b/y/z.bin", 100), ("c.txt", 2)]:
        assert upload(api, f"{base}/{name}", b"z" * size).status_code == 201

    def listing(**params: str) -> list[dict[str, object]]:
        items: list[dict[str, object]] = []
        token = None
        while True:
            query: dict[str, str | int] = {"path": base, "limit": 2, **params}
            if token:
                query["page_token"] = token
            page = api.get("/v1/storage/files", params=query)
            assert page.status_code == 200, page.text
            body = page.json()
            assert len(body["items"]) <= 2 and body["has_next"] == (body["next_page_token"] is not None)
            items += body["items"]
            token = body["next_page_token"]
            if not token:
                return items

    direct = listing()
    assert [(e["path"], e["type"]) for e in direct] == [
        (f"{base}/a.txt", "file"),
        (f"{base}/b/", "directory"),
        (f"{base}/c.txt", "file"),
    ]
    assert "sha256" not in direct[0] and "size" not in direct[1]
    sized = listing(include_size="true", include_metadata="true")
    assert sized[1]["size"] == 110 and sized[0]["sha256"] == sha(b"z")
    assert [e["path"] for e in listing(recursive="true")] == [
        f"{base}/a.txt",
        f"{base}/b/x.bin",
        f"{base}/b/y/z.bin",
        f"{base}/c.txt",
    ]
    bad = api.get("/v1/storage/files", params={"path": base, "page_token": "not-a-token"})
    assert_problem(bad, 400, field="page_token")


def test_delete(api: httpx.Client, base: str) -> None:
    upload(api, f"{base}/keep.txt", b"k")
    upload(api, f"{base}/dir/a", b"a")
    upload(api, f"{base}/dir/sub/b", b"b")
    assert_problem(api.delete("/v1/storage/files", params={"path": f"{base}/dir"}), 400, field="path")
    assert api.delete("/v1/storage/files", params={"path": f"{base}/dir", "recursive": "true"}).status_code == 204
    assert_problem(api.delete("/v1/storage/files", params={"path": f"{base}/dir", "recursive": "true"}), 404)
    assert api.delete("/v1/storage/files", params={"path": f"{base}/keep.txt"}).status_code == 204
    assert_problem(download(api, f"{base}/keep.txt"), 404)
    assert api.get("/v1/storage/files", params={"path": base}).json()["items"] == []


def test_file_and_folder_names_do_not_clash(api: httpx.Client, base: str) -> None:
    upload(api, f"{base}/x/y", b"1")
    assert_problem(upload(api, f"{base}/x", b"2"), 409, code="path_conflict")
    assert_problem(upload(api, f"{base}/x/y/z", b"3"), 409, code="path_conflict")


# ----------------------------------------------------------------------------- upload sessions


def create_session(client: httpx.Client, path: str, size: int, **extra: object) -> dict[str, object]:
    response = client.post("/v1/storage/uploads", json={"path": path, "size": size, **extra})
    assert response.status_code == 201, response.text
    return dict(response.json())


def put_part(client: httpx.Client, upload_id: object, number: int, data: bytes, **headers: str) -> httpx.Response:
    return client.put(f"/v1/storage/uploads/{upload_id}/parts/{number}", content=data, headers={**OCTET, **headers})


def complete(client: httpx.Client, upload_id: object, digest: str) -> httpx.Response:
    return client.post(f"/v1/storage/uploads/{upload_id}/complete", json={"sha256": digest})


def test_session_defaults(api: httpx.Client, base: str) -> None:
    session = create_session(api, f"{base}/big", 100 * 1024 * 1024)
    assert session["part_size"] == 8 * 1024 * 1024 and session["part_count"] == 13
    assert session["status"] == "open" and session["parts"] == []
    assert str(session["upload_id"]).startswith("upl-")
    assert api.delete(f"/v1/storage/uploads/{session['upload_id']}").status_code == 204


def test_parallel_out_of_order_parts(api: httpx.Client, base: str) -> None:
    part_size = 256 * KIB
    data = os.urandom(12 * part_size + 1234)
    session = create_session(api, f"{base}/p.bin", len(data), part_size=part_size, metadata={"k": "v"})
    numbers = list(range(1, int(str(session["part_count"])) + 1))
    random.Random(1).shuffle(numbers)

    def send(n: int) -> int:
        chunk = data[(n - 1) * part_size : n * part_size]
        response = put_part(api, session["upload_id"], n, chunk, **{"X-Content-SHA256": sha(chunk)})
        assert response.json() == {"part_number": n, "size": len(chunk), "sha256": sha(chunk), "crc32c": crc(chunk)}
        return response.status_code

    with ThreadPoolExecutor(6) as pool:
        assert set(pool.map(send, numbers)) == {200}
    got = api.get(f"/v1/storage/uploads/{session['upload_id']}").json()
    assert [p["part_number"] for p in got["parts"]] == sorted(numbers)
    done = complete(api, session["upload_id"], sha(data))
    assert done.status_code == 201, done.text
    assert done.json()["sha256"] == sha(data) and done.json()["metadata"] == {"k": "v"}
    assert download(api, f"{base}/p.bin").content == data
    again = complete(api, session["upload_id"], sha(data))
    assert again.status_code == 201 and again.json()["sha256"] == sha(data)
    assert_problem(complete(api, session["upload_id"], sha(b"other")), 409)


def test_part_and_complete_errors(api: httpx.Client, base: str) -> None:
    session = create_session(api, f"{base}/e.bin", 5 * KIB, part_size=KIB)
    uid = session["upload_id"]
    assert_problem(put_part(api, uid, 6, b"x" * KIB), 400, field="part_number")
    assert_problem(put_part(api, uid, 1, b"x" * (KIB - 1)), 400, code="invalid_part_size")
    assert_problem(put_part(api, uid, 2, b"x" * (KIB + 1)), 400, code="invalid_part_size")
    wrong = put_part(api, uid, 1, b"x" * KIB, **{"X-Content-SHA256": sha(b"y")})
    assert_problem(wrong, 422, field="X-Content-SHA256", code="checksum_mismatch")
    for n in (1, 3):
        assert put_part(api, uid, n, b"x" * KIB).status_code == 200
    missing = complete(api, uid, sha(b"x" * 5 * KIB))
    assert_problem(missing, 409, code="missing_parts")
    assert "missing parts 2, 4-5 of 5" in missing.json()["detail"]
    for n in (2, 4, 5):
        put_part(api, uid, n, b"y" * KIB)
    mismatch = complete(api, uid, sha(b"x" * 5 * KIB))
    assert_problem(mismatch, 422, code="checksum_mismatch")
    assert api.get(f"/v1/storage/uploads/{uid}").json()["status"] == "open"
    for n in (2, 4, 5):  # a re-sent part replaces the old one
        put_part(api, uid, n, b"x" * KIB)
    assert complete(api, uid, sha(b"x" * 5 * KIB)).status_code == 201
    assert_problem(put_part(api, uid, 1, b"x" * KIB), 409)
    assert_problem(api.delete(f"/v1/storage/uploads/{uid}"), 409)
    assert_problem(api.get("/v1/storage/uploads/upl-0123456789ab"), 404)


def test_abort_frees_the_space(vantage_emulator: EmulatorProcess, api: httpx.Client, base: str) -> None:
    session = create_session(api, f"{base}/a.bin", 4 * KIB, part_size=KIB)
    uid = str(session["upload_id"])
    put_part(api, uid, 1, b"a" * KIB)
    part_dirs = list((vantage_emulator.data_dir / "storage").glob(f"*/uploads/{uid}"))
    assert len(part_dirs) == 1 and any(part_dirs[0].iterdir())
    assert api.delete(f"/v1/storage/uploads/{uid}").status_code == 204
    assert not part_dirs[0].exists()
    assert_problem(api.get(f"/v1/storage/uploads/{uid}"), 404)
    assert_problem(put_part(api, uid, 2, b"a" * KIB), 404)
    assert_problem(api.delete(f"/v1/storage/uploads/{uid}"), 404)


def test_empty_session(api: httpx.Client, base: str) -> None:
    session = create_session(api, f"{base}/zero", 0)
    assert session["part_count"] == 0
    done = complete(api, session["upload_id"], sha(b""))
    assert done.status_code == 201 and done.json()["size"] == 0


def test_sigkill_mid_upload_then_restart_and_complete(tmp_path: Path) -> None:
    part_size = 64 * KIB
    data = os.urandom(4 * part_size)
    with run_emulator(data_dir=tmp_path / "data") as emulator, client_for(emulator) as client:
        session = create_session(client, "/crash/file.bin", len(data), part_size=part_size)
        uid = session["upload_id"]
        for n in (1, 2):
            assert put_part(client, uid, n, data[(n - 1) * part_size : n * part_size]).status_code == 200
        started = threading.Event()
        release = threading.Event()

        def slow_body() -> Iterator[bytes]:
            yield data[2 * part_size : 2 * part_size + 1000]
            started.set()
            release.wait(10)
            yield data[2 * part_size + 1000 : 3 * part_size]

        errors: list[BaseException] = []

        def send_slowly() -> None:
            try:
                put_part(client, uid, 3, slow_body())  # type: ignore[arg-type]
            except httpx.HTTPError as exc:
                errors.append(exc)

        sender = threading.Thread(target=send_slowly)
        sender.start()
        assert started.wait(10)
        time.sleep(0.2)  # let the server receive the first bytes of part 3
        emulator.kill()
        release.set()
        sender.join()
        assert errors, "part 3 cannot have succeeded: the emulator was killed while it arrived"
        emulator.restart()
        resumed = client.get(f"/v1/storage/uploads/{uid}").json()
        assert [p["part_number"] for p in resumed["parts"]] == [1, 2]
        assert not any((emulator.data_dir / "storage").glob("*/tmp/*")), "half-received part left behind"
        for n in (3, 4):
            assert put_part(client, uid, n, data[(n - 1) * part_size : n * part_size]).status_code == 200
        assert complete(client, uid, sha(data)).status_code == 201
        assert download(client, "/crash/file.bin").content == data
        emulator.kill()
        emulator.restart()
        assert download(client, "/crash/file.bin").content == data


# ----------------------------------------------------------------------------- hostile paths

HOSTILE_PATHS = [
    "../etc/passwd",
    "/../etc/passwd",
    "/a/../../etc/passwd",
    "/..",
    "/../",
    "/./../x",
    "/a/b/../../../x",
    "..",
    ".",
    "",
    "/",
    "//",
    "/a/",
    "\\..\\..\\windows\\system32",
    "/a\\..\\b",
    "/..\\x",
    "C:\\Windows\\win.ini",
    "C:/Windows/win.ini",
    "file:///etc/passwd",
    "http://evil.example/x",
    "/a\x00b",
    "/\x00",
    "/a\nb",
    "/a\rb",
    "/a\tb",
    "/a\x1bb",
    "/a\x7fb",
    "/a\u0085b",
    "/a\u2028b",
    "/ /x",
    "/  /x",
    "/.../x",
    "/. ./x",
    "/.. /x",
    "/ ../x",
    "/..../x",
    "/\uff0e\uff0e/x",
    "/\u2025/x",
    "/x\uff0fy",
    "/x\uff3cy",
    "/" + "a" * 256,
    "/" + "é" * 128,
    "/" + "ab/" * 400,
    # Odd but harmless: stored under a literal name inside the organization.
    "/%2e%2e/x",
    "/%252e%252e/x",
    "/..%2fx",
    "/x/..;/y",
    "/%c0%ae%c0%ae/x",
    "/a%00b",
    "/~/x",
    "/~root/.ssh/id_rsa",
    "/$HOME/x",
    "/$(id)/x",
    "/`id`/x",
    "/etc/passwd",
    "/dev/null",
    "/proc/self/environ",
    "/CON",
    "/nul.txt",
    "/.git/config",
    "/a/b\u202ec",
    "//x//y",
    "/x/./y",
    "/" + "a" * 255,
    "/...x/x...",
    "/spaces are fine/ok .txt",
]


@pytest.fixture()
def jailed(tmp_path: Path) -> Iterator[EmulatorProcess]:
    """An emulator whose data dir sits deeper in this test's own folder than any hostile path climbs.

    A path that escaped its organization's root would land in that folder, which nothing else
    writes to (the shared temporary folder is busy with other tests' files).
    """
    climb = max(path.replace("\\", "/").split("/").count("..") for path in HOSTILE_PATHS)
    data_dir = tmp_path.joinpath(*[f"level{n}" for n in range(climb + 1)], "data")
    data_dir.parent.mkdir(parents=True)
    config = tmp_path / "config.yaml"
    config.write_text(CONFIG)
    with run_emulator(data_dir=data_dir, config=config, extra_args=["--validate-responses"]) as emulator:
        yield emulator


def test_hostile_paths_are_refused_or_kept_inside_the_org(jailed: EmulatorProcess, tmp_path: Path) -> None:
    assert len(HOSTILE_PATHS) >= 50
    before = {p for p in tmp_path.rglob("*") if not p.is_relative_to(jailed.data_dir)}
    stored: dict[str, bytes] = {}
    with client_for(jailed, Authorization="Bearer key-a", **{"X-Vantage-Organization": "org-a"}) as client:
        for i, path in enumerate(HOSTILE_PATHS):
            body = f"hostile {i}".encode()
            response = upload(client, path, body)
            if response.status_code == 400:
                assert_problem(response, 400, field="path")
                session = client.post("/v1/storage/uploads", json={"path": path, "size": 1})
                assert_problem(session, 400, field="path")
                continue
            assert response.status_code == 201, (path, response.text)
            normalized = response.json()["path"]
            segments = normalized.split("/")
            assert normalized.startswith("/") and segments[0] == "" and "" not in segments[1:]
            assert ".." not in segments and "." not in segments and "\x00" not in normalized
            stored[normalized] = body
        lone_surrogate = client.post(
            "/v1/storage/uploads",
            content=b'{"path": "/a\\ud800b", "size": 1}',
            headers={"Content-Type": "application/json"},
        )
        assert_problem(lone_surrogate, 400, field="path")
        listed = client.get("/v1/storage/files", params={"path": "/", "recursive": "true", "limit": 1000}).json()
        assert {e["path"] for e in listed["items"]} >= set(stored)
        for path, body in stored.items():
            assert download(client, path).content == body
    assert {"/%2e%2e/x", "/etc/passwd", "/x/y", "/x/..;/y"} <= set(stored)
    after = {p for p in tmp_path.rglob("*") if not p.is_relative_to(jailed.data_dir)}
    assert after == before, "a hostile path created something outside the data dir"
    storage_root = jailed.data_dir / "storage"
    for file in storage_root.rglob("*"):
        if file.is_file():
            relative = file.relative_to(storage_root).parts
            assert relative[1] in ("blobs", "uploads", "tmp"), file
            if relative[1] == "blobs":
                assert sha(file.read_bytes()) == file.name


# ----------------------------------------------------------------------------- organizations


def test_organizations_do_not_see_each_others_files(custom: EmulatorProcess) -> None:
    a = client_for(custom, Authorization="Bearer key-a", **{"X-Vantage-Organization": "org-a"})
    b = client_for(custom, Authorization="Bearer key-b", **{"X-Vantage-Organization": "org-b"})
    c = client_for(custom, Authorization="Bearer key-b", **{"X-Vantage-Organization": "org-c"})
    with a, b, c:
        assert upload(a, "/iso/secret.txt", b"secret of a").status_code == 201
        session = create_session(a, "/iso/big.bin", 2 * KIB, part_size=KIB)
        uid = session["upload_id"]
        for other in (b, c):
            assert_problem(other.get("/v1/storage/metadata", params={"path": "/iso/secret.txt"}), 404)
            assert_problem(download(other, "/iso/secret.txt"), 404)
            assert_problem(other.delete("/v1/storage/files", params={"path": "/iso", "recursive": "true"}), 404)
            assert other.get("/v1/storage/files", params={"path": "/iso"}).json()["items"] == []
            assert_problem(other.get(f"/v1/storage/uploads/{uid}"), 404)
            assert_problem(put_part(other, uid, 1, b"x" * KIB), 404)
            assert_problem(complete(other, uid, sha(b"")), 404)
            assert_problem(other.delete(f"/v1/storage/uploads/{uid}"), 404)
        assert upload(b, "/iso/secret.txt", b"b's own").status_code == 201
        assert download(a, "/iso/secret.txt").content == b"secret of a"
        assert download(b, "/iso/secret.txt").content == b"b's own"
        assert_problem(download(c, "/iso/secret.txt"), 404)
        forbidden = b.get("/v1/storage/files", params={"path": "/"}, headers={"X-Vantage-Organization": "org-a"})
        assert_problem(forbidden, 403)
        assert a.get(f"/v1/storage/uploads/{uid}").status_code == 200


def test_crc32c_is_kept_for_parts_and_files_reported_and_checked(api: httpx.Client, base: str) -> None:
    part_size = 256 * KIB
    data = os.urandom(3 * part_size + 99)
    session = create_session(api, f"{base}/c.bin", len(data), part_size=part_size)
    parts = [data[i : i + part_size] for i in range(0, len(data), part_size)]
    bad = put_part(api, session["upload_id"], 1, parts[0], **{"X-Content-CRC32C": crc(parts[1])})
    assert bad.status_code == 422 and "CRC32C" in bad.json()["detail"]
    for n, chunk in enumerate(parts, 1):
        headers = {"X-Content-CRC32C": crc(chunk)} if n == 1 else {}
        response = put_part(api, session["upload_id"], n, chunk, **headers)
        assert response.json()["crc32c"] == crc(chunk)
    done = api.post(f"/v1/storage/uploads/{session['upload_id']}/complete", json={"sha256": sha(data)})
    assert done.status_code == 201 and done.json()["crc32c"] == crc(data)
    whole = api.get("/v1/storage/content", params={"path": f"{base}/c.bin"})
    assert whole.headers["X-Content-CRC32C"] == crc(data)
    ranged = api.get("/v1/storage/content", params={"path": f"{base}/c.bin"}, headers={"Range": "bytes=5-9"})
    assert ranged.status_code == 206 and ranged.headers["X-Content-CRC32C"] == crc(data)
    single = api.put(
        "/v1/storage/content",
        params={"path": f"{base}/s.bin"},
        content=b"hello",
        headers={"Content-Type": "application/octet-stream", "X-Content-CRC32C": crc(b"hellO")},
    )
    assert single.status_code == 422
    assert api.get("/v1/storage/metadata", params={"path": f"{base}/s.bin"}).status_code == 404


def test_a_session_completes_by_its_crc32c_alone_and_a_wrong_one_keeps_it_open(api: httpx.Client, base: str) -> None:
    part_size = 256 * KIB
    data = os.urandom(2 * part_size + 7)
    session = create_session(api, f"{base}/by-crc.bin", len(data), part_size=part_size)
    for n in (1, 2, 3):
        put_part(api, session["upload_id"], n, data[(n - 1) * part_size : n * part_size])
    url = f"/v1/storage/uploads/{session['upload_id']}/complete"
    assert api.post(url, json={}).status_code == 400  # one checksum at least
    wrong = api.post(url, json={"crc32c": crc(data[1:])})
    assert wrong.status_code == 422 and "CRC32C" in wrong.json()["detail"]
    assert api.get(f"/v1/storage/uploads/{session['upload_id']}").json()["status"] == "open"
    done = api.post(url, json={"crc32c": crc(data)})
    assert done.status_code == 201
    assert done.json()["sha256"] == sha(data) and done.json()["crc32c"] == crc(data)
    assert api.post(url, json={"crc32c": crc(data)}).json()["sha256"] == sha(data)  # completing again: the file
    assert api.post(url, json={"crc32c": crc(data[1:])}).status_code == 409
    assert api.get("/v1/storage/content", params={"path": f"{base}/by-crc.bin"}).content == data

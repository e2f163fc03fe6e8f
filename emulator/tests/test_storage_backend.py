"""Unit tests of the emulator's storage backend (no HTTP)."""

from __future__ import annotations

import base64
import hashlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import google_crc32c
import pytest

from vantage_emulator.state import State
from vantage_emulator.storage import (
    DEFAULT_PART_SIZE,
    ChecksumMismatchError,
    ConflictError,
    InvalidPathError,
    InvalidRequestError,
    NotFoundError,
    PayloadTooLargeError,
    SessionDigest,
    Storage,
    import_file,
    normalize_file_path,
    normalize_folder_path,
)

ORG = "acme"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def crc(data: bytes) -> str:
    """CRC32C as GCS reports it: base64 of the 4 big-endian bytes."""
    return base64.b64encode(google_crc32c.value(data).to_bytes(4, "big")).decode()


@pytest.fixture()
def storage(tmp_path: Path) -> Storage:
    return Storage(State(tmp_path))


def all_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


# ----------------------------------------------------------------------------- paths


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("/a.txt", "/a.txt"),
        ("//a//b///c.txt", "/a/b/c.txt"),
        ("/a/./b/./c", "/a/b/c"),
        ("/data/résumé ünicode.csv", "/data/résumé ünicode.csv"),
        ("/a/...b/c..d", "/a/...b/c..d"),
        ("/%2e%2e/x", "/%2e%2e/x"),
        ("/" + "x" * 255, "/" + "x" * 255),
    ],
)
def test_file_paths_normalize(raw: str, expected: str) -> None:
    assert normalize_file_path(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "empty"),
        ("relative/path", "not absolute"),
        ("/a/../b", "'..'"),
        ("/..", "'..'"),
        ("/a/b/..", "'..'"),
        ("/a\x00b", "NUL"),
        ("/a\nb", "U+000A"),
        ("/a\x7fb", "U+007F"),
        ("/a\x85b", "U+0085"),
        ("/a\u2028b", "U+2028"),
        ("/a\\..\\b", "backslash"),
        ("/a/ /b", "empty or dots-only"),
        ("/a/.../b", "empty or dots-only"),
        ("/a/.. /b", "empty or dots-only"),
        ("/a/\uff0e\uff0e/b", "empty or dots-only"),
        ("/a/x\uff0fy", "path separator"),
        ("/" + "x" * 256, "longer than 255 bytes"),
        ("/" + "é" * 128, "longer than 255 bytes"),
        ("/" + "/".join(["abcdefghi"] * 103), "longer than 1024"),
        ("/", "root folder"),
        ("/a/b/", "names a folder"),
    ],
)
def test_bad_file_paths_are_refused_naming_the_path(raw: str, reason: str) -> None:
    with pytest.raises(InvalidPathError) as info:
        normalize_file_path(raw)
    assert reason in info.value.detail
    assert info.value.field == "path"
    assert info.value.status == 400


def test_folder_paths_end_with_a_slash() -> None:
    assert normalize_folder_path("/") == "/"
    assert normalize_folder_path("//") == "/"
    assert normalize_folder_path("/a//b") == "/a/b/"
    assert normalize_folder_path("/a/b/") == "/a/b/"
    with pytest.raises(InvalidPathError):
        normalize_folder_path("/a/../")


# ----------------------------------------------------------------------------- files


def test_store_stat_read_roundtrip(storage: Storage) -> None:
    record = storage.store_bytes(ORG, "/data//hello.txt", b"hello", metadata={"k": "v"})
    assert record.path == "/data/hello.txt"
    assert record.sha256 == sha(b"hello")
    assert record.etag == f'"{sha(b"hello")}"'
    assert record.content_type == "text/plain"
    stat = storage.stat(ORG, "/data/hello.txt")
    assert stat == record
    assert storage.read_bytes(ORG, "/data/hello.txt") == b"hello"
    info = stat.to_info()
    assert info["name"] == "hello.txt" and info["type"] == "file" and info["metadata"] == {"k": "v"}
    assert info["modified_at"].endswith("Z")


def test_missing_file_is_not_found(storage: Storage) -> None:
    with pytest.raises(NotFoundError) as info:
        storage.stat(ORG, "/nope.txt")
    assert "/nope.txt" in info.value.detail and info.value.status == 404


def test_replace_and_delete_release_blobs(storage: Storage) -> None:
    root = storage.org_root(ORG)
    storage.store_bytes(ORG, "/a", b"one")
    storage.store_bytes(ORG, "/b", b"one")  # same content: one shared blob
    assert [p.name for p in all_files(root / "blobs")] == [sha(b"one")]
    storage.store_bytes(ORG, "/a", b"two")
    assert {p.name for p in all_files(root / "blobs")} == {sha(b"one"), sha(b"two")}
    storage.delete(ORG, "/b")
    assert [p.name for p in all_files(root / "blobs")] == [sha(b"two")]
    storage.delete(ORG, "/a")
    assert all_files(root / "blobs") == []


def test_empty_file(storage: Storage) -> None:
    record = storage.store_bytes(ORG, "/empty", b"")
    assert record.size == 0 and record.sha256 == sha(b"")
    assert storage.read_bytes(ORG, "/empty") == b""


def test_a_file_and_a_folder_cannot_share_a_name(storage: Storage) -> None:
    storage.store_bytes(ORG, "/a/b.txt", b"x")
    with pytest.raises(ConflictError, match="folder"):
        storage.store_bytes(ORG, "/a", b"y")
    with pytest.raises(ConflictError, match="'/a/b.txt' is a file"):
        storage.store_bytes(ORG, "/a/b.txt/c", b"y")
    with pytest.raises(ConflictError):
        storage.create_upload(ORG, "/a", 10)


def test_single_upload_limit_and_checksum(storage: Storage) -> None:
    storage.max_single_upload = 4
    with storage.new_single_upload(ORG) as incoming:
        incoming.write(b"1234")
        with pytest.raises(PayloadTooLargeError):
            incoming.write(b"5")
    with storage.new_single_upload(ORG) as incoming:
        incoming.write(b"abc")
        with pytest.raises(ChecksumMismatchError):
            storage.put_file(ORG, "/x", incoming, expected_sha256=sha(b"abd"))
    with pytest.raises(NotFoundError):
        storage.stat(ORG, "/x")
    assert all_files(storage.org_root(ORG)) == []  # nothing left behind


def test_store_file_from_path(storage: Storage, tmp_path: Path) -> None:
    local = tmp_path / "out.bin"
    local.write_bytes(os.urandom(3 * 1024 * 1024 + 5))
    record = storage.store_file_from_path(ORG, "/jobs/job-1/out.bin", local, metadata={"job": "job-1"})
    assert record.sha256 == sha(local.read_bytes())
    assert storage.read_bytes(ORG, "/jobs/job-1/out.bin") == local.read_bytes()


def test_organizations_are_isolated(storage: Storage) -> None:
    storage.store_bytes("org-a", "/secret.txt", b"a")
    with pytest.raises(NotFoundError):
        storage.stat("org-b", "/secret.txt")
    assert storage.list_files("org-b", "/").items == []
    with pytest.raises(NotFoundError):
        storage.delete("org-b", "/secret.txt")
    session = storage.create_upload("org-a", "/big", 2048, part_size=1024)
    with pytest.raises(NotFoundError):
        storage.get_upload("org-b", session.upload_id)
    assert storage.org_root("org-a") != storage.org_root("org-b")


def test_odd_organization_names_stay_inside_the_storage_root(storage: Storage) -> None:
    for org in ("../evil", ".", "..", "a/b", "x" * 300, ""):
        root = storage.org_root(org)
        assert root.parent == storage.root


def test_reader_never_sees_a_half_written_file(storage: Storage) -> None:
    contents = [bytes([i]) * (2 * 1024 * 1024) for i in range(1, 5)]
    storage.store_bytes(ORG, "/hot", contents[0])
    stop = threading.Event()
    errors: list[str] = []

    def reader() -> None:
        while not stop.is_set():
            record, handle = storage.open_file(ORG, "/hot")
            with handle:
                data = handle.read()
            if data not in contents or sha(data) != record.sha256:
                errors.append(f"read {len(data)} bytes not matching {record.sha256}")

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for t in threads:
        t.start()
    for i in range(20):
        storage.store_bytes(ORG, "/hot", contents[i % len(contents)])
    stop.set()
    for t in threads:
        t.join()
    assert errors == []


# ----------------------------------------------------------------------------- listing


@pytest.fixture()
def tree(storage: Storage) -> Storage:
    for path, size in [
        ("/d/a.txt", 1),
        ("/d/b/x.bin", 10),
        ("/d/b/y/z.bin", 100),
        ("/d/b.txt", 2),
        ("/d/c/only.bin", 1000),
        ("/d2/other", 5),
        ("/top", 7),
    ]:
        storage.store_bytes(ORG, path, b"x" * size)
    return storage


def test_list_direct_children_with_implied_folders(tree: Storage) -> None:
    page = tree.list_files(ORG, "/d")
    assert [(e["path"], e["type"]) for e in page.items] == [
        ("/d/a.txt", "file"),
        ("/d/b.txt", "file"),
        ("/d/b/", "directory"),
        ("/d/c/", "directory"),
    ]
    assert "size" not in page.items[2] and "sha256" not in page.items[0]
    assert page.next_page_token is None
    root = tree.list_files(ORG, "/")
    assert [e["path"] for e in root.items] == ["/d/", "/d2/", "/top"]


def test_list_sizes_and_metadata(tree: Storage) -> None:
    page = tree.list_files(ORG, "/d/", include_size=True, include_metadata=True)
    sizes = {e["path"]: e["size"] for e in page.items}
    assert sizes == {"/d/a.txt": 1, "/d/b.txt": 2, "/d/b/": 110, "/d/c/": 1000}
    assert page.items[0]["sha256"] == sha(b"x") and page.items[0]["content_type"] == "text/plain"


def test_list_recursive(tree: Storage) -> None:
    page = tree.list_files(ORG, "/d/", recursive=True)
    assert [e["path"] for e in page.items] == ["/d/a.txt", "/d/b.txt", "/d/b/x.bin", "/d/b/y/z.bin", "/d/c/only.bin"]
    assert tree.list_files(ORG, "/nothing/here", recursive=True).items == []


@pytest.mark.parametrize("recursive", [False, True])
def test_list_pages_cover_everything_once(tree: Storage, recursive: bool) -> None:
    for i in range(7):
        tree.store_bytes(ORG, f"/d/many/{i:02}", b"m")
        tree.store_bytes(ORG, f"/d/f{i}", b"f")
    full = tree.list_files(ORG, "/d", recursive=recursive, limit=1000).items
    for limit in (1, 2, 3):
        seen: list[dict[str, object]] = []
        token = None
        while True:
            page = tree.list_files(ORG, "/d", recursive=recursive, limit=limit, page_token=token)
            assert len(page.items) <= limit
            seen += page.items
            token = page.next_page_token
            if token is None:
                break
        assert seen == full


def test_bad_page_token(tree: Storage) -> None:
    page = tree.list_files(ORG, "/d", limit=1)
    assert page.next_page_token
    for token in ("garbage!", "e30", page.next_page_token[:-3]):
        with pytest.raises(InvalidRequestError) as info:
            tree.list_files(ORG, "/d", page_token=token)
        assert info.value.field == "page_token"
    with pytest.raises(InvalidRequestError):  # a token of another listing
        tree.list_files(ORG, "/d2", page_token=page.next_page_token)


# ----------------------------------------------------------------------------- delete


def test_delete_folder_recursively(tree: Storage) -> None:
    with pytest.raises(InvalidPathError, match="recursive=true"):
        tree.delete(ORG, "/d/b")
    assert tree.delete(ORG, "/d/b", recursive=True) == 2
    assert [e["path"] for e in tree.list_files(ORG, "/d").items] == ["/d/a.txt", "/d/b.txt", "/d/c/"]
    with pytest.raises(NotFoundError):
        tree.delete(ORG, "/d/b", recursive=True)
    with pytest.raises(NotFoundError):
        tree.delete(ORG, "/missing.txt")
    assert tree.delete(ORG, "/", recursive=True) == 5
    assert all_files(tree.org_root(ORG) / "blobs") == []


# ----------------------------------------------------------------------------- upload sessions


def put(storage: Storage, upload_id: str, number: int, data: bytes, expected_sha256: str | None = None) -> None:
    with storage.new_part(ORG, upload_id, number, hashed=expected_sha256 is not None) as incoming:
        incoming.write(data)
        storage.put_part(ORG, upload_id, number, incoming, expected_sha256=expected_sha256)


def test_create_upload_picks_part_size(storage: Storage) -> None:
    session = storage.create_upload(ORG, "/big.tar.gz", 100 * 1024 * 1024)
    assert session.part_size == DEFAULT_PART_SIZE and session.part_count == 13
    assert session.status == "open" and session.expires_at > session.created_at
    huge = storage.create_upload(ORG, "/huge", 5 * 1024**4)
    assert huge.part_count <= 100_000
    with pytest.raises(InvalidRequestError, match="part_size of at least"):
        storage.create_upload(ORG, "/huge", 5 * 1024**4, part_size=1024 * 1024)
    with pytest.raises(InvalidRequestError):
        storage.create_upload(ORG, "/x", 10, part_size=10)
    with pytest.raises(InvalidPathError):
        storage.create_upload(ORG, "/../x", 10)


def test_parts_out_of_order_and_in_parallel(storage: Storage) -> None:
    data = os.urandom(10 * 1024 + 17)
    session = storage.create_upload(ORG, "/p.bin", len(data), part_size=1024, content_type="x/y", metadata={"a": "b"})
    assert session.part_count == 11
    numbers = list(range(session.part_count, 0, -1))
    threads = [
        threading.Thread(target=put, args=(storage, session.upload_id, n, data[(n - 1) * 1024 : n * 1024]))
        for n in numbers
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    got = storage.get_upload(ORG, session.upload_id)
    assert [p.part_number for p in got.parts] == list(range(1, 12))
    assert got.parts[-1].size == 17
    record = storage.complete_upload(ORG, session.upload_id, sha(data))
    assert record.sha256 == sha(data) and record.content_type == "x/y" and record.metadata == {"a": "b"}
    assert storage.read_bytes(ORG, "/p.bin") == data
    assert not (storage.org_root(ORG) / "uploads" / session.upload_id).exists()
    # Completing again with the same digest returns the file again; another digest is a conflict.
    assert storage.complete_upload(ORG, session.upload_id, sha(data)) == record
    with pytest.raises(ConflictError):
        storage.complete_upload(ORG, session.upload_id, sha(b"other"))
    assert storage.get_upload(ORG, session.upload_id).status == "completed"
    with pytest.raises(ConflictError):
        storage.abort_upload(ORG, session.upload_id)


def test_part_checks(storage: Storage) -> None:
    session = storage.create_upload(ORG, "/c.bin", 2500, part_size=1024)
    with pytest.raises(InvalidRequestError) as info:
        storage.new_part(ORG, session.upload_id, 4, hashed=False)
    assert info.value.field == "part_number" and "3 parts" in info.value.detail
    with pytest.raises(InvalidRequestError, match="exactly 1024 bytes; got 1000"):
        put(storage, session.upload_id, 1, b"x" * 1000)
    with pytest.raises(InvalidRequestError, match="exactly 452 bytes; got more"):
        put(storage, session.upload_id, 3, b"x" * 453)
    with pytest.raises(ChecksumMismatchError):
        put(storage, session.upload_id, 1, b"x" * 1024, expected_sha256=sha(b"y" * 1024))
    put(storage, session.upload_id, 1, b"x" * 1024, expected_sha256=sha(b"x" * 1024))
    assert storage.get_upload(ORG, session.upload_id).parts[0].sha256 == sha(b"x" * 1024)
    with pytest.raises(NotFoundError):
        storage.new_part(ORG, "upl-0000", 1, hashed=False)
    tmp = storage.org_root(ORG) / "tmp"
    assert list(tmp.iterdir()) == []


def test_resent_part_replaces_the_old_one(storage: Storage) -> None:
    session = storage.create_upload(ORG, "/r.bin", 2048, part_size=1024)
    put(storage, session.upload_id, 1, b"a" * 1024)
    put(storage, session.upload_id, 2, b"b" * 1024)
    with pytest.raises(ChecksumMismatchError):
        storage.complete_upload(ORG, session.upload_id, sha(b"a" * 1024 + b"c" * 1024))
    assert storage.get_upload(ORG, session.upload_id).status == "open"
    put(storage, session.upload_id, 2, b"c" * 1024)
    session_dir = storage.org_root(ORG) / "uploads" / session.upload_id
    assert len(list(session_dir.iterdir())) == 2
    storage.complete_upload(ORG, session.upload_id, sha(b"a" * 1024 + b"c" * 1024))
    assert storage.read_bytes(ORG, "/r.bin") == b"a" * 1024 + b"c" * 1024


def test_complete_names_missing_parts(storage: Storage) -> None:
    session = storage.create_upload(ORG, "/m.bin", 10 * 1024, part_size=1024)
    for n in (1, 2, 3, 5, 9):
        put(storage, session.upload_id, n, b"z" * 1024)
    with pytest.raises(ConflictError) as info:
        storage.complete_upload(ORG, session.upload_id, sha(b""))
    assert "missing parts 4, 6-8, 10 of 10" in info.value.detail
    assert info.value.code == "missing_parts"


def test_empty_upload_session(storage: Storage) -> None:
    session = storage.create_upload(ORG, "/empty.bin", 0)
    assert session.part_count == 0
    with pytest.raises(InvalidRequestError, match="complete it directly"):
        storage.new_part(ORG, session.upload_id, 1, hashed=False)
    assert storage.complete_upload(ORG, session.upload_id, sha(b"")).size == 0


def test_abort_frees_the_space(storage: Storage) -> None:
    session = storage.create_upload(ORG, "/a.bin", 2048, part_size=1024)
    put(storage, session.upload_id, 1, b"a" * 1024)
    storage.abort_upload(ORG, session.upload_id)
    assert all_files(storage.org_root(ORG)) == []
    with pytest.raises(NotFoundError):
        storage.get_upload(ORG, session.upload_id)
    with pytest.raises(NotFoundError):
        storage.abort_upload(ORG, session.upload_id)
    with pytest.raises(NotFoundError):
        put(storage, session.upload_id, 2, b"b" * 1024)


def test_sessions_and_parts_survive_a_restart(tmp_path: Path) -> None:
    first = Storage(State(tmp_path))
    session = first.create_upload(ORG, "/s.bin", 2048, part_size=1024)
    put(first, session.upload_id, 2, b"2" * 1024)
    # What a SIGKILL can leave behind: a body half received, a blob with no row.
    stray = first.new_incoming(ORG)
    stray.write(b"partial")
    orphan = first.org_root(ORG) / "blobs" / "ab" / ("ab" * 32)
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"orphan")
    second = Storage(State(tmp_path))
    assert not stray.path.exists() and not orphan.exists()
    assert [p.part_number for p in second.get_upload(ORG, session.upload_id).parts] == [2]
    put(second, session.upload_id, 1, b"1" * 1024)
    second.complete_upload(ORG, session.upload_id, sha(b"1" * 1024 + b"2" * 1024))
    assert second.read_bytes(ORG, "/s.bin") == b"1" * 1024 + b"2" * 1024


def test_expired_sessions_are_discarded(tmp_path: Path) -> None:
    storage = Storage(State(tmp_path), upload_ttl=-1)
    session = storage.create_upload(ORG, "/e.bin", 1024, part_size=1024)
    with pytest.raises(NotFoundError):
        storage.get_upload(ORG, session.upload_id)
    assert storage.expire_uploads() == 1
    assert not (storage.org_root(ORG) / "uploads" / session.upload_id).exists()


def test_parts_and_abort_wait_while_completing(storage: Storage) -> None:
    session = storage.create_upload(ORG, "/w.bin", 1024, part_size=1024)
    put(storage, session.upload_id, 1, b"w" * 1024)
    with storage._completing_session(session.upload_id):
        with pytest.raises(ConflictError, match="being completed"):
            storage.new_part(ORG, session.upload_id, 1, hashed=False)
        with pytest.raises(ConflictError, match="being completed"):
            storage.abort_upload(ORG, session.upload_id)
        with pytest.raises(ConflictError, match="being completed"):
            storage.complete_upload(ORG, session.upload_id, sha(b"w" * 1024))
    storage.complete_upload(ORG, session.upload_id, sha(b"w" * 1024))


def store_in_parts(storage: Storage, path: str, data: bytes, part_size: int = 1024) -> str:
    """Store `data` at `path` through an upload session; returns the session id."""
    session = storage.create_upload(ORG, path, len(data), part_size=part_size)
    for n in range(1, session.part_count + 1):
        put(storage, session.upload_id, n, data[(n - 1) * part_size : n * part_size])
    storage.complete_upload(ORG, session.upload_id, sha(data))
    return session.upload_id


def test_a_session_file_is_its_parts_read_back_to_back(storage: Storage) -> None:
    data = os.urandom(3 * 1024 + 100)
    store_in_parts(storage, "/parts.bin", data)
    blob = storage.org_root(ORG) / "blobs" / sha(data)[:2] / sha(data)
    assert blob.is_dir() and len(list(blob.iterdir())) == 4
    record, reader = storage.open_file(ORG, "/parts.bin")
    with reader:
        assert record.size == len(data)
        reader.seek(1000)
        assert reader.read(100) == data[1000:1100]  # across the end of part 1
        assert reader.tell() == 1100
        assert reader.read() == data[1100:]
        assert reader.read(10) == b""
        reader.seek(-50, os.SEEK_END)
        assert reader.read(1000) == data[-50:]
    assert storage.read_bytes(ORG, "/parts.bin") == data


def test_a_parts_blob_outlives_its_file_while_a_reader_has_it_open(storage: Storage) -> None:
    data = os.urandom(2500)
    store_in_parts(storage, "/kept.bin", data)
    blob = storage.org_root(ORG) / "blobs" / sha(data)[:2] / sha(data)
    _, reader = storage.open_file(ORG, "/kept.bin")
    storage.delete(ORG, "/kept.bin")
    assert blob.is_dir()
    assert reader.read() == data
    reader.close()
    assert not blob.exists()


def test_a_parts_blob_stored_again_while_open_is_kept_after_the_reader_closes(storage: Storage) -> None:
    data = os.urandom(2500)
    store_in_parts(storage, "/a.bin", data)
    _, reader = storage.open_file(ORG, "/a.bin")
    storage.delete(ORG, "/a.bin")
    storage.store_bytes(ORG, "/b.bin", data)  # same bytes: names the same blob again
    reader.close()
    assert storage.read_bytes(ORG, "/b.bin") == data


def test_start_up_removes_a_parts_blob_no_file_names(tmp_path: Path) -> None:
    first = Storage(State(tmp_path))
    data = os.urandom(2500)
    store_in_parts(first, "/gone.bin", data)
    blob = first.org_root(ORG) / "blobs" / sha(data)[:2] / sha(data)
    with first.state.transaction() as db:  # as if a crash hit between the row's removal and the blob's
        db.execute("DELETE FROM storage_files")
    assert blob.is_dir()
    Storage(State(tmp_path))
    assert not blob.exists()


def test_session_digest_follows_parts_in_order_and_starts_over_when_one_changes(tmp_path: Path) -> None:
    parts = {1: b"a" * 10, 2: b"b" * 10, 3: b"c" * 5}
    names = {n: f"{n}-first" for n in parts}
    for n, data in parts.items():
        (tmp_path / names[n]).write_bytes(data)
    digest = SessionDigest()
    # Part 1 missing: nothing can be hashed yet.
    assert digest.advance(tmp_path, {2: names[2], 3: names[3]}) == sha(b"")
    assert digest.advance(tmp_path, {1: names[1], 2: names[2]}) == sha(parts[1] + parts[2])
    assert digest.advance(tmp_path, names) == sha(parts[1] + parts[2] + parts[3])
    # Part 2 re-sent with other bytes after it was hashed.
    (tmp_path / "2-second").write_bytes(b"B" * 10)
    assert digest.advance(tmp_path, {**names, 2: "2-second"}) == sha(parts[1] + b"B" * 10 + parts[3])
    # A part file gone (replaced meanwhile): the background call stops, completion's raises.
    assert digest.advance(tmp_path, {**names, 2: "2-gone"}) == sha(parts[1])
    with pytest.raises(FileNotFoundError):
        digest.advance(tmp_path, {**names, 2: "2-gone"}, strict=True)


def test_session_digest_hands_fsyncs_to_the_syncer_and_waits_for_them(tmp_path: Path) -> None:
    for name in ("1-a", "2-a"):
        (tmp_path / name).write_bytes(name.encode())
    synced: list[str] = []

    class Syncer(ThreadPoolExecutor):
        def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
            synced.append(args[0].name)
            return super().submit(fn, *args, **kwargs)

    with Syncer(max_workers=1) as syncer:
        digest = SessionDigest(syncer)
        digest.advance(tmp_path, {1: "1-a"})
        (tmp_path / "1-a").unlink()  # replaced meanwhile: its fsync finds nothing, and that is fine
        digest.advance(tmp_path, {1: "1-a", 2: "2-a"})
        digest.wait_durable()
    assert synced == ["1-a", "2-a"]


def test_parts_are_hashed_on_their_own_only_when_the_client_sent_a_sha256(storage: Storage) -> None:
    session = storage.create_upload(ORG, "/h.bin", 2048, part_size=1024)
    put(storage, session.upload_id, 1, b"1" * 1024)
    put(storage, session.upload_id, 2, b"2" * 1024, expected_sha256=sha(b"2" * 1024))
    first, second = storage.get_upload(ORG, session.upload_id).parts
    assert first.to_doc() == {"part_number": 1, "size": 1024, "crc32c": crc(b"1" * 1024)}
    assert second.to_doc() == {"part_number": 2, "size": 1024, "sha256": sha(b"2" * 1024), "crc32c": crc(b"2" * 1024)}
    storage.complete_upload(ORG, session.upload_id, sha(b"1" * 1024 + b"2" * 1024))


class FakeEmulator:
    """What the storage hooks use of `core.Emulator`."""

    def __init__(self, data_dir: Path) -> None:
        self.state = State(data_dir)
        self.settings = SimpleNamespace(options={})


def test_import_file_skips_outputs_storage_refuses(tmp_path: Path) -> None:
    emulator = FakeEmulator(tmp_path / "data")
    local = tmp_path / "out.txt"
    local.write_bytes(b"output")
    record = import_file(emulator, ORG, "/jobs/job-1/outputs/out.txt", local)
    assert record is not None and record.sha256 == sha(b"output")
    assert import_file(emulator, ORG, "/jobs/job-1/outputs/a\nb", local) is None
    assert import_file(emulator, ORG, "/jobs/job-1/outputs/out.txt/x", local) is None


def test_storage_settings_from_flags_and_config(tmp_path: Path) -> None:
    import argparse

    from vantage_emulator.config import ConfigError
    from vantage_emulator.storage import add_cli_arguments, apply_cli_arguments, parse_size, storage_for

    assert [parse_size(v, "x") for v in ("1024", "512MiB", "5G", "10k", 7)] == [1024, 512 << 20, 5 << 30, 10 << 10, 7]
    with pytest.raises(ConfigError, match="storage.max_single_upload"):
        parse_size("lots", "storage.max_single_upload")
    parser = argparse.ArgumentParser()
    add_cli_arguments(parser)
    emulator = FakeEmulator(tmp_path / "data")
    emulator.settings.options = {"storage": {"max_single_upload": "1G", "upload_ttl_seconds": 60}}
    apply_cli_arguments(parser.parse_args(["--max-upload-size", "1MiB"]), emulator.settings)
    storage = storage_for(emulator)
    assert (storage.max_single_upload, storage.upload_ttl) == (1 << 20, 60.0)
    assert storage_for(emulator) is storage
    for bad in ({"storage": {"upload_ttl_seconds": 0}}, {"storage": {"nope": 1}}, {"storage": []}):
        with pytest.raises(ConfigError, match="storage"):
            apply_cli_arguments(parser.parse_args([]), SimpleNamespace(options=bad))


@pytest.mark.parametrize(("first", "second"), [(0, 0), (1, 0), (0, 5), (7, 13), (1000, 65536), (3, 1 << 20)])
def test_crc32c_combine_equals_the_crc32c_of_the_joined_bytes(first: int, second: int) -> None:
    from vantage_emulator.storage import crc32c

    a, b = os.urandom(first), os.urandom(second)
    assert crc32c.combine(google_crc32c.value(a), google_crc32c.value(b), second) == google_crc32c.value(a + b)
    assert crc32c.encode(google_crc32c.value(a + b)) == crc(a + b)


def test_a_data_folder_from_before_crc32c_gains_the_columns_and_its_files_report_none(tmp_path: Path) -> None:
    from vantage_emulator.storage import STORAGE_SCHEMA

    old_schema = "\n".join(line for line in STORAGE_SCHEMA.splitlines() if "crc32c" not in line)
    state = State(tmp_path)
    state.register_schema(old_schema)
    with state.transaction() as db:
        db.execute(
            "INSERT INTO storage_files VALUES (?, ?, ?, ?, ?, ?, ?)",
            (ORG, "/old.bin", 3, sha(b"old"), "application/octet-stream", "{}", 0.0),
        )
    storage = Storage(state)
    for table in ("storage_files", "storage_session_parts"):
        assert "crc32c" in {row["name"] for row in state.query(f"PRAGMA table_info({table})")}
    old = storage.stat(ORG, "/old.bin")
    assert old.crc32c is None and "crc32c" not in old.to_info() and old.to_info()["sha256"] == sha(b"old")
    new = storage.store_bytes(ORG, "/new.bin", b"new")
    assert storage.stat(ORG, "/new.bin").to_info()["crc32c"] == crc(b"new") == new.crc32c

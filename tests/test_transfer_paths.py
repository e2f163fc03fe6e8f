"""Path rules of the transfer engine: remote paths checked before sending, local names kept inside
their folder (a corpus of hostile names), and the local tree walk (symlinks, special files)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from vantage_sdk._exceptions import TransferError, ValidationError
from vantage_sdk._transfer import (
    TransferSummary,
    check_remote_file,
    check_remote_folder,
    local_destination,
    safe_local_path,
    unsafe_name_reason,
    walk_local_tree,
)

# Names below a downloaded folder that must never become local paths, on any system.
HOSTILE_EVERYWHERE = [
    "..",
    "../x",
    "../../etc/passwd",
    "a/../../x",
    "a/b/../../../x",
    "a/..",
    "./../x",
    "/etc/passwd",
    "/x",
    "//x",
    "///etc/shadow",
    "/",
    "",
    ".",
    "./x",
    "a/./b",
    "a//b",
    "a/",
    "a/b/",
    "..\\x",
    "..\\..\\windows\\system32\\config",
    "a\\..\\..\\x",
    "\\x",
    "\\\\server\\share\\x",
    "a\\b",
    "C:",
    "C:x",
    "C:\\x",
    "C:/x",
    "c:/windows/win.ini",
    "Z:\\autoexec.bat",
    "d:",
    "a\x00b",
    "\x00",
    "x\x00/../../etc",
    "a\nb",
    "a\rb",
    "tab\tname",
    "\x1b[31mred",
    "\x7f",
    "a/\x01/b",
    "../" * 20 + "etc/passwd",
    "a/" * 10 + "../" * 11 + "x",
    "..%2f..%2fx/../..",
    "ok/../../../x",
    "x/..",
    "x/../..",
    "./",
    "../",
    "..\\",
]

# Extra names Windows must refuse: streams, drive-relative forms, devices, trailing dots/spaces.
HOSTILE_ON_WINDOWS = [
    "file.txt:stream",
    "a:b",
    "CON",
    "con.txt",
    "NUL",
    "aux.tar.gz",
    "COM1",
    "lpt9.log",
    "dir/PRN",
    "name.",
    "name ",
    "dir./x",
    "x..",
]

BENIGN = [
    "a.txt",
    "sub/b.txt",
    "deep/er/still/c.bin",
    "...x",
    "..x",
    "a..b/c",
    ".hidden",
    "日本語/ファイル.txt",
    "émigré café.csv",
    "with space.txt",
    "%2e%2e",
    "-dash",
    "CONFIG",
    "console.log",
]


def test_the_hostile_corpus_is_large() -> None:
    assert len(HOSTILE_EVERYWHERE) + len(HOSTILE_ON_WINDOWS) >= 50


@pytest.mark.parametrize("name", HOSTILE_EVERYWHERE)
def test_hostile_names_are_refused_everywhere(name: str) -> None:
    assert unsafe_name_reason(name, windows=False) is not None
    assert unsafe_name_reason(name, windows=True) is not None


@pytest.mark.parametrize("name", HOSTILE_ON_WINDOWS)
def test_windows_only_hostile_names(name: str) -> None:
    assert unsafe_name_reason(name, windows=True) is not None


@pytest.mark.parametrize("name", BENIGN)
def test_benign_names_are_kept(name: str) -> None:
    assert unsafe_name_reason(name, windows=False) is None
    assert unsafe_name_reason(name, windows=True) is None


@pytest.mark.parametrize("name", HOSTILE_EVERYWHERE)
def test_safe_local_path_never_leaves_the_folder(tmp_path: Path, name: str) -> None:
    root = tmp_path / "out"
    with pytest.raises(TransferError) as info:
        safe_local_path(root, name, "/remote/" + name)
    assert repr("/remote/" + name) in str(info.value), "the error names the remote file"
    assert not root.exists()


def test_safe_local_path_refuses_a_planted_symlink(tmp_path: Path) -> None:
    root, outside = tmp_path / "out", tmp_path / "elsewhere"
    root.mkdir()
    outside.mkdir()
    (root / "link").symlink_to(outside)
    with pytest.raises(TransferError, match="resolves outside"):
        safe_local_path(root, "link/x.txt", "/r/link/x.txt")
    assert safe_local_path(root, "sub/x.txt", "/r/sub/x.txt") == root.resolve() / "sub" / "x.txt"


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("datasets/a.csv", "not absolute"),
        ("", "not absolute"),
        ("/a/../b", "'..'"),
        ("/a\x00b", "NUL"),
        ("/a\\b", "backslash"),
        ("/" + "x" * 1024, "longer than 1024"),
        ("/datasets/", "names a folder"),
    ],
)
def test_remote_file_paths_are_checked_before_any_request(path: str, problem: str) -> None:
    with pytest.raises(ValidationError, match=problem) as info:
        check_remote_file(path)
    assert info.value.status_code is None


def test_remote_folder_paths_get_a_trailing_slash() -> None:
    assert check_remote_folder("/datasets") == "/datasets/"
    assert check_remote_folder("/") == "/"
    assert check_remote_folder("//datasets/./x//") == "/datasets/x/"
    assert check_remote_file("/a//./b.csv") == "/a/b.csv"
    with pytest.raises(ValidationError, match="names a folder"):
        check_remote_file("/")
    with pytest.raises(ValidationError, match="must be a storage path string"):
        check_remote_folder(None)


def test_local_destination_rules(tmp_path: Path) -> None:
    assert local_destination(tmp_path / "x.txt", "/r/a.txt") == tmp_path / "x.txt"
    assert local_destination(tmp_path, "/r/a.txt") == tmp_path / "a.txt"
    (tmp_path / "new").mkdir()
    assert local_destination(str(tmp_path / "new") + os.sep, "/r/a.txt") == tmp_path / "new" / "a.txt"
    with pytest.raises(ValidationError, match="does not exist"):
        local_destination(str(tmp_path / "newer") + os.sep, "/r/a.txt")
    with pytest.raises(ValidationError, match="does not exist"):
        local_destination(tmp_path / "missing" / "x.txt", "/r/a.txt")
    (tmp_path / "file").write_text("x")
    with pytest.raises(ValidationError, match="is not a folder"):
        local_destination(tmp_path / "file" / "x.txt", "/r/a.txt")
    (tmp_path / "a.txt").mkdir()
    with pytest.raises(ValidationError, match="it is a folder"):
        local_destination(tmp_path, "/r/a.txt")


def test_walk_follows_links_inside_and_skips_links_outside(tmp_path: Path) -> None:
    root, outside = tmp_path / "src", tmp_path / "outside"
    (root / "sub").mkdir(parents=True)
    outside.mkdir()
    (root / "a.txt").write_text("a")
    (root / "sub" / "b.txt").write_text("b")
    (outside / "secret.txt").write_text("s")
    (root / "inside-link.txt").symlink_to(root / "a.txt")
    (root / "outside-link.txt").symlink_to(outside / "secret.txt")
    (root / "outside-dir").symlink_to(outside)
    (root / "broken").symlink_to(root / "nothing")
    (root / "sub" / "loop").symlink_to(root)
    os.mkfifo(root / "fifo")
    summary = TransferSummary()
    entries = walk_local_tree(root, summary)
    assert [str(e.relative) for e in entries] == ["a.txt", "inside-link.txt", "sub/b.txt"]
    assert entries[1].path == (root / "a.txt").resolve()
    assert set(summary.skipped) == {"outside-link.txt", "outside-dir", "broken", "sub/loop", "fifo"}
    assert "outside the source folder" in summary.skipped["outside-dir"]
    assert summary.skipped["sub/loop"] == "symlink loop"


def test_walk_refuses_a_missing_or_file_root(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="does not exist"):
        walk_local_tree(tmp_path / "nope", TransferSummary())
    (tmp_path / "f").write_text("x")
    with pytest.raises(ValidationError, match="not a folder"):
        walk_local_tree(tmp_path / "f", TransferSummary())


def test_summary_raise_for_failures_lists_files() -> None:
    summary = TransferSummary(transferred=["a"])
    summary.raise_for_failures()
    summary.record_failure("b.txt", ValueError("boom"))
    assert not summary.ok
    with pytest.raises(TransferError, match=r"1 file\(s\) failed: b\.txt: boom"):
        summary.raise_for_failures()
    assert "failed=1" in repr(summary)

"""Resume journals: small JSON files that let an interrupted transfer continue after a restart.

An upload journal lives in the journal folder under a name derived from (local path, remote path,
size, mtime), so re-running the same upload of the same unchanged file finds it; it records the
upload session id. A download journal sits beside the download's temporary file and records which
ranges are already in it. Both are written atomically (write, then rename) and removed on success.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

__all__ = ["JOURNAL_MAX_AGE", "NOFOLLOW", "Journal", "download_temp_paths", "prune_journals", "upload_journal"]

_VERSION = 1
_MAX_JOURNAL = 1024 * 1024

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
"""``os.O_NOFOLLOW`` where the OS has it: opening a symlink fails instead of opening its target."""

JOURNAL_MAX_AGE = 7 * 24 * 3600.0
"""Seconds after which an upload journal is abandoned: the server has expired its session by then."""
_PRUNE_SCAN_LIMIT = 1000


class Journal:
    """One JSON state file. ``identity`` must match on load, else the journal is stale and ignored.

    Example:
        >>> j = Journal(Path("/tmp/x.json"), {"remote": "/a"})
        >>> j.save({"upload_id": "upl-1"})
        >>> j.load()["upload_id"]
        'upl-1'
    """

    def __init__(self, path: Path, identity: dict[str, Any]) -> None:
        self.path = path
        self.identity = identity

    def load(self) -> dict[str, Any] | None:
        """The saved state, or None when absent, unreadable or for a different transfer."""
        try:
            with os.fdopen(os.open(self.path, os.O_RDONLY | NOFOLLOW), "rb") as f:
                data = json.loads(f.read(_MAX_JOURNAL))
        except (OSError, ValueError, RecursionError):
            return None
        if not isinstance(data, dict) or data.get("version") != _VERSION or data.get("identity") != self.identity:
            return None
        state = data.get("state")
        return state if isinstance(state, dict) else None

    def save(self, state: dict[str, Any]) -> None:
        """Write ``state`` atomically (a crash leaves the old or the new journal, never half of one)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        scratch = self.path.with_name(self.path.name + ".tmp")
        # A fresh file, never one planted at the scratch name (a symlink would send the write elsewhere).
        with contextlib.suppress(FileNotFoundError):
            scratch.unlink()
        fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(json.dumps({"version": _VERSION, "identity": self.identity, "state": state}))
        os.replace(scratch, self.path)

    def remove(self) -> None:
        """Delete the journal (missing is fine)."""
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


def upload_journal(journal_dir: Path, local: Path, remote: str, size: int, mtime_ns: int) -> Journal:
    """The journal of uploading ``local`` (as it is now) to ``remote``.

    Example:
        >>> upload_journal(Path("/tmp/j"), Path("/data/a.bin"), "/datasets/a.bin", 10, 1).path.suffix
        '.json'
    """
    identity = {"local": str(local), "remote": remote, "size": size, "mtime_ns": mtime_ns}
    key = hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:40]
    return Journal(journal_dir / f"{key}.json", identity)


def prune_journals(journal_dir: Path, max_age: float = JOURNAL_MAX_AGE) -> int:
    """Delete upload journals (and stray scratch files) not written for ``max_age`` seconds.

    Uploads that were never re-run leave their journal behind; this runs whenever an upload opens a
    new session. It looks at no more than 1,000 entries, so its cost stays bounded however many
    journals pile up (each later upload removes another batch). Returns how many it deleted.

    Example:
        >>> prune_journals(Path("~/.cache/vantage-sdk/uploads").expanduser())
        0
    """
    cutoff = time.time() - max_age
    removed = 0
    try:
        with os.scandir(journal_dir) as entries:
            for seen, entry in enumerate(entries):
                if seen >= _PRUNE_SCAN_LIMIT:
                    break
                if not entry.name.endswith((".json", ".json.tmp")):
                    continue
                with contextlib.suppress(OSError):
                    if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < cutoff:
                        os.unlink(entry.path)
                        removed += 1
    except OSError:
        return removed
    return removed


def download_temp_paths(dest: Path, remote_path: str) -> tuple[Path, Path]:
    """The temporary file and journal beside ``dest`` where the download of ``remote_path`` is assembled.

    Their names carry a digest of the remote path, so a remote folder that holds a file called
    like another file's temporary one (``.a.bin.vantage-download``, say, uploaded from a folder
    where a download was interrupted) does not share it.

    Example:
        >>> [p.name for p in download_temp_paths(Path("/data/a.bin"), "/datasets/a.bin")]
        ['.a.bin.e7e9b1b6.vantage-download', '.a.bin.e7e9b1b6.vantage-download.json']
    """
    tag = hashlib.sha256(remote_path.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    temp = dest.with_name(f".{dest.name}.{tag}.vantage-download")
    return temp, temp.with_name(temp.name + ".json")

"""The blob store: one organization's file contents under `<data_dir>/storage/<org>/`, content-addressed.

`blobs/<aa>/<sha256>` is a single file, or, for a file built by an upload session, the session's
directory of parts renamed into place (read back to back by `PartsReader`). A blob goes when the
last file naming it does; a parts blob with open readers stays until the last of them closes.
Files nobody may read any more are moved into `tmp/` and deleted by a background thread.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

from ..state import State, new_id
from .disk import _fsync, _remove_path
from .incoming import IncomingFile

__all__ = ["BlobStore"]


class BlobStore:
    """Where each organization's blobs, upload session parts and temp files live on disk.

    The lowest layer of `Storage`: it knows blobs and directories, not paths or sessions.

    Args:
        state: The emulator's SQLite state (the `storage_files` rows say which blobs are used).
    """

    def __init__(self, state: State) -> None:
        self.state = state
        self.root = state.data_dir / "storage"
        self._org_roots: dict[str, Path] = {}
        # Deletes big files nobody can see any more after the response: unlinking the
        # 64 parts of a 1 GiB upload whose bytes were stored already took 0.25 s.
        self._janitor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vantage-emulator-janitor")
        # Parts blobs with open readers (count), and those of them no file names any more:
        # a directory, unlike an open file, does not outlive its removal.
        self._pinned: dict[Path, int] = {}
        self._unused_while_pinned: set[Path] = set()
        self._pinned_lock = threading.Lock()

    def org_root(self, organization: str) -> Path:
        """The directory holding one organization's storage (created on demand)."""
        root = self._org_roots.get(organization)
        if root is None:
            if re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9._-]{0,63}", organization):
                name = organization
            else:
                name = "~" + hashlib.sha256(organization.encode("utf-8")).hexdigest()[:40]
            root = self.root / name
            for sub in ("blobs", "uploads", "tmp"):
                (root / sub).mkdir(parents=True, exist_ok=True)
            self._org_roots[organization] = root
        return root

    def _blob_path(self, organization: str, sha256: str) -> Path:
        return self.org_root(organization) / "blobs" / sha256[:2] / sha256

    def _session_dir(self, organization: str, upload_id: str) -> Path:
        return self.org_root(organization) / "uploads" / upload_id

    def _adopt_blob(self, organization: str, incoming: IncomingFile) -> Callable[[], None] | None:
        """Move a finished body into the blob store; caller holds the write lock.

        Returns how to remove the blob again when it is new, else None.
        """
        sha256 = incoming.hexdigest()
        blob = self._blob_path(organization, sha256)
        if blob.exists():
            self._dispose(organization, incoming.path)
            incoming.adopted = True  # nothing left to discard
            return None
        blob.parent.mkdir(parents=True, exist_ok=True)
        incoming.move_to(blob)
        return partial(self._release_blobs, organization, {sha256})

    def _adopt_parts(self, organization: str, sha256: str, session_dir: Path) -> Callable[[], None] | None:
        """Rename a session's directory of fsynced parts into the blob store; caller holds the write lock.

        Returns how to move the parts back to the session when the blob is new, else None
        (an identical file is stored already; the caller removes the parts).
        """
        blob = self._blob_path(organization, sha256)
        if blob.exists():
            return None
        blob.parent.mkdir(parents=True, exist_ok=True)
        os.replace(session_dir, blob)
        _fsync(blob.parent)
        _fsync(session_dir.parent)
        return partial(os.replace, blob, session_dir)

    def _dispose(self, organization: str, path: Path) -> None:
        """Move a file or directory nobody may read any more into `tmp/` and delete it in the background.

        Start-up empties `tmp/`, so a crash before the deletion leaves nothing behind.
        """
        trash = self.org_root(organization) / "tmp" / f"trash-{new_id('del', 12)}"
        os.replace(path, trash)
        self._janitor.submit(_remove_path, trash)

    def _release_blobs(self, organization: str, candidates: set[str]) -> None:
        """Remove blobs no file names any more; caller holds the write lock, after commit.

        A parts blob with open readers is removed when the last of them closes.
        """
        for sha256 in candidates:
            row = self.state.query_one(
                "SELECT 1 FROM storage_files WHERE organization = ? AND sha256 = ? LIMIT 1", (organization, sha256)
            )
            if row is None:
                blob = self._blob_path(organization, sha256)
                with self._pinned_lock:
                    if blob in self._pinned:
                        self._unused_while_pinned.add(blob)
                        continue
                if blob.exists():
                    self._dispose(organization, blob)

    def _pin(self, blob: Path) -> None:
        with self._pinned_lock:
            self._pinned[blob] = self._pinned.get(blob, 0) + 1

    def _unpin(self, organization: str, sha256: str, blob: Path) -> None:
        with self._pinned_lock:
            self._pinned[blob] -= 1
            if self._pinned[blob]:
                return
            del self._pinned[blob]
            if blob not in self._unused_while_pinned:
                return
            self._unused_while_pinned.discard(blob)
        with self.state.write_lock:
            # Checked again: the same bytes may have been stored again meanwhile.
            self._release_blobs(organization, {sha256})

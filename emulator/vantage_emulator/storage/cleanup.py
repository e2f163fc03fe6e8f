"""Start-up clean-up: what a SIGKILL can leave behind in the storage's directories.

Everything is moved into place only once complete, so a crash leaves at most temp files,
blobs no row names, part files no row names and the directories of finished sessions.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from ..state import State
from .disk import _remove_path

__all__ = ["empty_temp_dirs", "remove_unreferenced"]


def empty_temp_dirs(root: Path) -> None:
    """Empty every organization's `tmp/` (bodies being received, files being deleted)."""
    for org_dir in [p for p in root.iterdir() if p.is_dir()]:
        shutil.rmtree(org_dir / "tmp", ignore_errors=True)
        (org_dir / "tmp").mkdir(parents=True, exist_ok=True)


def remove_unreferenced(state: State, root: Path, org_root: Callable[[str], Path]) -> None:
    """Remove blobs no file names, directories of sessions not open and part files no session names.

    Args:
        state: The emulator's state (its storage rows say what is in use).
        root: `<data_dir>/storage`, holding one directory per organization.
        org_root: An organization's directory under `root`.
    """
    with state.write_lock:
        orgs = {r["organization"] for r in state.query("SELECT DISTINCT organization FROM storage_files")}
        orgs |= {r["organization"] for r in state.query("SELECT DISTINCT organization FROM storage_uploads")}
        for org_dir in [p for p in root.iterdir() if p.is_dir()]:
            org = next((o for o in orgs if org_root(o) == org_dir), None)
            referenced = set()
            if org is not None:
                rows = state.query("SELECT DISTINCT sha256 FROM storage_files WHERE organization = ?", (org,))
                referenced = {r["sha256"] for r in rows}
            for blob in (org_dir / "blobs").glob("*/*"):
                if blob.name not in referenced:
                    _remove_path(blob)
            open_sessions = set()
            if org is not None:
                rows = state.query(
                    "SELECT upload_id FROM storage_uploads WHERE organization = ? AND status = 'open'", (org,)
                )
                open_sessions = {r["upload_id"] for r in rows}
            for session_dir in (org_dir / "uploads").iterdir():
                if session_dir.name not in open_sessions:
                    shutil.rmtree(session_dir, ignore_errors=True)
                    continue
                kept = {
                    r["file_name"]
                    for r in state.query(
                        "SELECT file_name FROM storage_session_parts WHERE upload_id = ?", (session_dir.name,)
                    )
                }
                for part in session_dir.iterdir():
                    if part.name not in kept:
                        part.unlink(missing_ok=True)

"""Small filesystem helpers shared by the blob store, upload sessions and digests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

__all__: list[str] = []


def _fsync(path: Path, *, missing_ok: bool = False) -> None:
    """fsync a file or directory by path."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        if missing_ok:
            return
        raise
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _part_files(directory: Path) -> list[Path]:
    """The `<part>-<random>` files of a session or parts blob, in part order."""
    return sorted(directory.iterdir(), key=lambda part: int(part.name.split("-", 1)[0]))


def _remove_path(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)

"""Directory transfers: walking a local tree safely and summing up what happened."""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from vantage_sdk._exceptions import TransferError, ValidationError

__all__ = ["LocalEntry", "TransferSummary", "walk_local_tree"]

_logger = logging.getLogger("vantage_sdk")


@dataclass(frozen=True)
class LocalEntry:
    """A file found below the source folder.

    Attributes:
        relative: Its path below the source folder (``/``-separated), as it will be named remotely.
        path: The file to read (a symlink's target when the link stays inside the tree).
    """

    relative: PurePosixPath
    path: Path


@dataclass
class TransferSummary:
    """What a directory transfer did.

    Attributes:
        transferred: Paths (relative to the folder) that were transferred.
        skipped: Paths left out on purpose, with the reason (symlinks leaving the tree, special files).
        failed: Paths that could not be transferred, with the error.
        bytes_transferred: Bytes of the transferred files.

    Example:
        >>> summary = client.storage.upload_directory("./local-dir/", "/datasets/remote-dir/")
        >>> summary.ok, len(summary.transferred), summary.failed
        (True, 3, {})
    """

    transferred: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    failed: dict[str, BaseException] = field(default_factory=dict)
    bytes_transferred: int = 0

    @property
    def ok(self) -> bool:
        """Whether no file failed."""
        return not self.failed

    def record_failure(self, relative: str, error: BaseException) -> None:
        """Note a failed file (and log it, so a summary nobody reads still leaves a trace)."""
        self.failed[relative] = error
        _logger.warning("transfer of %r failed: %s", relative, error)

    def raise_for_failures(self) -> None:
        """Raise a ``TransferError`` listing the failed files, if any failed.

        Example:
            >>> client.storage.upload_directory("./data", "/datasets/data/").raise_for_failures()
        """
        if self.failed:
            listed = "; ".join(f"{name}: {error}" for name, error in list(self.failed.items())[:10])
            more = f" (and {len(self.failed) - 10} more)" if len(self.failed) > 10 else ""
            raise TransferError(f"{len(self.failed)} file(s) failed: {listed}{more}")

    def __repr__(self) -> str:
        return (
            f"TransferSummary(transferred={len(self.transferred)}, skipped={len(self.skipped)}, "
            f"failed={len(self.failed)}, bytes_transferred={self.bytes_transferred})"
        )


def walk_local_tree(local_dir: str | os.PathLike[str], summary: TransferSummary) -> list[LocalEntry]:
    """Every regular file below ``local_dir``, in a stable order.

    Symlinks are followed only when their target lies inside the tree (a link to a folder already
    being walked, which would loop, is skipped); links leading outside, broken links and special
    files (sockets, FIFOs, devices) are recorded in ``summary.skipped`` with the reason.

    Raises:
        ValidationError: ``local_dir`` is missing or not a folder.

    Example:
        >>> [str(e.relative) for e in walk_local_tree("./local-dir", TransferSummary())]
        ['a.txt', 'sub/b.txt']
    """
    root = Path(local_dir)
    if not root.exists():
        raise ValidationError(f"local folder {str(root)!r} does not exist", source=str(root))
    if not root.is_dir():
        raise ValidationError(f"{str(root)!r} is not a folder; use upload() for a single file", source=str(root))
    real_root = root.resolve()
    entries: list[LocalEntry] = []

    def inside(path: Path) -> bool:
        return path == real_root or real_root in path.parents

    def walk(folder: Path, relative: PurePosixPath, ancestors: frozenset[Path]) -> None:
        try:
            children = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            summary.record_failure(
                str(relative) or ".", ValidationError(f"cannot list {str(folder)!r}: {exc.strerror}")
            )
            return
        for child in children:
            rel = relative / child.name
            path = Path(child.path)
            if child.is_symlink():
                target = path.resolve()
                if not inside(target):
                    summary.skipped[str(rel)] = f"symlink to {str(target)!r}, outside the source folder"
                    continue
                if not target.exists():
                    summary.skipped[str(rel)] = "broken symlink"
                    continue
                path = target
            try:
                mode = path.stat().st_mode
            except OSError as exc:
                summary.record_failure(str(rel), ValidationError(f"cannot read {child.path!r}: {exc.strerror}"))
                continue
            if stat.S_ISDIR(mode):
                real = path.resolve()
                if real in ancestors:
                    summary.skipped[str(rel)] = "symlink loop"
                    continue
                walk(path, rel, ancestors | {real})
            elif stat.S_ISREG(mode):
                entries.append(LocalEntry(rel, path))
            else:
                summary.skipped[str(rel)] = "not a regular file"

    walk(root, PurePosixPath(), frozenset({real_root}))
    return entries

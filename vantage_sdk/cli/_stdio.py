"""`vantage storage cp` with `-`: standard input to a remote file, or a remote file to standard output.

Both go through a private temporary folder, so they are the same verified transfers as for a file:
standard input is read to its end (and hashed) before the upload starts, because the upload needs the
size and sha256 up front; a download is checked against its sha256 by the SDK before a byte reaches
standard output. At the end the bytes read from stdin, or written to stdout, are hashed once more and
compared with what the server stores; a mismatch is an `IntegrityError` (exit 1). A `-` transfer
cannot be resumed after an interruption: run it again.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from vantage_sdk.cli._context import UsageProblem

if TYPE_CHECKING:
    from vantage_sdk import VantageClient
    from vantage_sdk.cli._progress import TransferBars

__all__ = ["STDIO", "copy_from_stdin", "copy_to_stdout"]

STDIO = "-"
_CHUNK = 1024 * 1024


def _pour(source: BinaryIO, target: BinaryIO) -> tuple[str, int]:
    """Copy ``source`` to ``target`` to its end; return the sha256 and size of what went through."""
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(_CHUNK):
        digest.update(chunk)
        target.write(chunk)
        size += len(chunk)
    target.flush()
    return digest.hexdigest(), size


def _verify(what: str, remote: str, sha256: str, size: int, stored_sha256: object, stored_size: object) -> None:
    from vantage_sdk.exceptions import IntegrityError

    if stored_size != size or stored_sha256 != sha256:
        raise IntegrityError(
            f"{what} does not match vantage:{remote}: {size} bytes with sha256 {sha256}, "
            f"the server has {stored_size} bytes with sha256 {stored_sha256}"
        )


def copy_from_stdin(client: VantageClient, remote: str, bars: TransferBars) -> int:
    """Upload everything on standard input to ``remote``; return its size.

    Raises:
        UsageProblem: ``remote`` names a folder (standard input has no file name to keep).
        IntegrityError: The stored file is not what was read.

    Example:
        >>> copy_from_stdin(client, "/datasets/log.txt", bars)
        14
    """
    if remote.endswith("/"):
        raise UsageProblem(f"standard input has no name: give the file's full remote path, not the folder {remote!r}")
    with tempfile.TemporaryDirectory(prefix="vantage-cp-") as folder:
        staged = Path(folder) / "stdin"
        with staged.open("wb") as target:
            sha256, size = _pour(sys.stdin.buffer, target)
        info = client.storage.upload(staged, remote, progress=bars.file("<stdin>"))
    stored_sha256 = info.sha256 if isinstance(info.sha256, str) else client.storage.metadata(remote).sha256
    _verify("the stored file", info.path, sha256, size, stored_sha256, info.size)
    return size


def copy_to_stdout(client: VantageClient, remote: str, bars: TransferBars) -> int:
    """Write the file ``remote`` to standard output; return its size.

    Raises:
        IntegrityError: What was written is not the stored file (exit 1: discard the output).

    Example:
        >>> copy_to_stdout(client, "/datasets/log.txt", bars)
        14
    """
    expected = client.storage.metadata(remote)
    with tempfile.TemporaryDirectory(prefix="vantage-cp-") as folder:
        written = client.storage.download(remote, Path(folder) / "download", progress=bars.file(Path(remote).name))
        with written.open("rb") as source:
            sha256, size = _pour(source, sys.stdout.buffer)
    _verify("what was written to standard output", remote, sha256, size, expected.sha256, expected.size)
    return size

"""Path rules: storage paths checked before any request, and local destinations kept inside their folder."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from vantage_sdk._exceptions import TransferError, ValidationError
from vantage_sdk._transfer._journal import NOFOLLOW

__all__ = [
    "MAX_REMOTE_PATH",
    "check_destination",
    "check_remote_file",
    "destination_problem",
    "check_remote_folder",
    "local_destination",
    "open_temp",
    "remote_child",
    "safe_local_path",
    "unsafe_name_reason",
]

MAX_REMOTE_PATH = 1024
_DRIVE = re.compile(r"^[A-Za-z]:")
_WINDOWS_DEVICES = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{dev}{n}" for dev in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]]
)


def _remote_problem(path: str) -> str | None:
    if not path.startswith("/"):
        return "is not absolute; storage paths start with '/', such as '/datasets/file.csv'"
    if len(path) > MAX_REMOTE_PATH:
        return f"is longer than {MAX_REMOTE_PATH} characters"
    if "\x00" in path:
        return "contains a NUL byte"
    if "\\" in path:
        return "contains a backslash; separate names with '/'"
    if any(segment == ".." for segment in path.split("/")):
        return "contains a '..' segment"
    return None


def _check_remote(path: object, field: str) -> str:
    if not isinstance(path, str):
        raise ValidationError.for_field(field, f"must be a storage path string, got {type(path).__name__}")
    problem = _remote_problem(path)
    if problem:
        raise ValidationError(f"{field} {path!r} {problem}", details=[{"field": field, "message": problem}])
    # The server folds '//' and '.' the same way; folding here keeps listed paths comparable.
    segments = [segment for segment in path.split("/") if segment not in ("", ".")]
    return "/" + "/".join(segments) + ("/" if segments and path.endswith("/") else "")


def check_remote_file(path: object, field: str = "remote_path") -> str:
    """Check a storage path that names a file (refused locally before any byte is sent).

    Raises:
        ValidationError: Not absolute, too long, a NUL, a backslash, a ``..`` segment, or a folder.

    Example:
        >>> check_remote_file("/datasets//./a.csv")
        '/datasets/a.csv'
    """
    checked = _check_remote(path, field)
    if checked.endswith("/"):
        message = "ends with '/', which names a folder, not a file"
        raise ValidationError(f"{field} {checked!r} {message}", details=[{"field": field, "message": message}])
    return checked


def check_remote_folder(path: object, field: str = "remote_dir") -> str:
    """Check a storage folder path and return it ending with ``/``.

    Example:
        >>> check_remote_folder("/datasets")
        '/datasets/'
    """
    checked = _check_remote(path, field)
    return checked if checked.endswith("/") else checked + "/"


def remote_child(folder: str, relative: PurePosixPath) -> str:
    """The storage path of ``relative`` below ``folder`` (which ends with ``/``).

    Example:
        >>> remote_child("/datasets/", PurePosixPath("a/b.csv"))
        '/datasets/a/b.csv'
    """
    return folder + relative.as_posix()


def unsafe_name_reason(relative: str, *, windows: bool = os.name == "nt") -> str | None:
    """Why a name from a remote listing must not become a local path, or None if it may.

    ``relative`` is the name below the folder being downloaded, with ``/`` separators. Refused:
    absolute names, ``..`` (and ``.``/empty) segments, backslashes, drive letters, NUL and other
    control characters; on Windows also ``:`` (alternate streams) and device names like ``CON``.

    Example:
        >>> unsafe_name_reason("../etc/passwd")
        "has a '..' segment"
    """
    if not relative:
        return "is empty"
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in relative):
        return "contains a control character"
    if "\\" in relative:
        return "contains a backslash, a path separator on Windows"
    if relative.startswith("/"):
        return "is absolute"
    if _DRIVE.match(relative):
        return "starts with a drive letter"
    for segment in relative.split("/"):
        if segment == "..":
            return "has a '..' segment"
        if segment in ("", "."):
            return "has an empty or '.' segment"
        if windows:
            if ":" in segment:
                return "contains ':', which names a drive or stream on Windows"
            if segment.rstrip(" .") != segment:
                return "has a name ending in a dot or space, which Windows strips"
            if segment.split(".")[0].upper() in _WINDOWS_DEVICES:
                return "names a Windows device"
    return None


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def safe_local_path(local_root: Path, relative: str, remote_path: str) -> Path:
    """The local path for a downloaded file, guaranteed to stay inside ``local_root``.

    Checks the name itself, then resolves the result (following any symlinks already there), so
    neither a hostile name nor a planted symlink can write outside the folder.

    Raises:
        TransferError: The name would land outside ``local_root``; the message names it.

    Example:
        >>> safe_local_path(Path("/tmp/out"), "a/b.csv", "/datasets/a/b.csv")
        PosixPath('/tmp/out/a/b.csv')
    """
    reason = unsafe_name_reason(relative)
    if reason is None:
        root = local_root.resolve()
        target = root.joinpath(*relative.split("/"))
        if _inside(target.resolve(), root) and target != root:
            return target
        reason = "resolves outside the destination folder"
    raise TransferError(f"refusing to download {remote_path!r} into {str(local_root)!r}: its name {reason}")


def local_destination(local: str | os.PathLike[str], remote_path: str) -> Path:
    """Where ``download(remote, local)`` writes: ``local``, or inside it when it is a folder.

    Raises:
        ValidationError: The folder that would hold the file does not exist or is not a folder.

    Example:
        >>> local_destination("out/", "/datasets/a.csv")
        PosixPath('out/a.csv')
    """
    text = os.fspath(local)
    dest = Path(text)
    if text.endswith(("/", os.sep)) or dest.is_dir():
        dest = dest / PurePosixPath(remote_path).name
    parent = dest.parent
    if not parent.exists():
        raise ValidationError(f"cannot download to {str(dest)!r}: the folder {str(parent)!r} does not exist")
    if not parent.is_dir():
        raise ValidationError(f"cannot download to {str(dest)!r}: {str(parent)!r} is not a folder")
    problem = "is a folder" if dest.is_dir() else destination_problem(dest)
    if problem:
        raise ValidationError(f"cannot download to {str(dest)!r}: it {problem}; a download only writes regular files")
    return dest


def destination_problem(dest: Path) -> str | None:
    """Why a download must not write or replace ``dest``: anything there but a regular file.

    A symlink would be replaced (or, written through, send the bytes elsewhere); a FIFO, a device
    such as ``/dev/null`` or a folder is not a file to overwrite. Returns None when ``dest`` is
    absent or a regular file.

    Example:
        >>> destination_problem(Path("/dev/null"))
        'is a device'
    """
    try:
        mode = os.lstat(dest).st_mode
    except FileNotFoundError:
        return None
    if stat.S_ISREG(mode):
        return None
    kinds = {
        stat.S_ISLNK: "is a symbolic link",
        stat.S_ISDIR: "is a folder",
        stat.S_ISFIFO: "is a FIFO",
        stat.S_ISCHR: "is a device",
        stat.S_ISBLK: "is a device",
        stat.S_ISSOCK: "is a socket",
    }
    return next((kind for test, kind in kinds.items() if test(mode)), "is not a regular file")


def check_destination(dest: Path) -> None:
    """Raise ``TransferError`` unless ``dest`` is absent or a regular file (see ``destination_problem``).

    Example:
        >>> check_destination(Path("out/a.bin"))
    """
    problem = destination_problem(dest)
    if problem:
        raise TransferError(
            f"refusing to download to {str(dest)!r}: it {problem}; a download only writes regular files"
        )


def open_temp(path: Path, *, create: bool, write: bool = True) -> BinaryIO:
    """Open a download's temporary file without following a symlink at its name.

    With ``create`` the file must not exist yet (``O_EXCL``): the caller removes a stale one first,
    so a symlink or file planted at the name is never written through.

    Raises:
        TransferError: The name holds something other than a regular file.

    Example:
        >>> with open_temp(Path(".a.bin.1a2b3c4d.vantage-download"), create=True) as f:
        ...     f.truncate(1024)
    """
    flags = (os.O_RDWR if write else os.O_RDONLY) | NOFOLLOW | getattr(os, "O_BINARY", 0)
    if create:
        flags |= os.O_CREAT | os.O_EXCL
    try:
        fd = os.open(path, flags, 0o600)
    except OSError as exc:
        if os.path.islink(path):
            raise TransferError(f"refusing to use {str(path)!r}: a symbolic link stands at the temporary name") from exc
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise TransferError(f"refusing to use {str(path)!r}: the temporary name holds something else than a file")
        return os.fdopen(fd, "r+b" if write else "rb", buffering=-1 if write else 0)
    except BaseException:
        os.close(fd)
        raise

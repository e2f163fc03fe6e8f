"""Path rules: storage paths checked before any request, and local destinations kept inside their folder."""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

from vantage_sdk._exceptions import TransferError, ValidationError

__all__ = [
    "MAX_REMOTE_PATH",
    "check_remote_file",
    "check_remote_folder",
    "local_destination",
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
    if dest.is_dir():
        raise ValidationError(f"cannot download to {str(dest)!r}: it is a folder")
    return dest

"""Storage paths: what is refused, and the one canonical form of a file or folder path.

User paths never become filesystem paths (files are rows naming content-addressed blobs),
so these checks are about what a downloaded tree may contain, not about the emulator's disk.
"""

from __future__ import annotations

import unicodedata

from .errors import InvalidPathError

__all__ = ["MAX_PATH_LENGTH", "MAX_SEGMENT_BYTES", "normalize_file_path", "normalize_folder_path"]

MAX_PATH_LENGTH = 1024
MAX_SEGMENT_BYTES = 255


def _segments(raw: str, field: str) -> tuple[list[str], bool]:
    """Split and check a raw path; returns its segments and whether it ends with '/'."""
    if not isinstance(raw, str) or raw == "":
        raise InvalidPathError(str(raw), "is empty; give an absolute path such as '/datasets/file.csv'", field=field)
    if len(raw) > 4 * MAX_PATH_LENGTH:
        raise InvalidPathError(raw, f"is longer than {MAX_PATH_LENGTH} characters", field=field)
    for ch in raw:
        if ch == "\x00":
            raise InvalidPathError(raw, "contains a NUL byte", field=field)
        if unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp"):
            raise InvalidPathError(raw, f"contains the control character U+{ord(ch):04X}", field=field)
    if "\\" in raw:
        raise InvalidPathError(raw, "contains a backslash; separate names with '/'", field=field)
    if not raw.startswith("/"):
        raise InvalidPathError(raw, "is not absolute; it must start with '/'", field=field)
    segments: list[str] = []
    for segment in raw.split("/"):
        # '//' collapses and '.' means "this folder": both normalize away.
        if segment in ("", "."):
            continue
        if segment == "..":
            raise InvalidPathError(raw, "contains a '..' segment", field=field)
        folded = unicodedata.normalize("NFKC", segment)
        # Names of only dots and blanks become '', '.' or '..' on some systems
        # (Windows strips trailing dots and spaces; NFKC folds look-alike dots).
        if folded.strip(" .\t") == "":
            raise InvalidPathError(raw, f"contains the empty or dots-only name {segment!r}", field=field)
        if "/" in folded or "\\" in folded:
            raise InvalidPathError(
                raw, f"contains the name {segment!r}, which looks like a path separator", field=field
            )
        if len(segment.encode("utf-8")) > MAX_SEGMENT_BYTES:
            raise InvalidPathError(raw, f"has a name longer than {MAX_SEGMENT_BYTES} bytes", field=field)
        segments.append(segment)
    if len("/" + "/".join(segments)) > MAX_PATH_LENGTH:
        raise InvalidPathError(raw, f"is longer than {MAX_PATH_LENGTH} characters", field=field)
    return segments, raw.endswith("/")


def normalize_file_path(raw: str, *, field: str = "path") -> str:
    """The canonical form of a file path: absolute, no '//', no '.', no trailing '/'.

    Raises:
        InvalidPathError: for a relative path, a '..' segment, a NUL byte or control
            character, an empty or dots-only name, a name over 255 bytes, a path
            over 1024 characters, or a path naming a folder (trailing '/' or root).

    Example:
        >>> normalize_file_path("/data//./a.csv")
        '/data/a.csv'
    """
    segments, trailing = _segments(raw, field)
    if not segments:
        raise InvalidPathError(raw, "names the root folder, not a file", field=field)
    if trailing:
        raise InvalidPathError(raw, "ends with '/', which names a folder, not a file", field=field)
    return "/" + "/".join(segments)


def normalize_folder_path(raw: str, *, field: str = "path") -> str:
    """The canonical form of a folder path, ending with '/' ('/' is the root).

    Example:
        >>> normalize_folder_path("/data//sub")
        '/data/sub/'
    """
    segments, _ = _segments(raw, field)
    return "/" + "".join(s + "/" for s in segments)


def _prefix_end(prefix: str) -> str:
    """The smallest string above every string starting with `prefix` (which ends with '/')."""
    return prefix[:-1] + chr(ord("/") + 1)

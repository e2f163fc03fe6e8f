"""Listing a folder page by page: its direct children, or every file below it."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from ..state import State
from .errors import InvalidRequestError
from .paths import _prefix_end, normalize_folder_path
from .records import FilePage, _file_record

__all__ = ["decode_token", "encode_token", "list_folder"]


def list_folder(
    state: State,
    organization: str,
    path: str,
    *,
    recursive: bool,
    include_size: bool,
    include_metadata: bool,
    limit: int,
    page_token: str | None,
) -> FilePage:
    """One page of `Storage.list_files` (which documents the arguments), read from `state`."""
    folder = normalize_folder_path(path)
    if not 1 <= limit <= 1000:
        raise InvalidRequestError("limit must be between 1 and 1000", field="limit")
    after = decode_token(page_token, folder, recursive) if page_token else None
    end = _prefix_end(folder)
    db = state.connect()
    entries: list[dict[str, Any]] = []
    if recursive:
        rows = db.execute(
            "SELECT * FROM storage_files WHERE organization = ? AND path >= ? AND path < ? AND path > ?"
            " ORDER BY path LIMIT ?",
            (organization, folder, end, after or "", limit + 1),
        ).fetchall()
        entries = [_file_record(r).to_info(include_metadata=include_metadata) for r in rows]
    else:
        # Skip-scan: one indexed look-up per entry; a whole subfolder is jumped
        # over at once, so a page costs O(limit) queries however deep the tree.
        if after is None:
            op, start = ">=", folder
        elif after.endswith("/"):
            op, start = ">=", _prefix_end(after)
        else:
            op, start = ">", after
        while len(entries) <= limit:
            row = db.execute(
                f"SELECT * FROM storage_files WHERE organization = ? AND path {op} ? AND path < ?"
                " ORDER BY path LIMIT 1",
                (organization, start, end),
            ).fetchone()
            if row is None:
                break
            rest = row["path"][len(folder) :]
            if "/" in rest:
                name = rest.split("/", 1)[0]
                sub = folder + name + "/"
                entry: dict[str, Any] = {"path": sub, "name": name, "type": "directory"}
                if include_size:
                    total = db.execute(
                        "SELECT COALESCE(SUM(size), 0) FROM storage_files"
                        " WHERE organization = ? AND path >= ? AND path < ?",
                        (organization, sub, _prefix_end(sub)),
                    ).fetchone()[0]
                    entry["size"] = total
                entries.append(entry)
                op, start = ">=", _prefix_end(sub)
            else:
                entries.append(_file_record(row).to_info(include_metadata=include_metadata))
                op, start = ">", row["path"]
    token = None
    if len(entries) > limit:
        entries = entries[:limit]
        token = encode_token(folder, recursive, entries[-1]["path"])
    return FilePage(items=entries, next_page_token=token)


def encode_token(folder: str, recursive: bool, after: str) -> str:
    """The page token resuming a listing of `folder` after the path `after`."""
    raw = json.dumps({"f": folder, "r": recursive, "a": after}, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_token(token: str, folder: str, recursive: bool) -> str:
    """The path a page token resumes after.

    Raises:
        InvalidRequestError: the token is not one a listing of `folder` (and `recursive`) produced.
    """
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = json.loads(raw)
        after = data["a"]
        valid = data["f"] == folder and data["r"] == recursive and isinstance(after, str)
    except (binascii.Error, ValueError, TypeError, KeyError):
        valid = False
    if not valid:
        raise InvalidRequestError(
            "page_token is not a next_page_token of this listing (same path and recursive)", field="page_token"
        )
    return str(after)

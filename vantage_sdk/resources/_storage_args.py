"""Argument checks of ``client.storage`` shared by ``Storage`` and ``AsyncStorage``."""

from __future__ import annotations

from vantage_sdk._exceptions import ValidationError
from vantage_sdk._transfer import Source, check_remote_file, check_remote_folder

__all__ = ["encode_text", "list_kwargs", "upload_target"]

_LIST_PAGE = 1000  # the contract's largest `limit`


def upload_target(remote_path: object, source: Source) -> str:
    """``/dir/`` means "into this folder, under the local file's name" (as ``cp`` does)."""
    if isinstance(remote_path, str) and remote_path.endswith("/") and source.path is not None:
        remote_path = remote_path + source.path.name
    return check_remote_file(remote_path)


def list_kwargs(path: object, recursive: bool, include_size: bool, include_metadata: bool) -> dict[str, object]:
    return {
        "path": check_remote_folder(path, "path"),
        "recursive": recursive,
        "include_size": include_size,
        "include_metadata": include_metadata,
        "limit": _LIST_PAGE,
    }


def encode_text(text: str | bytes, encoding: str) -> bytes:
    if isinstance(text, bytes):
        return text
    if not isinstance(text, str):
        raise ValidationError.for_field("text", f"must be str or bytes, got {type(text).__name__}")
    return text.encode(encoding)

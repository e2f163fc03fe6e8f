"""Argument checks of ``client.storage`` shared by ``Storage`` and ``AsyncStorage``."""

from __future__ import annotations

from vantage_sdk._exceptions import ValidationError
from vantage_sdk._transfer import Source, check_remote_file

__all__ = ["encode_text", "upload_target"]


def upload_target(remote_path: object, source: Source) -> str:
    """``/dir/`` means "into this folder, under the local file's name" (as ``cp`` does)."""
    if isinstance(remote_path, str) and remote_path.endswith("/") and source.path is not None:
        remote_path = remote_path + source.path.name
    return check_remote_file(remote_path)


def encode_text(text: str | bytes, encoding: str) -> bytes:
    if isinstance(text, bytes):
        return text
    if not isinstance(text, str):
        raise ValidationError.for_field("text", f"must be str or bytes, got {type(text).__name__}")
    return text.encode(encoding)

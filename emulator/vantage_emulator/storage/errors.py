"""The storage's errors: each maps to an HTTP status and a problem code (handlers turn them into problem+json)."""

from __future__ import annotations

__all__ = [
    "ChecksumMismatchError",
    "ConflictError",
    "InvalidPathError",
    "InvalidRequestError",
    "NotFoundError",
    "PayloadTooLargeError",
    "StorageError",
]


class StorageError(Exception):
    """A storage request that cannot be served; handlers turn it into problem+json.

    Attributes:
        status: The HTTP status it maps to.
        code: The stable machine-readable problem code.
        detail: What went wrong, for people.
        field: The request field at fault, if one is.
    """

    status = 400
    code = "invalid_parameter"

    def __init__(self, detail: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field
        if code is not None:
            self.code = code


class InvalidPathError(StorageError):
    """A storage path that is refused (400, field `path`)."""

    code = "invalid_path"

    def __init__(self, path: str, reason: str, *, field: str = "path") -> None:
        super().__init__(f"Path {_shown(path)} {reason}.", field=field)
        self.path = path
        self.reason = reason


class InvalidRequestError(StorageError):
    """Any other bad parameter (400)."""


class NotFoundError(StorageError):
    """Nothing there (404)."""

    status = 404
    code = "not_found"


class ConflictError(StorageError):
    """The request clashes with the current state (409)."""

    status = 409
    code = "conflict"


class ChecksumMismatchError(StorageError):
    """A body's sha256 is not the one the client announced (422)."""

    status = 422
    code = "checksum_mismatch"


class PayloadTooLargeError(StorageError):
    """A single-request upload over the configured limit (413)."""

    status = 413
    code = "payload_too_large"


def _shown(path: str) -> str:
    """A path quoted for an error message, shortened and with odd characters escaped."""
    text = path if len(path) <= 120 else path[:100] + "..." + path[-10:]
    return repr(text)

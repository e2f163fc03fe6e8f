"""Public exceptions of the Vantage SDK.

Example:
    >>> from vantage_sdk.exceptions import RateLimitError, VantageAPIError
    >>> try:
    ...     job = client.jobs.submit(job_template)
    ... except RateLimitError as e:
    ...     print(f"Rate limited. Retry after {e.retry_after} seconds")
    ... except VantageAPIError as e:
    ...     print(f"API error {e.status_code}: {e.message}")
"""

from __future__ import annotations

from vantage_sdk._exceptions import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    AuthorizationError,
    ConflictError,
    IntegrityError,
    PayloadTooLargeError,
    RateLimitError,
    ResourceNotFoundError,
    ServerError,
    TransferError,
    UnexpectedResponseError,
    ValidationError,
    VantageAPIError,
    VantageError,
    WaitTimeoutError,
)

__all__ = [
    "APIConnectionError",
    "APITimeoutError",
    "AuthenticationError",
    "AuthorizationError",
    "ConflictError",
    "IntegrityError",
    "PayloadTooLargeError",
    "RateLimitError",
    "ResourceNotFoundError",
    "ServerError",
    "TransferError",
    "UnexpectedResponseError",
    "ValidationError",
    "VantageAPIError",
    "VantageError",
    "WaitTimeoutError",
]

"""Python SDK for the Vantage job platform API.

Example:
    >>> from vantage_sdk import VantageClient
    >>> with VantageClient(api_key="your-api-key") as client:
    ...     job = client.jobs.submit({"name": "my-job", "spec": {"command": ["echo", "hello"]}})
    ...     print(client.jobs.wait(job.id).status)

Public names are loaded on first use, so ``import vantage_sdk`` costs almost nothing until a
client is created.
"""

from __future__ import annotations

import importlib

from vantage_sdk._version import __version__

# Not `from typing import TYPE_CHECKING`: importing typing would be most of this module's cost.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from vantage_sdk._client import AsyncVantageClient, VantageClient
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
    from vantage_sdk._generated.models import (
        BatchCancelItem,
        Cluster,
        ClusterMetrics,
        ClusterNode,
        ClusterProvider,
        ClusterResources,
        ClusterStatus,
        FileInfo,
        FilePage,
        Job,
        JobPage,
        JobResources,
        JobSpec,
        JobStatus,
        JobSubmitRequest,
        LogLine,
    )
    from vantage_sdk._transfer import ProgressSink, TransferConfig, TransferProgress, TransferSummary
    from vantage_sdk.types import (
        APIResponse,
        AsyncPage,
        AsyncPaginator,
        BodyRequestOptions,
        ClusterInclude,
        FileType,
        ItemList,
        JobInclude,
        PollRequestOptions,
        RequestOptions,
        SyncPage,
    )

__all__ = [
    "APIConnectionError",
    "APIResponse",
    "AsyncPage",
    "AsyncPaginator",
    "BodyRequestOptions",
    "ClusterInclude",
    "FileType",
    "ItemList",
    "JobInclude",
    "PollRequestOptions",
    "RequestOptions",
    "SyncPage",
    "APITimeoutError",
    "AsyncVantageClient",
    "AuthenticationError",
    "AuthorizationError",
    "BatchCancelItem",
    "Cluster",
    "ClusterMetrics",
    "ClusterNode",
    "ClusterProvider",
    "ClusterResources",
    "ClusterStatus",
    "ConflictError",
    "FileInfo",
    "FilePage",
    "IntegrityError",
    "Job",
    "JobPage",
    "JobResources",
    "JobSpec",
    "JobStatus",
    "JobSubmitRequest",
    "LogLine",
    "PayloadTooLargeError",
    "ProgressSink",
    "RateLimitError",
    "ResourceNotFoundError",
    "ServerError",
    "TransferConfig",
    "TransferError",
    "TransferProgress",
    "TransferSummary",
    "UnexpectedResponseError",
    "ValidationError",
    "VantageAPIError",
    "VantageClient",
    "VantageError",
    "WaitTimeoutError",
    "__version__",
]


_TRANSFER_NAMES = frozenset({"ProgressSink", "TransferConfig", "TransferProgress", "TransferSummary"})
_SURFACE_NAMES = frozenset(
    {
        "APIResponse",
        "AsyncPage",
        "AsyncPaginator",
        "BodyRequestOptions",
        "ItemList",
        "PollRequestOptions",
        "RequestOptions",
        "SyncPage",
    }
)


def _home(name: str) -> str:
    if name in _TRANSFER_NAMES:
        return "vantage_sdk._transfer"
    if name in _SURFACE_NAMES:
        return "vantage_sdk.types"
    if name.endswith("Client"):
        return "vantage_sdk._client"
    if name.endswith("Error"):
        return "vantage_sdk._exceptions"
    return "vantage_sdk._generated.models"


# Hidden from type checkers, which would otherwise type a misspelt name as Any instead of flagging it.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        if name not in __all__:
            raise AttributeError(f"module 'vantage_sdk' has no attribute {name!r}")
        value = getattr(importlib.import_module(_home(name)), name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})

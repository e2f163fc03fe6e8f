"""Every public type of the SDK in one place: API models, enum value types, pages, options, responses.

Nothing public needs an import from a private module: models and the ``Literal`` types of enum
values (``JobStatus``, ``ClusterProvider``, ``JobInclude``...) come from the generated code, pages
(``SyncPage``, ``AsyncPage``, ``ItemList``), per-call options (``RequestOptions``) and raw
responses (``APIResponse``) from the SDK's own modules. An enum value type lists the values the SDK
knows; a value the API adds later still arrives as a plain ``str``.

Example:
    >>> from vantage_sdk.types import Job, JobStatus, SyncPage
    >>> def running(page: SyncPage[Job]) -> list[Job]:
    ...     wanted: JobStatus = "running"
    ...     return [job for job in page.items if job.status == wanted]
"""

from __future__ import annotations

from vantage_sdk._base_client import TimeoutArg
from vantage_sdk._generated.models import (
    Autoscaling,
    BatchCancelItem,
    BatchCancelRequest,
    BatchCancelResult,
    CancelRequest,
    Cluster,
    ClusterInclude,
    ClusterList,
    ClusterMetrics,
    ClusterNode,
    ClusterNodeStatus,
    ClusterProvider,
    ClusterResources,
    ClusterStatus,
    CompleteUploadRequest,
    CreateUploadRequest,
    CreateUploadRequestMetadata,
    FieldError,
    FileInfo,
    FileInfoMetadata,
    FilePage,
    FileType,
    Job,
    JobEvent,
    JobInclude,
    JobMetrics,
    JobOutput,
    JobPage,
    JobResources,
    JobSpec,
    JobSpecEnv,
    JobStatus,
    JobSubmitRequest,
    JobSubmitRequestEnv,
    Labels,
    LogLine,
    LogStream,
    LogStreamEnd,
    Problem,
    ScaleRequest,
    UploadPart,
    UploadSession,
    UploadStatus,
)
from vantage_sdk._generated.types import UNSET, Unset
from vantage_sdk._pagination import AsyncPage, AsyncPaginator, ItemList, SyncPage
from vantage_sdk._request_options import BodyRequestOptions, PollRequestOptions, QueryValue, RequestOptions
from vantage_sdk._response import APIResponse
from vantage_sdk._templates import JobTemplate
from vantage_sdk._transfer import (
    ProgressArg,
    ProgressCallback,
    ProgressSink,
    TransferConfig,
    TransferProgress,
    TransferSummary,
)

__all__ = [
    "APIResponse",
    "AsyncPage",
    "AsyncPaginator",
    "Autoscaling",
    "BatchCancelItem",
    "BatchCancelRequest",
    "BatchCancelResult",
    "BodyRequestOptions",
    "CancelRequest",
    "Cluster",
    "ClusterInclude",
    "ClusterList",
    "ClusterMetrics",
    "ClusterNode",
    "ClusterNodeStatus",
    "ClusterProvider",
    "ClusterResources",
    "ClusterStatus",
    "CompleteUploadRequest",
    "CreateUploadRequest",
    "CreateUploadRequestMetadata",
    "FieldError",
    "FileInfo",
    "FileInfoMetadata",
    "FilePage",
    "FileType",
    "ItemList",
    "Job",
    "JobEvent",
    "JobInclude",
    "JobMetrics",
    "JobOutput",
    "JobPage",
    "JobResources",
    "JobSpec",
    "JobSpecEnv",
    "JobStatus",
    "JobSubmitRequest",
    "JobSubmitRequestEnv",
    "JobTemplate",
    "Labels",
    "LogLine",
    "LogStream",
    "LogStreamEnd",
    "PollRequestOptions",
    "Problem",
    "ProgressArg",
    "ProgressCallback",
    "ProgressSink",
    "QueryValue",
    "RequestOptions",
    "ScaleRequest",
    "SyncPage",
    "TimeoutArg",
    "TransferConfig",
    "TransferProgress",
    "TransferSummary",
    "UNSET",
    "Unset",
    "UploadPart",
    "UploadSession",
    "UploadStatus",
]

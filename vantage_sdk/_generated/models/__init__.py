# generated from openapi/vantage.yaml by `python -m generator`, do not edit
"""Contains all the data models used in inputs/outputs"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .autoscaling import Autoscaling
    from .batch_cancel_item import BatchCancelItem
    from .batch_cancel_request import BatchCancelRequest
    from .batch_cancel_result import BatchCancelResult
    from .cancel_request import CancelRequest
    from .cluster import Cluster
    from .cluster_include import ClusterInclude
    from .cluster_list import ClusterList
    from .cluster_metrics import ClusterMetrics
    from .cluster_node import ClusterNode
    from .cluster_node_status import ClusterNodeStatus
    from .cluster_provider import ClusterProvider
    from .cluster_resources import ClusterResources
    from .cluster_status import ClusterStatus
    from .complete_upload_request import CompleteUploadRequest
    from .create_upload_request import CreateUploadRequest
    from .create_upload_request_metadata import CreateUploadRequestMetadata
    from .field_error import FieldError
    from .file_info import FileInfo
    from .file_info_metadata import FileInfoMetadata
    from .file_page import FilePage
    from .file_type import FileType
    from .job import Job
    from .job_event import JobEvent
    from .job_include import JobInclude
    from .job_metrics import JobMetrics
    from .job_output import JobOutput
    from .job_page import JobPage
    from .job_resources import JobResources
    from .job_spec import JobSpec
    from .job_spec_env import JobSpecEnv
    from .job_status import JobStatus
    from .job_submit_request import JobSubmitRequest
    from .job_submit_request_env import JobSubmitRequestEnv
    from .labels import Labels
    from .log_line import LogLine
    from .log_stream import LogStream
    from .log_stream_end import LogStreamEnd
    from .problem import Problem
    from .scale_request import ScaleRequest
    from .upload_part import UploadPart
    from .upload_session import UploadSession
    from .upload_status import UploadStatus

__all__ = (
    "Autoscaling",
    "BatchCancelItem",
    "BatchCancelRequest",
    "BatchCancelResult",
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
    "Labels",
    "LogLine",
    "LogStream",
    "LogStreamEnd",
    "Problem",
    "ScaleRequest",
    "UploadPart",
    "UploadSession",
    "UploadStatus",
)

# Which module defines each model (relative to this package).
_MODULES = {
    "Autoscaling": ".autoscaling",
    "BatchCancelItem": ".batch_cancel_item",
    "BatchCancelRequest": ".batch_cancel_request",
    "BatchCancelResult": ".batch_cancel_result",
    "CancelRequest": ".cancel_request",
    "Cluster": ".cluster",
    "ClusterInclude": ".cluster_include",
    "ClusterList": ".cluster_list",
    "ClusterMetrics": ".cluster_metrics",
    "ClusterNode": ".cluster_node",
    "ClusterNodeStatus": ".cluster_node_status",
    "ClusterProvider": ".cluster_provider",
    "ClusterResources": ".cluster_resources",
    "ClusterStatus": ".cluster_status",
    "CompleteUploadRequest": ".complete_upload_request",
    "CreateUploadRequest": ".create_upload_request",
    "CreateUploadRequestMetadata": ".create_upload_request_metadata",
    "FieldError": ".field_error",
    "FileInfo": ".file_info",
    "FileInfoMetadata": ".file_info_metadata",
    "FilePage": ".file_page",
    "FileType": ".file_type",
    "Job": ".job",
    "JobEvent": ".job_event",
    "JobInclude": ".job_include",
    "JobMetrics": ".job_metrics",
    "JobOutput": ".job_output",
    "JobPage": ".job_page",
    "JobResources": ".job_resources",
    "JobSpec": ".job_spec",
    "JobSpecEnv": ".job_spec_env",
    "JobStatus": ".job_status",
    "JobSubmitRequest": ".job_submit_request",
    "JobSubmitRequestEnv": ".job_submit_request_env",
    "Labels": ".labels",
    "LogLine": ".log_line",
    "LogStream": ".log_stream",
    "LogStreamEnd": ".log_stream_end",
    "Problem": ".problem",
    "ScaleRequest": ".scale_request",
    "UploadPart": ".upload_part",
    "UploadSession": ".upload_session",
    "UploadStatus": ".upload_status",
}


# Hidden from type checkers, which would otherwise type any misspelt name as Any instead of reporting it.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        module = _MODULES.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, __name__), name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})

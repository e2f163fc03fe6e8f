"""The storage transfer engine: planning, chunked reading, hashing, parallel parts, resume, progress.

Independent of the HTTP client: it talks to a ``SyncBackend``/``AsyncBackend`` (see ``_backend``),
which ``_api`` implements with the generated endpoint code and the client's core. Sync and async
transfers share every decision (``UploadJob``, ``DownloadJob``, journals, verification, progress);
only the I/O loops differ. ``_api`` is not imported here: the engine and the names the package
root re-exports (``TransferConfig``, ...) load without the HTTP layer.
"""

from __future__ import annotations

from vantage_sdk._transfer._backend import AsyncBackend, RemoteFile, SessionState, SyncBackend
from vantage_sdk._transfer._checksum import Verify
from vantage_sdk._transfer._common import StopFlag
from vantage_sdk._transfer._directory import LocalEntry, TransferSummary, walk_local_tree
from vantage_sdk._transfer._download import download_async, download_sync, read_all_async, read_all_sync
from vantage_sdk._transfer._journal import download_temp_paths
from vantage_sdk._transfer._paths import (
    check_remote_file,
    check_remote_folder,
    local_destination,
    remote_child,
    safe_local_path,
    unsafe_name_reason,
)
from vantage_sdk._transfer._plan import MiB, Source, TransferConfig
from vantage_sdk._transfer._progress import (
    ProgressArg,
    ProgressCallback,
    ProgressSink,
    ProgressTracker,
    TransferProgress,
    make_tracker,
)
from vantage_sdk._transfer._upload import upload_async, upload_sync

__all__ = [
    "AsyncBackend",
    "LocalEntry",
    "MiB",
    "ProgressArg",
    "ProgressCallback",
    "ProgressSink",
    "ProgressTracker",
    "RemoteFile",
    "SessionState",
    "Source",
    "StopFlag",
    "SyncBackend",
    "TransferConfig",
    "TransferProgress",
    "TransferSummary",
    "Verify",
    "check_remote_file",
    "check_remote_folder",
    "download_async",
    "download_sync",
    "download_temp_paths",
    "local_destination",
    "make_tracker",
    "read_all_async",
    "read_all_sync",
    "remote_child",
    "safe_local_path",
    "unsafe_name_reason",
    "upload_async",
    "upload_sync",
    "walk_local_tree",
]

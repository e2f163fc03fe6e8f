"""The emulator's file storage, independent of HTTP.

Its parts, bottom up: `errors`, `paths` (what a storage path may be), `records` (the SQLite
schema and the records handed out), `incoming` (bodies being received), `readers` (a blob
of parts read as one file), `digests` (an upload session's sha256, part by part), `blobs`
(the content-addressed blob store), `files` and `listing` (paths naming blobs), `sessions`
(upload sessions), `cleanup` (what a crash leaves behind), `store` (`Storage`, all of it) and
`hooks` (how the emulator sets it up). Everything other modules use is re-exported here.

Layout under `<data_dir>/storage/<org>/` (one tree per organization):

* `blobs/<aa>/<sha256>` - file contents, content-addressed. A file is a row in
  `storage_files` (organization, path, size, sha256, ...) pointing at its blob.
  User paths never become filesystem paths, so no path can escape the org's
  tree, a file and a folder of the same name never clash on disk, replacing a
  file is one row update, and identical files share one blob. A blob is
  removed when the last row naming it goes. A blob is a single file, or, for
  a file built by an upload session, the session's directory of parts renamed
  into place (read back to back by `PartsReader`): joining the parts into one
  file would copy and fsync every byte a second time (2.8 s per GiB here),
  longer than receiving them took.
* `uploads/<upload_id>/<part>-<random>` - received parts of upload sessions
  (a new name for every copy, so a re-sent part never overwrites bytes a reader
  may use). A part is not hashed on its own unless the client sent its sha256:
  the whole file's sha256 is computed part by part, in order, by a background
  thread as parts arrive (`SessionDigest`), so completing a session only
  hashes the parts that came last, and no byte is hashed twice.
* `tmp/` - bodies being received. They are renamed into `blobs/` or
  `uploads/` only once complete (and fsynced; a part is fsynced after, by
  `SessionDigest`, before its session completes), so a reader never sees a
  half-written file.

Every step that moves a file into place and records it happens under the
state's write lock, in one transaction; the slow parts (receiving and hashing)
run outside it. After a SIGKILL, `Storage()` (run at start-up)
removes what a crash can leave behind: temp files, blobs no row names, part
files no row names, and the directories of finished sessions.

Example:
    >>> from vantage_emulator.state import State
    >>> storage = Storage(State("/tmp/vantage-data"))
    >>> storage.store_bytes("default", "/datasets/hello.txt", b"hi").size
    2
"""

from __future__ import annotations

from .digests import SessionDigest
from .errors import (
    ChecksumMismatchError,
    ConflictError,
    InvalidPathError,
    InvalidRequestError,
    NotFoundError,
    PayloadTooLargeError,
    StorageError,
)
from .hooks import (
    add_cli_arguments,
    apply_cli_arguments,
    import_file,
    parse_size,
    setup,
    storage_for,
    storage_settings,
)
from .incoming import COPY_CHUNK, IncomingFile
from .paths import MAX_PATH_LENGTH, MAX_SEGMENT_BYTES, normalize_file_path, normalize_folder_path
from .readers import PartsReader
from .records import STORAGE_SCHEMA, FilePage, FileRecord, PartRecord, UploadSession
from .sessions import DEFAULT_PART_SIZE, DEFAULT_UPLOAD_TTL, MAX_PART_COUNT
from .store import Storage

__all__ = [
    "COPY_CHUNK",
    "DEFAULT_PART_SIZE",
    "DEFAULT_UPLOAD_TTL",
    "MAX_PART_COUNT",
    "MAX_PATH_LENGTH",
    "MAX_SEGMENT_BYTES",
    "STORAGE_SCHEMA",
    "ChecksumMismatchError",
    "ConflictError",
    "FilePage",
    "FileRecord",
    "IncomingFile",
    "InvalidPathError",
    "InvalidRequestError",
    "NotFoundError",
    "PartRecord",
    "PartsReader",
    "PayloadTooLargeError",
    "SessionDigest",
    "Storage",
    "StorageError",
    "UploadSession",
    "add_cli_arguments",
    "apply_cli_arguments",
    "import_file",
    "normalize_file_path",
    "normalize_folder_path",
    "parse_size",
    "setup",
    "storage_for",
    "storage_settings",
]

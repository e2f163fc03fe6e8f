"""The storage's hooks into the emulator (`core.EXTENSION_MODULES`): set-up, flags, job outputs."""

from __future__ import annotations

import logging
import re
import threading
import weakref
from pathlib import Path
from typing import Any

from .errors import StorageError
from .records import FileRecord
from .store import Storage

__all__ = [
    "add_cli_arguments",
    "apply_cli_arguments",
    "import_file",
    "parse_size",
    "setup",
    "storage_for",
    "storage_settings",
]

log = logging.getLogger("vantage_emulator")

_instances: weakref.WeakKeyDictionary[Any, Storage] = weakref.WeakKeyDictionary()
_instances_lock = threading.Lock()
_SIZE = re.compile(r"(\d+)\s*([KMGT]i?B?|B)?", re.IGNORECASE)
_UNITS = {"": 1, "B": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


def parse_size(text: str | int, where: str) -> int:
    """Bytes from `5368709120`, `512MiB`, `5G` or `10K` (binary units).

    Raises:
        ConfigError: naming `where` when `text` is not a size.
    """
    from ..config import ConfigError

    if isinstance(text, int) and not isinstance(text, bool):
        value = text
    else:
        match = _SIZE.fullmatch(str(text).strip())
        if match is None:
            raise ConfigError(f"{where}: {text!r} is not a size such as 1048576, 512MiB or 5G")
        value = int(match.group(1)) * _UNITS[(match.group(2) or "")[:1].upper()]
    if value < 0:
        raise ConfigError(f"{where}: must be at least 0")
    return value


def storage_settings(options: dict[str, Any]) -> dict[str, Any]:
    """`Storage` keyword arguments from the config file's `storage:` section.

    Example (YAML)::

        storage:
          max_single_upload: 5GiB     # larger single PUTs get a 413
          upload_ttl_seconds: 604800  # unfinished upload sessions expire
          max_open_uploads: 1000      # open upload sessions per organization
    """
    from ..config import ConfigError

    section = options.get("storage")
    if section is None:
        section = {}
    if not isinstance(section, dict):
        raise ConfigError("storage: must be a mapping")
    unknown = set(section) - {"max_single_upload", "upload_ttl_seconds", "max_open_uploads"}
    if unknown:
        raise ConfigError(f"storage: unknown setting(s) {', '.join(sorted(unknown))}")
    kwargs: dict[str, Any] = {}
    if "max_single_upload" in section:
        kwargs["max_single_upload"] = parse_size(section["max_single_upload"], "storage.max_single_upload")
    if "upload_ttl_seconds" in section:
        ttl = section["upload_ttl_seconds"]
        if isinstance(ttl, bool) or not isinstance(ttl, (int, float)) or ttl <= 0:
            raise ConfigError("storage.upload_ttl_seconds: must be a number > 0")
        kwargs["upload_ttl"] = float(ttl)
    if "max_open_uploads" in section:
        count = section["max_open_uploads"]
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise ConfigError("storage.max_open_uploads: must be an integer >= 1")
        kwargs["max_open_uploads"] = count
    return kwargs


def setup(emulator: Any) -> None:
    """Create the emulator's storage (recovering what a crash left behind)."""
    storage_for(emulator)


def storage_for(emulator: Any) -> Storage:
    """The `Storage` of an emulator (`core.Emulator`), created on first use."""
    with _instances_lock:
        storage = _instances.get(emulator)
        if storage is None:
            storage = Storage(emulator.state, **storage_settings(emulator.settings.options))
            _instances[emulator] = storage
        return storage


def import_file(emulator: Any, organization: str, path: str, source: Path) -> FileRecord | None:
    """Store a job's output file at storage `path` (the runner's `store_output`).

    Returns the stored file, or None when storage refuses the path (an output name
    with a control character or of only dots, say, or one clashing with a folder):
    that is logged, and the job still finishes.
    """
    try:
        return storage_for(emulator).store_file_from_path(organization, path, source)
    except StorageError as error:
        log.warning("job output %s not stored: %s", source, error.detail)
        return None


def add_cli_arguments(parser: Any) -> None:
    """`vantage-emulator` flags of the storage (they override the config file)."""
    group = parser.add_argument_group("storage")
    group.add_argument(
        "--max-upload-size",
        metavar="SIZE",
        help="largest single-request upload (bytes, or 512MiB, 5G...; default 5GiB); larger ones get a 413",
    )
    group.add_argument(
        "--upload-ttl", metavar="SECONDS", type=float, help="lifetime of unfinished upload sessions (default 7 days)"
    )


def apply_cli_arguments(args: Any, settings: Any) -> None:
    """Copy the storage flags into `settings.options["storage"]`, checking them."""
    storage_settings(settings.options)
    section = dict(settings.options.get("storage") or {})
    if getattr(args, "max_upload_size", None) is not None:
        section["max_single_upload"] = args.max_upload_size
    if getattr(args, "upload_ttl", None) is not None:
        section["upload_ttl_seconds"] = args.upload_ttl
    settings.options["storage"] = section
    storage_settings(settings.options)

"""`vantage storage`: list, copy (either direction, files or directories) and delete files.

Remote paths are written `vantage:/datasets/x`; `ls` and `rm` also accept a bare
`/datasets/x` since their path is always remote.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from vantage_sdk.cli._context import JsonOption, UsageProblem, open_client, wants_json

if TYPE_CHECKING:
    from vantage_sdk.cli._progress import TransferBars

__all__ = ["REMOTE_PREFIX", "Location", "app"]

REMOTE_PREFIX = "vantage:"

app = typer.Typer(name="storage", help="List, copy and delete files in Vantage storage.", no_args_is_help=True)


@dataclass(frozen=True)
class Location:
    """One side of a copy: a local path or a remote storage path.

    Attributes:
        path: The local path as given, or the absolute remote path (without `vantage:`).
        remote: Whether the path is in Vantage storage.
    """

    path: str
    remote: bool

    @classmethod
    def parse(cls, text: str, *, bare_is_remote: bool = False) -> Location:
        """Read `vantage:/x` as remote and anything else as local (or remote, if asked).

        Args:
            text: The path as typed.
            bare_is_remote: Treat a path without the prefix as remote too (`ls`, `rm`).

        Returns:
            The location; remote paths are made absolute (`vantage:x` is `/x`).

        Raises:
            UsageProblem: The path is empty.

        Example:
            >>> Location.parse("vantage:/datasets/x")
            Location(path='/datasets/x', remote=True)
        """
        remote = text.startswith(REMOTE_PREFIX)
        path = text[len(REMOTE_PREFIX) :] if remote else text
        if not path:
            raise UsageProblem(f"empty path in {text!r}")
        if remote or bare_is_remote:
            return cls("/" + path.lstrip("/") if not path.startswith("/") else path, True)
        return cls(path, False)

    def __str__(self) -> str:
        return f"{REMOTE_PREFIX}{self.path}" if self.remote else self.path


def _file_rows(items: list[dict[str, Any]]) -> list[list[str]]:
    from vantage_sdk.cli._output import cell, human_bytes

    return [
        [
            cell(f.get("path")) + ("/" if f.get("type") == "directory" else ""),
            cell(f.get("type")),
            human_bytes(f.get("size")),
            cell(f.get("modified_at")),
        ]
        for f in items
    ]


@app.command("ls")
def ls(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="A remote folder or file, such as vantage:/datasets.")] = "/",
    recursive: Annotated[bool, typer.Option("--recursive", "-r", help="Every file below the folder.")] = False,
    as_json: JsonOption = False,
) -> None:
    """List files and folders. JSON: `{"path": ..., "items": [...]}`."""
    from vantage_sdk.cli._output import jsonable, print_json, print_table

    where = Location.parse(path, bare_is_remote=True)
    with open_client(ctx) as client:
        items = jsonable(list(client.storage.list(where.path, recursive=recursive, include_size=True)))
    if wants_json(ctx, as_json):
        print_json({"path": where.path, "items": items})
    else:
        print_table(["PATH", "TYPE", "SIZE", "MODIFIED"], _file_rows(items))


@app.command("rm")
def rm(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="The remote file (or, with -r, folder) to delete.", show_default=False)],
    recursive: Annotated[bool, typer.Option("--recursive", "-r", help="Delete every file below a folder.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Delete a remote file, or a folder with `-r`. JSON: `{"deleted": path, "recursive": bool}`."""
    from vantage_sdk.cli._output import print_json, stderr_console

    where = Location.parse(path, bare_is_remote=True)
    with open_client(ctx) as client:
        client.storage.delete(where.path, recursive=recursive)
    if wants_json(ctx, as_json):
        print_json({"deleted": where.path, "recursive": recursive})
    else:
        stderr_console().print(f"Deleted {REMOTE_PREFIX}{where.path}", highlight=False)


def _remote_target(source: str, destination: str) -> str:
    """Copying into a remote path ending in `/` keeps the source's name, like `cp`."""
    return destination + os.path.basename(source.rstrip("/" + os.sep)) if destination.endswith("/") else destination


def _local_target(source: str, destination: str) -> str:
    """Copying into an existing local directory keeps the source's name, like `cp`."""
    if destination.endswith(os.sep) or os.path.isdir(destination):
        return os.path.join(destination, source.rstrip("/").rsplit("/", 1)[-1])
    return destination


@app.command("cp")
def cp(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="Local path or vantage:/remote/path.", show_default=False)],
    destination: Annotated[str, typer.Argument(help="Local path or vantage:/remote/path.", show_default=False)],
    recursive: Annotated[bool, typer.Option("--recursive", "-r", help="Copy a whole directory.")] = False,
    no_progress: Annotated[bool, typer.Option("--no-progress", help="Draw no progress bars.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Copy a file or, with `-r`, a directory, between this machine and Vantage storage.

    Exactly one side is remote (`vantage:/path`). Progress bars go to stderr (one per file,
    plus an aggregate bar for directories). Interrupted with Ctrl-C (exit 130), the same command
    run again resumes where it stopped. JSON: `{"source", "destination", "direction", "bytes",
    "transferred": [...], "skipped": [...], "failed": [{"path", "error"}]}`.
    """
    from vantage_sdk.cli._progress import TransferBars

    src, dst = Location.parse(source), Location.parse(destination)
    if src.remote == dst.remote:
        raise UsageProblem(
            "exactly one of SOURCE and DESTINATION must be remote (written vantage:/path); "
            f"got {source!r} and {destination!r}"
        )
    if not src.remote and os.path.isdir(src.path) and not recursive:
        raise UsageProblem(f"{source!r} is a directory; use -r to copy it")
    bars = TransferBars(enabled=not no_progress)
    with open_client(ctx) as client:
        try:
            with bars:
                document = _copy(client, src, dst, recursive=recursive, bars=bars)
        except KeyboardInterrupt:
            from vantage_sdk.cli._output import stderr_console

            stderr_console().print("Interrupted; run the same command again to resume the transfer.")
            raise
    _report_copy(document, wants_json(ctx, as_json))


def _copy(client: Any, src: Location, dst: Location, *, recursive: bool, bars: TransferBars) -> dict[str, Any]:
    storage = client.storage
    if dst.remote:
        direction = "upload"
        if recursive:
            summary = storage.upload_directory(src.path, dst.path, progress=bars.directory(str(src)))
            return _directory_document(src, dst, direction, summary)
        target = Location(_remote_target(src.path, dst.path), True)
        storage.upload(src.path, target.path, progress=bars.file(os.path.basename(src.path)))
        size = Path(src.path).stat().st_size
    else:
        direction = "download"
        if recursive:
            summary = storage.download_directory(src.path, dst.path, progress=bars.directory(str(src)))
            return _directory_document(src, dst, direction, summary)
        target = Location(_local_target(src.path, dst.path), False)
        storage.download(src.path, target.path, progress=bars.file(src.path.rsplit("/", 1)[-1]))
        size = Path(target.path).stat().st_size
    return {
        "source": str(src),
        "destination": str(target),
        "direction": direction,
        "bytes": size,
        "transferred": [str(target)],
        "skipped": [],
        "failed": [],
    }


def _directory_document(src: Location, dst: Location, direction: str, summary: Any) -> dict[str, Any]:
    from vantage_sdk.cli._output import jsonable

    data = jsonable(summary)
    return {
        "source": str(src),
        "destination": str(dst),
        "direction": direction,
        "bytes": data.get("bytes", 0),
        "transferred": data.get("transferred", []),
        "skipped": data.get("skipped", []),
        "failed": data.get("failed", []),
    }


def _report_copy(document: dict[str, Any], as_json: bool) -> None:
    from vantage_sdk.cli._output import human_bytes, print_json, stderr_console

    if as_json:
        print_json(document)
    else:
        console = stderr_console()
        console.print(
            f"{document['direction'].capitalize()}ed {len(document['transferred'])} file(s), "
            f"{human_bytes(document['bytes'])}: {document['source']} -> {document['destination']}"
            + (f"; skipped {len(document['skipped'])}" if document["skipped"] else ""),
            highlight=False,
        )
        for failure in document["failed"]:
            console.print(f"[red]failed[/] {failure.get('path')}: {failure.get('error')}")
    if document["failed"]:
        sys.exit(1)

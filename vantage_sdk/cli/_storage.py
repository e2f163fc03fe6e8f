"""`vantage storage`: list, copy (either direction, files or directories) and delete files.

Remote paths are written `vantage:/datasets/x`; `ls` and `rm` also accept a bare
`/datasets/x` since their path is always remote.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import typer

from vantage_sdk.cli._context import JsonOption, UsageProblem, open_client, wants_json
from vantage_sdk.cli._output import cell, emit, human_bytes, print_table, stderr_console, when

if TYPE_CHECKING:
    from vantage_sdk import VantageClient
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
            return cls(path if path.startswith("/") else "/" + path, True)
        return cls(path, False)

    def __str__(self) -> str:
        return f"{REMOTE_PREFIX}{self.path}" if self.remote else self.path


def _print_files(document: dict[str, Any]) -> None:
    if not document["items"]:
        stderr_console().print(f"No files under {cell(REMOTE_PREFIX + document['path'])}.")
        return
    print_table(["PATH", "TYPE", "SIZE", "MODIFIED"], _file_rows(document["items"]))


def _file_rows(items: list[dict[str, Any]]) -> list[list[str]]:
    return [
        [
            cell(f.get("path")) + ("/" if f.get("type") == "directory" else ""),
            cell(f.get("type")),
            human_bytes(f.get("size")),
            when(f.get("modified_at")),
        ]
        for f in items
    ]


@app.command("ls")
def ls(
    ctx: typer.Context,
    path: Annotated[
        str, typer.Argument(metavar="PATH", help="A remote folder or file, such as vantage:/datasets.")
    ] = "/",
    recursive: Annotated[bool, typer.Option("--recursive", "-r", help="Every file below the folder.")] = False,
    as_json: JsonOption = False,
) -> None:
    """List files and folders. JSON: `{"path": ..., "items": [...]}`."""
    where = Location.parse(path, bare_is_remote=True)
    with open_client(ctx) as client:
        items = client.storage.list(where.path, recursive=recursive, include_size=True)
    emit({"path": where.path, "items": items}, wants_json(ctx, as_json), _print_files)


@app.command("rm")
def rm(
    ctx: typer.Context,
    path: Annotated[
        str, typer.Argument(metavar="PATH", help="The remote file (or, with -r, folder) to delete.", show_default=False)
    ],
    recursive: Annotated[bool, typer.Option("--recursive", "-r", help="Delete every file below a folder.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Delete a remote file, or a folder with `-r`. JSON: `{"deleted": path, "recursive": bool}`."""
    where = Location.parse(path, bare_is_remote=True)
    with open_client(ctx) as client:
        client.storage.delete(where.path, recursive=recursive)
    emit(
        {"deleted": where.path, "recursive": recursive},
        wants_json(ctx, as_json),
        lambda _: stderr_console().print(f"Deleted {cell(str(where))}"),
    )


@app.command("cp")
def cp(
    ctx: typer.Context,
    source: Annotated[
        str,
        typer.Argument(
            metavar="SOURCE", help="Local path, vantage:/remote/path, or - for standard input.", show_default=False
        ),
    ],
    destination: Annotated[
        str,
        typer.Argument(
            metavar="DESTINATION",
            help="Local path, vantage:/remote/path, or - for standard output.",
            show_default=False,
        ),
    ],
    recursive: Annotated[bool, typer.Option("--recursive", "-r", help="Copy a whole directory.")] = False,
    no_progress: Annotated[bool, typer.Option("--no-progress", help="Draw no progress bars.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Copy a file or, with `-r`, a directory, between this machine and Vantage storage.

    Exactly one side is remote (`vantage:/path`). `-` reads standard input or writes standard
    output (`cat x | vantage storage cp - vantage:/x`, `vantage storage cp vantage:/x - | less`);
    those bytes are checked against the stored sha256 at the end (exit 1 on a mismatch). Progress
    goes to stderr when it is a terminal: a bar for a file, an aggregate bar (bytes and files) for a
    directory, with rates in MiB/s of the bytes really sent. Interrupted with Ctrl-C (exit 130), the
    same command run again resumes where it stopped (not with `-`).

    JSON: `{"source", "destination", "direction", "bytes", "transferred": [...],
    "skipped": [{"path", "reason"}], "failed": [{"path", "error"}]}`.
    """
    from vantage_sdk.cli._progress import TransferBars

    json_out = wants_json(ctx, as_json)
    src, dst = _endpoints(source, destination, recursive=recursive, json_out=json_out)
    bars = TransferBars(enabled=not no_progress)
    with open_client(ctx) as client:
        try:
            with bars:
                document = _copy(client, src, dst, recursive=recursive, bars=bars)
        except KeyboardInterrupt:
            stderr_console().print("Interrupted; run the same command again to resume the transfer.")
            raise
    _report_copy(document, json_out, bars)


def _endpoints(source: str, destination: str, *, recursive: bool, json_out: bool) -> tuple[Location, Location]:
    """Read and check both sides of a copy; `-` is a local location meaning stdin or stdout."""
    from vantage_sdk.cli._stdio import STDIO

    src, dst = Location.parse(source), Location.parse(destination)
    if src.remote == dst.remote:
        raise UsageProblem(
            "exactly one of SOURCE and DESTINATION must be remote (written vantage:/path); "
            f"got {source!r} and {destination!r}"
        )
    if STDIO in (source, destination):
        if recursive:
            raise UsageProblem("-r copies a directory; - (standard input or output) is one stream of bytes")
        if destination == STDIO and json_out:
            raise UsageProblem("--json needs standard output, which - uses for the file's bytes")
    elif not src.remote and os.path.isdir(src.path) and not recursive:
        raise UsageProblem(f"{source!r} is a directory; use -r to copy it")
    return src, dst


def _copy(
    client: VantageClient, src: Location, dst: Location, *, recursive: bool, bars: TransferBars
) -> dict[str, Any]:
    """Run the transfer and describe it: the `cp --json` document."""
    from vantage_sdk.cli._stdio import STDIO, copy_from_stdin, copy_to_stdout

    storage = client.storage
    upload = dst.remote
    document: dict[str, Any] = {"source": str(src), "direction": "upload" if upload else "download"}
    if recursive:
        sink = bars.directory(str(src))
        if upload:
            summary = storage.upload_directory(src.path, dst.path, progress=sink)
        else:
            summary = storage.download_directory(src.path, dst.path, progress=sink)
        return document | {
            "destination": str(dst),
            "bytes": summary.bytes_transferred,
            "transferred": list(summary.transferred),
            "skipped": [{"path": path, "reason": reason} for path, reason in summary.skipped.items()],
            "failed": [{"path": path, "error": str(error)} for path, error in summary.failed.items()],
        }
    name = os.path.basename(src.path.rstrip("/"))
    size: object  # the stored file's size (the server's figure after an upload)
    if upload and src.path == STDIO:
        size = copy_from_stdin(client, dst.path, bars)
        target = dst
    elif upload:
        # A destination ending in "/" keeps the source's name (the SDK resolves it).
        info = storage.upload(src.path, dst.path, progress=bars.file(name))
        target, size = Location(info.path, True), info.size
    elif dst.path == STDIO:
        size = copy_to_stdout(client, src.path, bars)
        target = dst
    else:
        written = storage.download(src.path, dst.path, progress=bars.file(name))
        target, size = Location(str(written), False), written.stat().st_size
    return document | {
        "destination": str(target),
        "bytes": size,
        "transferred": [name],
        "skipped": [],
        "failed": [],
    }


def _report_copy(document: dict[str, Any], as_json: bool, bars: TransferBars) -> None:
    emit(document, as_json, lambda data: _print_copy(data, bars))
    if document["failed"]:
        raise typer.Exit(1)


def _files(count: int) -> str:
    return f"{count} file" if count == 1 else f"{count} files"


def _shown(location: str, stream: str) -> str:
    """A side of the copy for the summary line; `-` is named for what it is."""
    from vantage_sdk.cli._stdio import STDIO

    return stream if location == STDIO else cell(location)


def _print_copy(document: dict[str, Any], bars: TransferBars) -> None:
    console = stderr_console()
    moved = f"{human_bytes(document['bytes'])}"
    if bars.bytes_resumed:
        moved += f" ({human_bytes(bars.bytes_resumed)} already there from an earlier run)"
    rate = bars.rate()
    moved += f" in {bars.seconds:.1f} s" + (f" ({rate})" if rate != "-" else "")
    console.print(
        f"{document['direction'].capitalize()}ed {_files(len(document['transferred']))}, {moved}: "
        f"{_shown(document['source'], 'standard input')} -> {_shown(document['destination'], 'standard output')}"
        + (f"; skipped {len(document['skipped'])}" if document["skipped"] else "")
    )
    for skipped in document["skipped"]:
        console.print(f"skipped {cell(skipped['path'])}: {cell(skipped['reason'])}")
    for failure in document["failed"]:
        console.print(f"[red]failed[/] {cell(failure['path'])}: {cell(failure['error'])}")

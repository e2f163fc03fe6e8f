"""How the CLI writes: JSON documents and tables on stdout, messages and errors on stderr.

stdout carries the command's result only (one JSON document with ``--json``), so a
script can pipe it; everything else (progress, notices, errors) goes to stderr.
"""

from __future__ import annotations

import datetime as _dt
import enum
import json
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

__all__ = [
    "STATUS_STYLES",
    "cell",
    "emit",
    "human_bytes",
    "jsonable",
    "key_value_table",
    "print_json",
    "print_table",
    "report_error",
    "stderr_console",
    "stdout_console",
    "styled_status",
    "table",
    "when",
]

STATUS_STYLES = {
    "pending": "yellow",
    "running": "cyan",
    "succeeded": "green",
    "failed": "red",
    "cancelled": "magenta",
    "provisioning": "yellow",
    "scaling": "cyan",
    "stopped": "magenta",
    "error": "red",
}

_consoles: dict[bool, Console] = {}


# Piped tables are read by grep and friends: give them room instead of rich's 80 columns.
_PIPE_WIDTH = 250


def _console(stderr: bool) -> Console:
    if stderr not in _consoles:
        import os

        from rich.console import Console

        stream = sys.stderr if stderr else sys.stdout
        wide = not stream.isatty() and "COLUMNS" not in os.environ
        # Messages are never wrapped, so a request id stays on one line.
        _consoles[stderr] = Console(
            stderr=stderr, highlight=False, soft_wrap=stderr, width=_PIPE_WIDTH if wide else None
        )
    return _consoles[stderr]


def stdout_console() -> Console:
    """The rich console for results (stdout).

    Returns:
        A shared ``rich.console.Console`` writing to stdout.

    Example:
        >>> stdout_console().print("done")
    """
    return _console(False)


def stderr_console() -> Console:
    """The rich console for progress, notices and errors (stderr).

    Returns:
        A shared ``rich.console.Console`` writing to stderr.

    Example:
        >>> stderr_console().print("[yellow]warning[/]")
    """
    return _console(True)


def jsonable(value: Any) -> Any:
    """Turn SDK results (generated models, enums, datetimes, containers) into JSON data.

    Models are converted with their own ``to_dict()``, which gives the API's wire format,
    so the CLI's ``--json`` documents have the same field names and shapes as the API.

    Args:
        value: Anything the SDK returns.

    Returns:
        Plain dicts, lists, strings, numbers, booleans and None.

    Example:
        >>> jsonable({"when": datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)})
        {'when': '2024-01-01T00:00:00+00:00'}
    """
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if hasattr(value, "to_dict"):
        return jsonable(value.to_dict())
    if isinstance(value, enum.Enum):
        return jsonable(value.value)
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    if hasattr(value, "__fspath__"):
        return str(value)
    raise TypeError(f"cannot render {type(value).__name__} as JSON")


def print_json(document: Any) -> None:
    """Write one JSON document to stdout (indented, newline-terminated).

    Args:
        document: The result; converted with ``jsonable`` first.

    Example:
        >>> print_json({"items": []})
    """
    sys.stdout.write(json.dumps(jsonable(document), indent=2, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def emit(result: Any, as_json: bool, render: Callable[[Any], None]) -> Any:
    """Print a command's result: one JSON document, or the human rendering of the same data.

    Args:
        result: What the SDK returned (or a dict built from it).
        as_json: Print JSON instead of calling ``render``.
        render: Draws the JSON-ready data for people.

    Returns:
        The JSON-ready data.

    Example:
        >>> emit(client.clusters.get("local"), False, print_cluster)
    """
    data = jsonable(result)
    if as_json:
        print_json(data)
    else:
        render(data)
    return data


def table(*columns: str, title: str | None = None) -> Table:
    """A table in the CLI's style.

    Args:
        *columns: Column headings.
        title: An optional caption above the table.

    Returns:
        An empty ``rich.table.Table``.

    Example:
        >>> t = table("ID", "STATUS")
    """
    from rich import box
    from rich.table import Table

    result = Table(*columns, title=title, box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
    return result


def print_table(columns: Sequence[str], rows: Iterable[Sequence[str]], *, title: str | None = None) -> None:
    """Print rows under column headings to stdout.

    Args:
        columns: The headings.
        rows: The cells, already formatted (rich markup allowed).
        title: An optional caption.

    Example:
        >>> print_table(["NAME"], [["local"]])
    """
    result = table(*columns, title=title)
    for row in rows:
        result.add_row(*row)
    stdout_console().print(result)


def key_value_table(pairs: Iterable[tuple[str, str]], *, title: str | None = None) -> Table:
    """A two-column "field: value" table for one resource.

    Args:
        pairs: (field, formatted value) pairs.
        title: An optional caption.

    Returns:
        A ``rich.table.Table`` without headings.

    Example:
        >>> stdout_console().print(key_value_table([("id", "job-3f9a1c2b7d4e")]))
    """
    from rich.table import Table

    result = Table.grid(padding=(0, 2))
    result.title = title
    result.title_justify = "left"
    result.add_column(style="bold")
    result.add_column()
    for key, value in pairs:
        result.add_row(key, value)
    return result


def styled_status(status: Any) -> str:
    """A status word coloured by its meaning (rich markup).

    Args:
        status: A job or cluster status (enum or string).

    Returns:
        The status wrapped in markup.

    Example:
        >>> styled_status("failed")
        '[red]failed[/]'
    """
    text = str(jsonable(status))
    style = STATUS_STYLES.get(text)
    return f"[{style}]{text}[/]" if style else text


def cell(value: Any) -> str:
    """Format one JSON value for a table cell (None and missing as ``-``), escaping markup.

    Args:
        value: A JSON value.

    Returns:
        Display text.

    Example:
        >>> cell(None)
        '-'
    """
    from rich.markup import escape

    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, dict)):
        return escape(json.dumps(value, ensure_ascii=False))
    return escape(str(value))


def when(value: Any) -> str:
    """An RFC 3339 timestamp from the API, shortened for a table cell (no fractions of seconds).

    Args:
        value: The timestamp text, or None.

    Returns:
        Such as ``"2024-01-01 00:00:02Z"``, or ``-``.

    Example:
        >>> when("2024-01-01T00:00:02.123456+00:00")
        '2024-01-01 00:00:02Z'
    """
    if not value:
        return "-"
    text = str(value).replace("T", " ")
    head, dot, rest = text.partition(".")
    if dot:
        zone = next((rest[i:] for i, ch in enumerate(rest) if ch in "+-Z"), "")
        text = head + zone
    return text.replace("+00:00", "Z")


def human_bytes(size: Any) -> str:
    """A byte count for people (binary units).

    Args:
        size: Bytes, or None.

    Returns:
        Such as ``"1.5 MiB"``, or ``-`` for None.

    Example:
        >>> human_bytes(1536)
        '1.5 KiB'
    """
    if size is None:
        return "-"
    amount = float(size)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(amount) < 1024 or unit == "TiB":
            return f"{int(amount)} B" if unit == "B" else f"{amount:.1f} {unit}"
        amount /= 1024
    raise AssertionError("unreachable")


def report_error(exc: BaseException) -> None:
    """Explain an SDK failure on stderr: the message, HTTP status, request id and field errors.

    Args:
        exc: A ``vantage_sdk.exceptions.VantageError`` (or any exception with a message).

    Example:
        >>> report_error(ResourceNotFoundError("Job 'job-1' not found.", status_code=404, request_id="req-1"))
    """
    from rich.markup import escape

    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    facts = []
    status = getattr(exc, "status_code", None)
    if status is not None:
        facts.append(f"HTTP {status}")
    code = getattr(exc, "code", None)
    if code:
        facts.append(f"code {code}")
    request_id = getattr(exc, "request_id", None)
    if request_id:
        facts.append(f"request id {request_id}")
    console = stderr_console()
    suffix = f" ({', '.join(facts)})" if facts else ""
    console.print(f"[bold red]Error:[/] {escape(str(message))}{escape(suffix)}")
    for detail in getattr(exc, "details", None) or ():
        if isinstance(detail, Mapping):
            console.print(f"  {escape(str(detail.get('field', '?')))}: {escape(str(detail.get('message', '')))}")
        else:
            console.print(f"  {escape(str(detail))}")
    retry_after = getattr(exc, "retry_after", None)
    if retry_after is not None:
        console.print(f"  retry after {retry_after:g} s")

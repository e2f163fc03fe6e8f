"""How the CLI reads: help without markup debris, metavars people understand, empty lists, rates and units."""

from __future__ import annotations

import re
import uuid

import pytest
from rich.progress import Progress

from vantage_sdk import TransferProgress
from vantage_sdk.cli._progress import TransferBars, _columns, format_rate

from .conftest import CLI

MiB = 1024 * 1024

COMMANDS = [
    [],
    ["jobs"],
    ["jobs", "list"],
    ["jobs", "submit"],
    ["jobs", "get"],
    ["jobs", "logs"],
    ["jobs", "cancel"],
    ["jobs", "wait"],
    ["clusters"],
    ["clusters", "list"],
    ["clusters", "get"],
    ["clusters", "scale"],
    ["storage"],
    ["storage", "ls"],
    ["storage", "rm"],
    ["storage", "cp"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "vantage")
def test_help_reads_cleanly(cli: CLI, command: list[str]) -> None:
    text = cli.ok(*command, "--help").stdout
    assert "\\[" not in text  # markup escapes are not for people
    # click's type names (<str>, <int range>, TEXT, INTEGER) say nothing about what to pass.
    assert not re.search(r"<(str|int|float|int range|float range|path|file)>", text), text
    assert not re.search(r"\b(TEXT|INTEGER|FLOAT)\b", text), text
    assert not re.search(r"--[A-Z]", text), text  # option names stay lower case
    usage = text.splitlines()[0]
    assert "{" not in usage, usage  # `vantage jobs get [OPTIONS] ID`, not `{ID}`
    # Every option that takes a value names it in capitals: `--limit N`, `--env KEY=VALUE`.
    for line in text.splitlines():
        match = re.match(r"\s+(?:-\w, )?--[\w-]+ (\S+)", line)
        if match:
            assert re.fullmatch(r"[A-Z][A-Z=_]*", match.group(1)), line


def test_jobs_get_usage_and_metavars(cli: CLI) -> None:
    text = cli.ok("jobs", "submit", "--help").stdout
    assert text.splitlines()[0] == "Usage: vantage jobs submit [OPTIONS] FILE"
    for fragment in ("--cluster NAME", "--priority N", "--env KEY=VALUE", "--timeout SECONDS"):
        assert fragment in text


def test_empty_lists_say_so_on_stderr(cli: CLI) -> None:
    folder = f"/cli-empty/{uuid.uuid4().hex[:10]}"
    files = cli.ok("storage", "ls", folder)
    assert files.stdout == "" and files.stderr.strip() == f"No files under vantage:{folder}."
    assert cli.ok("storage", "ls", folder, "--json").json() == {"path": folder, "items": []}

    jobs = cli.ok("jobs", "list", "--cluster", f"nowhere-{uuid.uuid4().hex[:6]}")
    assert jobs.stdout == "" and jobs.stderr.strip() == "No jobs match these filters."

    clusters = cli.ok("clusters", "list", "--region", "nowhere-1")
    assert clusters.stdout == "" and clusters.stderr.strip() == "No clusters match these filters."


def test_rate_counts_only_bytes_really_sent() -> None:
    """A resumed transfer that finds 60 MiB in place and sends 20 MiB in 2 s runs at 10 MiB/s, not 40."""
    now = [0.0]
    progress = Progress(*_columns(), get_time=lambda: now[0], disable=True)
    task_id = progress.add_task("x", total=100 * MiB, files="", resumed=60 * MiB)
    progress.update(task_id, completed=60 * MiB)
    now[0] = 2.0
    progress.update(task_id, completed=80 * MiB)
    task = progress.tasks[0]
    _, _, size, rate, remaining, _ = (str(column.render(task)) for column in progress.columns)
    assert size == "80.0/100.0 MiB"
    assert rate == "10.0 MiB/s"  # the same unit as the sizes
    assert remaining == "0:00:02"  # 20 MiB left at 10 MiB/s


def test_summary_figures_exclude_resumed_bytes() -> None:
    bars = TransferBars(enabled=False)
    with bars:
        sink = bars.file("x")
        sink.update(TransferProgress(60 * MiB, 100 * MiB, 0, 1, "x", bytes_resumed=60 * MiB))
        sink.update(TransferProgress(100 * MiB, 100 * MiB, 1, 1, "x", bytes_resumed=60 * MiB))
    assert bars.bytes_resumed == 60 * MiB
    assert bars.rate() == format_rate(40 * MiB, bars.seconds)


@pytest.mark.parametrize(
    ("count", "seconds", "shown"),
    [(3 * MiB, 2.0, "1.5 MiB/s"), (512, 1.0, "512 B/s"), (0, 1.0, "-"), (10, 0.0, "-"), (5 * 1024**3, 2, "2.5 GiB/s")],
)
def test_format_rate(count: int, seconds: float, shown: str) -> None:
    assert format_rate(count, seconds) == shown

"""`vantage jobs`: list, submit, inspect, follow, cancel and wait for jobs."""

from __future__ import annotations

import datetime
import enum
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from vantage_sdk.cli._context import JsonOption, UsageProblem, open_client, wants_json
from vantage_sdk.cli._output import (
    cell,
    emit,
    human_bytes,
    jsonable,
    key_value_table,
    print_json,
    print_table,
    stderr_console,
    stdout_console,
    styled_status,
    when,
)

if TYPE_CHECKING:
    from vantage_sdk import VantageClient

__all__ = ["app"]

app = typer.Typer(name="jobs", help="Submit, inspect, follow and cancel jobs.", no_args_is_help=True)


class JobStatus(enum.StrEnum):
    """The job statuses a listing can be filtered by."""

    pending = "pending"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"
    cancelled = "cancelled"


class JobInclude(enum.StrEnum):
    """Related data `jobs get` can embed."""

    logs = "logs"
    outputs = "outputs"
    metrics = "metrics"
    events = "events"


_TERMINAL_OK = "succeeded"


def _job_rows(items: list[dict[str, Any]]) -> list[list[str]]:
    return [
        [
            cell(job.get("id")),
            cell(job.get("name")),
            styled_status(job.get("status")),
            cell(job.get("cluster")),
            cell(job.get("priority")),
            when(job.get("created_at")),
            cell(job.get("exit_code")),
        ]
        for job in items
    ]


_JOB_COLUMNS = ("ID", "NAME", "STATUS", "CLUSTER", "PRIORITY", "CREATED", "EXIT")


def _print_job(job: dict[str, Any]) -> None:
    spec = job.get("spec") or {}
    pairs = [
        ("id", cell(job.get("id"))),
        ("name", cell(job.get("name"))),
        ("status", styled_status(job.get("status"))),
        ("status reason", cell(job.get("status_reason"))),
        ("cluster", cell(job.get("cluster"))),
        ("priority", cell(job.get("priority"))),
        ("image", cell(spec.get("image"))),
        ("command", cell(spec.get("command"))),
        ("resources", cell(spec.get("resources"))),
        ("labels", cell(job.get("labels") or None)),
        ("created", when(job.get("created_at"))),
        ("started", when(job.get("started_at"))),
        ("finished", when(job.get("finished_at"))),
        ("exit code", cell(job.get("exit_code"))),
    ]
    metrics = job.get("metrics")
    if metrics:
        pairs += [
            ("wall time", f"{metrics.get('wall_time_seconds', 0):.2f} s"),
            ("cpu time", f"{metrics.get('cpu_time_seconds', 0):.2f} s"),
            ("peak memory", human_bytes(metrics.get("peak_memory_bytes"))),
        ]
    console = stdout_console()
    console.print(key_value_table(pairs))
    if job.get("outputs"):
        print_table(
            ["OUTPUT", "PATH", "SIZE"],
            ([cell(o.get("name")), cell(o.get("path")), human_bytes(o.get("size"))] for o in job["outputs"]),
        )
    if job.get("events"):
        print_table(
            ["TIME", "EVENT", "MESSAGE"],
            ([when(e.get("timestamp")), cell(e.get("type")), cell(e.get("message"))] for e in job["events"]),
        )
    if job.get("logs"):
        console.print("[bold]logs[/]")
        for line in job["logs"]:
            sys.stdout.write(f"{line.get('line', '')}\n")


def _exit_with_job_result(data: dict[str, Any]) -> None:
    """Exit 0 for a job that succeeded, 1 for one that failed or was cancelled."""
    raise typer.Exit(0 if data.get("status") == _TERMINAL_OK else 1)


@app.command("list")
def list_jobs(
    ctx: typer.Context,
    status: Annotated[
        JobStatus | None,
        typer.Option("--status", metavar="STATUS", help="Only jobs in this status: " + ", ".join(JobStatus) + "."),
    ] = None,
    cluster: Annotated[str | None, typer.Option(metavar="NAME", help="Only jobs on this cluster.")] = None,
    limit: Annotated[
        int | None, typer.Option(min=1, max=1000, metavar="N", help="Jobs per page (with --all, per request).")
    ] = None,
    offset: Annotated[int | None, typer.Option(min=0, metavar="N", help="Jobs to skip.")] = None,
    page_token: Annotated[str | None, typer.Option(metavar="TOKEN", help="Continue from a previous page.")] = None,
    all_pages: Annotated[bool, typer.Option("--all", help="Every matching job, across all pages.")] = False,
    as_json: JsonOption = False,
) -> None:
    """List jobs, newest first.

    One page by default; `--all` follows every page. JSON: `{"items": [...], "has_next": bool,
    "next_page_token": str|null}`.
    """
    filters: dict[str, Any] = {}
    if status is not None:
        filters["status"] = status.value
    if cluster is not None:
        filters["cluster"] = cluster
    if all_pages and (offset is not None or page_token is not None):
        raise UsageProblem("--all cannot be combined with --offset or --page-token")
    with open_client(ctx) as client:
        if all_pages:
            items = list(client.jobs.list_all(page_size=limit or 100, **filters))
            document: dict[str, Any] = {"items": items, "has_next": False, "next_page_token": None}
        else:
            page = client.jobs.list(limit=limit, offset=offset, page_token=page_token, **filters)
            document = {"items": page.items, "has_next": page.has_next, "next_page_token": page.next_page_token}
    emit(document, wants_json(ctx, as_json), lambda page: _print_job_page(page, filtered=bool(filters)))


def _print_job_page(page: dict[str, Any], *, filtered: bool) -> None:
    if page["items"]:
        print_table(_JOB_COLUMNS, _job_rows(page["items"]))
    else:
        stderr_console().print("No jobs match these filters." if filtered else "No jobs.")
    if page["has_next"]:
        stderr_console().print(f"More jobs: --page-token {page['next_page_token']} for the next page, or --all.")


def _parse_env(pairs: list[str]) -> dict[str, str]:
    result: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise typer.BadParameter(f"{pair!r} is not KEY=VALUE", param_hint="'--env'")
        result[key] = value
    return result


def _follow(client: VantageClient, job_id: str, *, to_stderr: bool) -> list[str]:
    """Print a job's log lines as they are written, until the job ends.

    For people the lines are the result (stdout); with `--json` they are a live view on stderr
    and are returned for the final document.
    """
    out = sys.stderr if to_stderr else sys.stdout
    lines: list[str] = []
    for line in client.jobs.logs_stream(job_id):
        out.write(line + "\n")
        out.flush()
        if to_stderr:
            lines.append(line)
    return lines


@app.command()
def submit(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="The job template, YAML or JSON.",
            exists=True,
            dir_okay=False,
            readable=True,
            show_default=False,
        ),
    ],
    cluster: Annotated[str | None, typer.Option(metavar="NAME", help="Run on this cluster.")] = None,
    priority: Annotated[int | None, typer.Option(min=-1000, max=1000, metavar="N", help="Higher runs first.")] = None,
    env: Annotated[
        list[str] | None,
        typer.Option("--env", "-e", metavar="KEY=VALUE", help="KEY=VALUE merged over the template's env (repeatable)."),
    ] = None,
    wait: Annotated[bool, typer.Option("--wait", help="Wait for the job; exit 0 if it succeeded, 1 if not.")] = False,
    follow: Annotated[
        bool, typer.Option("--follow", "-f", help="Stream the job's logs until it ends (implies --wait).")
    ] = False,
    timeout: Annotated[
        float | None,
        typer.Option(min=0, metavar="SECONDS", help="With --wait: give up after this many seconds (exit 1)."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Submit a job from a template file.

    Without `--wait` prints the new job; with `--wait`/`--follow` prints the finished job
    and exits with its result. JSON: the job.
    """
    json_out = wants_json(ctx, as_json)
    overrides: dict[str, Any] = {}
    if cluster is not None:
        overrides["cluster"] = cluster
    if priority is not None:
        overrides["priority"] = priority
    if env:
        overrides["env"] = _parse_env(env)
    if timeout is not None and not (wait or follow):
        raise UsageProblem("--timeout needs --wait or --follow")
    with open_client(ctx) as client:
        job = client.jobs.submit_from_file(str(file), **overrides)
        if not (wait or follow):
            emit(job, json_out, _print_job)
            return
        stderr_console().print(f"Submitted {job.id}; waiting for it to finish…")
        if follow:
            _follow(client, job.id, to_stderr=json_out)
        final = client.jobs.wait(job.id, timeout=timeout)
    _exit_with_job_result(emit(final, json_out, _print_job))


@app.command()
def get(
    ctx: typer.Context,
    job_id: Annotated[str, typer.Argument(metavar="ID", help="The job's id.", show_default=False)],
    include: Annotated[
        list[JobInclude] | None,
        typer.Option(
            "--include", "-i", metavar="WHAT", help="Embed related data: logs, outputs, metrics, events (repeatable)."
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Show one job. JSON: the job, as the API returns it."""
    with open_client(ctx) as client:
        kwargs: dict[str, Any] = {"include": [i.value for i in include]} if include else {}
        job = client.jobs.get(job_id, **kwargs)
    emit(job, wants_json(ctx, as_json), _print_job)


def _check_timestamp(value: str | None) -> str | None:
    """Refuse a `--since` that is not an RFC 3339 time before asking the server."""
    if value is not None:
        try:
            moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            raise typer.BadParameter(f"{value!r} is not an RFC 3339 time such as 2024-01-01T00:00:00Z") from None
        if moment.tzinfo is None:
            raise typer.BadParameter(f"{value!r} needs a time zone, such as Z or +02:00")
    return value


@app.command()
def logs(
    ctx: typer.Context,
    job_id: Annotated[str, typer.Argument(metavar="ID", help="The job's id.", show_default=False)],
    follow: Annotated[bool, typer.Option("--follow", "-f", help="Stream new lines until the job ends.")] = False,
    tail: Annotated[int | None, typer.Option(min=1, max=1_000_000, metavar="N", help="Only the last N lines.")] = None,
    since: Annotated[
        str | None,
        typer.Option(
            metavar="TIME",
            help="Only lines written at or after this RFC 3339 time, such as 2024-01-01T00:00:00Z.",
            callback=_check_timestamp,
            show_default=False,
        ),
    ] = None,
    timestamps: Annotated[bool, typer.Option("--timestamps", "-t", help="Prefix lines with their time.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Print a job's logs; `-f` follows them live until the job ends.

    JSON: `{"job_id": ..., "lines": [...]}` (with `-f` the lines also stream to stderr and the
    document is printed when the job ends).
    """
    json_out = wants_json(ctx, as_json)
    if follow and (tail is not None or since is not None or timestamps):
        raise UsageProblem("--follow streams the whole log as written; it takes no --tail, --since or --timestamps")
    with open_client(ctx) as client:
        if follow:
            lines = _follow(client, job_id, to_stderr=json_out)
        else:
            text = client.jobs.logs(job_id, tail=tail, since=since, timestamps=timestamps)
            lines = text.splitlines()
            if not json_out:
                sys.stdout.write(text if not text or text.endswith("\n") else text + "\n")
    if json_out:
        print_json({"job_id": job_id, "lines": lines})


def _print_cancel_results(document: dict[str, Any]) -> None:
    print_table(
        ["JOB", "CANCELLED", "STATUS", "ERROR"],
        (
            [
                cell(r.get("job_id")),
                "[green]yes[/]" if r.get("ok") else "[red]no[/]",
                styled_status(r.get("job_status") or "-"),
                cell((r.get("error") or {}).get("detail")),
            ]
            for r in document["results"]
        ),
    )


@app.command()
def cancel(
    ctx: typer.Context,
    job_ids: Annotated[list[str], typer.Argument(metavar="ID...", help="The jobs to cancel.", show_default=False)],
    reason: Annotated[
        str | None, typer.Option("--reason", metavar="REASON", help="Recorded as the job's status reason.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Cancel one or more jobs; exits 1 if any could not be cancelled.

    JSON: `{"results": [{"job_id", "ok", "job_status", "error"?}, ...]}`.
    """
    reason_kwargs: dict[str, Any] = {"reason": reason} if reason is not None else {}
    with open_client(ctx) as client:
        if len(job_ids) == 1:
            job = jsonable(client.jobs.cancel(job_ids[0], **reason_kwargs))
            results: list[dict[str, Any]] = [{"job_id": job["id"], "ok": True, "job_status": job["status"]}]
        else:
            results = jsonable(client.jobs.cancel_batch(job_ids, **reason_kwargs))
    emit({"results": results}, wants_json(ctx, as_json), _print_cancel_results)
    if not all(r.get("ok") for r in results):
        raise typer.Exit(1)


@app.command()
def wait(
    ctx: typer.Context,
    job_id: Annotated[str, typer.Argument(metavar="ID", help="The job's id.", show_default=False)],
    timeout: Annotated[
        float | None, typer.Option(min=0, metavar="SECONDS", help="Give up after this many seconds (exit 1).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Wait until a job ends; exit 0 if it succeeded, 1 if it failed or was cancelled. JSON: the job."""
    with open_client(ctx) as client:
        job = client.jobs.wait(job_id, timeout=timeout)
    _exit_with_job_result(emit(job, wants_json(ctx, as_json), _print_job))

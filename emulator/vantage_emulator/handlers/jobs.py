"""Handlers of the `jobs` operations."""

from __future__ import annotations

import asyncio
import base64
import binascii
import collections
import json
import sqlite3
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from pathlib import PurePosixPath
from typing import Any

from connexion import request
from starlette.datastructures import QueryParams
from starlette.responses import Response, StreamingResponse

from ..core import current
from ..logstore import LogLine
from ..problems import ApiProblem, problem_body
from ..runner import JobRunner, record_event
from ..state import State, format_time, new_id, now, parse_time
from . import json_response

__all__ = [
    "cancel_job",
    "cancel_jobs_batch",
    "get_job",
    "get_job_logs",
    "list_jobs",
    "stream_job_logs",
    "submit_job",
]

DEFAULT_CLUSTER = "local"
STREAM_BATCH = 500
STREAM_HEARTBEAT_SECONDS = 15.0
# The spec puts no bound on offsets; anything past this is past every row anyway
# and SQLite integers stop at 2**63 - 1.
MAX_OFFSET = 2**62


def _load(state: State, organization: str, job_id: str) -> sqlite3.Row:
    row = state.query_one("SELECT * FROM jobs WHERE id = ? AND organization = ?", (job_id, organization))
    if row is None:
        raise ApiProblem(404, f"Job '{job_id}' does not exist.")
    return row


def _log_line(line: LogLine) -> dict[str, Any]:
    return {"offset": line.offset, "timestamp": format_time(line.ts), "stream": line.stream, "line": line.text}


def _metrics(row: sqlite3.Row) -> dict[str, Any]:
    live = current().emulator.runner.live_metrics(row["id"]) if row["status"] == "running" else None
    if live is not None:
        return live
    wall = row["wall_time_seconds"]
    if wall is None and row["started_at"] is not None:
        wall = (row["finished_at"] or now()) - row["started_at"]
    return {
        "wall_time_seconds": max(0.0, wall or 0.0),
        "cpu_time_seconds": row["cpu_time_seconds"] or 0.0,
        "peak_memory_bytes": row["peak_memory_bytes"] or 0,
    }


def job_json(row: sqlite3.Row, include: Sequence[str] = ()) -> dict[str, Any]:
    """A job row as the spec's `Job`, with the `include`d extras."""
    job: dict[str, Any] = {
        "id": row["id"],
        "name": row["name"],
        "status": row["status"],
        "cluster": row["cluster"],
        "priority": row["priority"],
        "spec": json.loads(row["spec"]),
        "labels": json.loads(row["labels"]),
        "created_at": format_time(row["created_at"]),
        "started_at": format_time(row["started_at"]),
        "finished_at": format_time(row["finished_at"]),
        "exit_code": row["exit_code"],
        "status_reason": row["status_reason"],
    }
    if not include:
        return job
    emulator = current().emulator
    state = emulator.state
    if "logs" in include:
        job["logs"] = [_log_line(line) for line in emulator.runner.logs.read(row["id"], 0, row["log_count"])]
    if "outputs" in include:
        outputs = state.query(
            "SELECT name, path, size, sha256 FROM job_outputs WHERE job_id = ? ORDER BY name", (row["id"],)
        )
        job["outputs"] = [dict(output) for output in outputs]
    if "metrics" in include:
        job["metrics"] = _metrics(row)
    if "events" in include:
        events = state.query("SELECT ts, type, message FROM job_events WHERE job_id = ? ORDER BY seq", (row["id"],))
        job["events"] = [
            {"timestamp": format_time(e["ts"]), "type": e["type"], "message": e["message"]} for e in events
        ]
    return job


def _unusable(text: str) -> str | None:
    """Why `text` cannot be an argument or environment string of a process, if it cannot."""
    if "\0" in text:
        return "must not contain NUL bytes"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "must be valid Unicode (no lone surrogates)"
    return None


def _check_submission(body: dict[str, Any], clusters: set[str]) -> list[dict[str, str]]:
    """What the schema cannot say about a submission: fields a process cannot take."""
    errors = []
    cluster = body.get("cluster", DEFAULT_CLUSTER)
    if cluster not in clusters:
        errors.append({"field": "cluster", "message": f"no such cluster (known: {', '.join(sorted(clusters))})"})
    spec = body["spec"]
    for i, arg in enumerate(spec["command"]):
        if problem := _unusable(arg):
            errors.append({"field": f"spec.command[{i}]", "message": problem})
    if spec["command"][0] == "":
        errors.append({"field": "spec.command[0]", "message": "must name a program"})
    for where, env in (("spec.env", spec.get("env")), ("env", body.get("env"))):
        for key, value in (env or {}).items():
            if not key or "=" in key or _unusable(key):
                errors.append({"field": f"{where}.{key}", "message": "is not a valid variable name"})
            elif problem := _unusable(value):
                errors.append({"field": f"{where}.{key}", "message": problem})
    working_dir = spec.get("working_dir")
    if working_dir is not None:
        parts = PurePosixPath(working_dir).parts
        if working_dir.startswith("/") or ".." in parts or _unusable(working_dir):
            errors.append(
                {"field": "spec.working_dir", "message": "must be a relative path inside the job's directory"}
            )
    return errors


def submit_job(body: dict[str, Any]) -> Response:
    ctx = current()
    state = ctx.emulator.state
    clusters = {r["name"] for r in state.query("SELECT name FROM clusters WHERE organization = ?", (ctx.organization,))}
    errors = _check_submission(body, clusters)
    if errors:
        unknown = errors[0]["field"] == "cluster"
        detail = f"Cluster '{body.get('cluster')}' does not exist." if unknown else "The job cannot run as submitted."
        raise ApiProblem(422, detail, code="unknown_cluster" if unknown else "invalid_job", errors=errors)
    spec = body["spec"]
    job_id = new_id("job")
    ts = now()
    with state.transaction() as db:
        db.execute(
            "INSERT INTO jobs (id, organization, name, status, cluster, priority, spec, labels, env, created_at)"
            " VALUES (?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?)",
            (
                job_id,
                ctx.organization,
                body["name"],
                body.get("cluster", DEFAULT_CLUSTER),
                body.get("priority", 0),
                json.dumps(spec),
                json.dumps(body.get("labels") or {}),
                json.dumps(body.get("env") or {}),
                ts,
            ),
        )
        record_event(db, job_id, "submitted", f"Submitted to cluster '{body.get('cluster', DEFAULT_CLUSTER)}'.", ts)
        if spec.get("image"):
            record_event(
                db,
                job_id,
                "image_not_pulled",
                f"Image '{spec['image']}' recorded but not pulled: the emulator runs the command on this machine.",
                ts,
            )
        busy = db.execute(
            "SELECT c.max_concurrent_jobs AS slots, (SELECT COUNT(*) FROM jobs r WHERE r.organization = c.organization"
            " AND r.cluster = c.name AND r.status = 'running') AS running FROM clusters c"
            " WHERE c.organization = ? AND c.name = ?",
            (ctx.organization, body.get("cluster", DEFAULT_CLUSTER)),
        ).fetchone()
        if busy["running"] >= busy["slots"]:
            record_event(
                db,
                job_id,
                "queued",
                f"Waiting for a free slot: {busy['running']} of {busy['slots']} jobs are running on this cluster.",
                ts,
            )
        row = db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
    ctx.emulator.runner.kick()
    return json_response(job_json(row), 201, {"Location": f"/v1/jobs/{job_id}"})


async def get_job(job_id: str, include: list[str] | None = None) -> Response:
    ctx = current()
    row = _load(ctx.emulator.state, ctx.organization, job_id)
    return json_response(job_json(row, include or ()))


def _page_token(seq: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"before": seq}).encode()).decode().rstrip("=")


def _parse_page_token(token: str) -> int:
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        seq = data["before"]
        if not isinstance(seq, int) or isinstance(seq, bool) or not 0 <= seq <= MAX_OFFSET:
            raise ValueError(seq)
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeDecodeError):
        raise ApiProblem(
            400,
            "The page token is not one this server issued.",
            code="invalid_page_token",
            errors=[{"field": "page_token", "message": "is not a valid page token"}],
        ) from None
    return seq


async def list_jobs(
    status: str | None = None,
    cluster: str | None = None,
    limit: int = 100,
    offset: int = 0,
    page_token: str | None = None,
) -> Response:
    ctx = current()
    where = ["organization = ?"]
    params: list[Any] = [ctx.organization]
    for column, value in (("status", status), ("cluster", cluster)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if page_token is not None:
        # Keyset paging on the insertion sequence: jobs submitted meanwhile sort
        # before the token and never shift the pages that follow.
        where.append("seq < ?")
        params.append(_parse_page_token(page_token))
        offset = 0
    rows = ctx.emulator.state.query(
        f"SELECT * FROM jobs WHERE {' AND '.join(where)} ORDER BY seq DESC LIMIT ? OFFSET ?",
        (*params, limit + 1, min(offset, MAX_OFFSET)),
    )
    has_next = len(rows) > limit
    rows = rows[:limit]
    return json_response(
        {
            "items": [job_json(row) for row in rows],
            "has_next": has_next,
            "next_page_token": _page_token(rows[-1]["seq"]) if has_next else None,
        }
    )


async def get_job_logs(
    job_id: str, tail: int | None = None, since: str | None = None, timestamps: bool = False
) -> Response:
    ctx = current()
    count = _load(ctx.emulator.state, ctx.organization, job_id)["log_count"]
    since_ts = None
    if since is not None:
        try:
            # Timestamps are shown with microseconds; a shown one must select its own line.
            since_ts = parse_time(since) - 5e-7
        except (ValueError, OverflowError):
            raise ApiProblem(
                400,
                f"'since' is not an RFC 3339 timestamp: {since!r}.",
                code="invalid_parameter",
                errors=[{"field": "since", "message": "must be an RFC 3339 date-time"}],
            ) from None
    store = ctx.emulator.runner.logs
    if since_ts is None:
        # Without `since`, `tail` is a starting offset: nothing before it is read.
        lines: Iterable[LogLine] = store.read(job_id, max(0, count - tail) if tail is not None else 0, count)
    else:
        matching = (line for line in store.read(job_id, 0, count) if line.ts >= since_ts)
        lines = collections.deque(matching, maxlen=tail) if tail is not None else matching

    def text() -> Iterator[bytes]:
        batch = []
        for line in lines:
            batch.append(f"{format_time(line.ts)} {line.text}\n" if timestamps else f"{line.text}\n")
            if len(batch) >= STREAM_BATCH:
                yield "".join(batch).encode()
                batch = []
        yield "".join(batch).encode()

    # Streamed from the file a batch at a time (in a worker thread): memory stays flat
    # however long the log is.
    return StreamingResponse(text(), media_type="text/plain; charset=utf-8")


def _start_offset(offset: int | None) -> int:
    """`offset` wins when the client gave it; else just after `Last-Event-ID`."""
    given = "offset" in QueryParams(request.scope.get("query_string", b""))
    last_event_id = request.headers.get("last-event-id")
    if not given and last_event_id is not None:
        return int(last_event_id) + 1
    return min(offset or 0, MAX_OFFSET)


async def stream_job_logs(job_id: str, offset: int | None = None) -> Response:
    ctx = current()
    _load(ctx.emulator.state, ctx.organization, job_id)
    start = _start_offset(offset)
    return StreamingResponse(
        _sse(ctx.emulator.state, ctx.emulator.runner, job_id, start),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


async def _sse(state: State, runner: JobRunner, job_id: str, offset: int) -> AsyncIterator[bytes]:
    notifier = runner.notifier
    while True:
        # Subscribe before reading so a change between the read and the wait is not missed.
        changed = notifier.subscribe(job_id)
        try:
            job = state.query_one(
                "SELECT status, exit_code, logs_complete, log_count FROM jobs WHERE id = ?", (job_id,)
            )
            stop = min(job["log_count"], offset + STREAM_BATCH) if job is not None else offset
            lines = list(runner.logs.read(job_id, offset, stop))
            if lines:
                chunk = "".join(f"event: log\nid: {x.offset}\ndata: {json.dumps(_log_line(x))}\n\n" for x in lines)
                offset = lines[-1].offset + 1
                yield chunk.encode()
                continue
            if job is None or (job["logs_complete"] and offset >= job["log_count"]):
                end = {
                    "status": job["status"] if job else "failed",
                    "exit_code": job["exit_code"] if job else None,
                    "next_offset": job["log_count"] if job else offset,
                }
                yield f"event: end\ndata: {json.dumps(end)}\n\n".encode()
                return
            try:
                await asyncio.wait_for(changed.wait(), STREAM_HEARTBEAT_SECONDS)
            except TimeoutError:
                yield b": keep-alive\n\n"
        finally:
            notifier.unsubscribe(job_id, changed)


def cancel_job(job_id: str, body: dict[str, Any] | None = None) -> Response:
    ctx = current()
    ctx.emulator.runner.cancel(ctx.organization, job_id, (body or {}).get("reason"))
    return json_response(job_json(_load(ctx.emulator.state, ctx.organization, job_id)))


def cancel_jobs_batch(body: dict[str, Any]) -> Response:
    ctx = current()
    state = ctx.emulator.state
    results = []
    for job_id in body["job_ids"]:
        result: dict[str, Any] = {"job_id": job_id}
        try:
            ctx.emulator.runner.cancel(ctx.organization, job_id, body.get("reason"), wait=0)
            result["ok"] = True
        except ApiProblem as problem:
            result["ok"] = False
            result["error"] = problem_body(problem.status, problem.detail, code=problem.code, request_id=ctx.request_id)
        row = state.query_one("SELECT status FROM jobs WHERE id = ? AND organization = ?", (job_id, ctx.organization))
        if row is not None:
            result["job_status"] = row["status"]
        results.append(result)
    return json_response({"results": results})

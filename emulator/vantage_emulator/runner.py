"""Runs jobs for real: one subprocess (own process group) per job on this machine,
inside the `sandbox` (scratch directory, clean environment, limits, own uid as root).

Threads:
  * the scheduler starts pending jobs while their cluster has free slots
    (`max_concurrent_jobs`), highest priority first, then oldest;
  * one supervisor per running job waits for its process, enforces the timeout
    and records exit code, metrics and outputs;
  * two pipe readers per running job turn stdout/stderr into lines, timestamped
    when read, and hand them to
  * the log writer (`joblogs`), which stores lines in batches and wakes log streams;
  * the sampler reads /proc (`procstats`) for the peak memory and CPU time of running jobs.

Example:
    >>> runner = JobRunner(state, sandbox=Sandbox(data_dir, JobLimits()), cancel_grace_seconds=5, store_output=store)
    >>> runner.start()          # recovers jobs of a previous run, then schedules
    >>> runner.kick()           # after inserting a pending job
"""

from __future__ import annotations

import hashlib
import json
import os
import select
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .joblogs import LogNotifier, LogWriter
from .logstore import LogStore
from .problems import ApiProblem
from .procstats import peak_rss, proc_group_usage
from .sandbox import JOB_MARKER, Sandbox
from .state import State, now

__all__ = ["TERMINAL_STATUSES", "JobRunner", "LogNotifier", "record_event"]

TERMINAL_STATUSES = ("succeeded", "failed", "cancelled")
RESTART_REASON = "The emulator restarted while the job was running."
SHUTDOWN_REASON = "The emulator stopped while the job was running."
MAX_LINE_BYTES = 1 << 20
SAMPLE_INTERVAL = 0.25
# Variables of the emulator's own environment a job inherits; the rest would leak
# the emulator's configuration (and its user's home) into jobs.
INHERITED_ENV = ("PATH", "LANG", "LANGUAGE", "TZ", "TERM")

StoreOutput = Callable[[str, str, Path], None]


@dataclass
class _RunningJob:
    id: str
    organization: str
    lock: threading.Lock = field(default_factory=threading.Lock)
    pid: int | None = None
    reaped: bool = False
    cancel_requested: bool = False
    timed_out: bool = False
    stopping: bool = False
    started_monotonic: float = field(default_factory=time.monotonic)
    peak_rss: int = 0
    cpu_seconds: float = 0.0
    finished: threading.Event = field(default_factory=threading.Event)


def _exit_code(wait_status: int) -> int:
    """Shell convention: 128 + N for a process killed by signal N."""
    code = os.waitstatus_to_exitcode(wait_status)
    return 128 - code if code < 0 else code


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


class JobRunner:
    """Schedules, runs, cancels and recovers jobs stored in `state`.

    Args:
        state: The emulator's database.
        sandbox: Gives each job a scratch directory with `work` (its working
            directory) and `outputs` (`$VANTAGE_OUTPUT_DIR`), its uid and limits,
            and finds every process of a job to kill.
        cancel_grace_seconds: Time between SIGTERM and SIGKILL.
        store_output: Called as `store_output(organization, storage_path, file)`
            for each file a job leaves in its output directory.
        max_log_bytes: Bytes of log kept per job (then a marker line, then nothing).
    """

    def __init__(
        self,
        state: State,
        *,
        sandbox: Sandbox,
        cancel_grace_seconds: float,
        store_output: StoreOutput,
        max_log_bytes: int = 256 * 1024**2,
    ) -> None:
        self.state = state
        self.sandbox = sandbox
        self.cancel_grace_seconds = cancel_grace_seconds
        self.notifier = LogNotifier()
        self.logs = LogStore(state.data_dir)
        self._store_output = store_output
        self._writer = LogWriter(state, self.logs, self.notifier, max_log_bytes)
        self._running: dict[str, _RunningJob] = {}
        self._running_lock = threading.Lock()
        self._kick = threading.Event()
        self._sampling = threading.Event()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        # Main processes of running jobs: their supervisors reap them, the sampler
        # reaps every other zombie child (orphans of jobs re-parent to the emulator).
        self._spawned: set[int] = set()
        self._spawn_lock = threading.Lock()

    # -- lifecycle -----------------------------------------------------------------

    def start(self) -> None:
        """Recover jobs of a previous run, then start the threads."""
        self._recover()
        self.sandbox.setup()
        self._writer.start()
        for target, name in ((self._schedule_loop, "scheduler"), (self._sample_loop, "sampler")):
            thread = threading.Thread(target=target, name=f"vantage-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)
        self.kick()

    def shutdown(self) -> None:
        """Stop the threads; running jobs are terminated and fail with a reason."""
        self._stopping.set()
        self._kick.set()
        self._sampling.set()
        with self._running_lock:
            running = list(self._running.values())
        for job in running:
            with job.lock:
                job.stopping = True
            self._terminate(job, grace=min(self.cancel_grace_seconds, 2.0))
        for job in running:
            job.finished.wait(10)
        for thread in self._threads:
            thread.join(timeout=5)
        self._writer.stop()
        self.sandbox.teardown()

    def _recover(self) -> None:
        self._move_logs_out_of_the_database()
        ts = now()
        with self.state.transaction() as db:
            stale = db.execute("SELECT id, pid FROM jobs WHERE status = 'running'").fetchall()
            for row in stale:
                self.sandbox.kill_all(row["id"], None)
                db.execute(
                    "UPDATE jobs SET status = 'failed', finished_at = ?, status_reason = ?, logs_complete = 1"
                    " WHERE id = ?",
                    (ts, RESTART_REASON, row["id"]),
                )
                record_event(db, row["id"], "emulator_restarted", RESTART_REASON, ts)
            # Cancelled while its process was still winding down: the process is gone now.
            for row in db.execute("SELECT id, pid FROM jobs WHERE logs_complete = 0 AND status = 'cancelled'"):
                self.sandbox.kill_all(row["id"], None)
            db.execute("UPDATE jobs SET logs_complete = 1 WHERE logs_complete = 0 AND status = 'cancelled'")

    def _move_logs_out_of_the_database(self) -> None:
        """Logs of a data dir from before log files: written out to files, one job at a time."""
        for (job_id,) in self.state.query("SELECT DISTINCT job_id FROM job_logs"):
            rows = self.state.query("SELECT ts, stream, line FROM job_logs WHERE job_id = ? ORDER BY offset", (job_id,))
            self.logs.append(job_id, [(r["ts"], r["stream"], r["line"]) for r in rows])
            self.logs.close(job_id)
            with self.state.transaction() as db:
                db.execute("UPDATE jobs SET log_count = ? WHERE id = ?", (len(rows), job_id))
                db.execute("DELETE FROM job_logs WHERE job_id = ?", (job_id,))

    def kick(self) -> None:
        """Ask the scheduler to look for startable jobs."""
        self._kick.set()

    # -- scheduling ----------------------------------------------------------------

    def _schedule_loop(self) -> None:
        while not self._stopping.is_set():
            self._kick.wait()
            self._kick.clear()
            if self._stopping.is_set():
                return
            self._schedule_once()

    def _schedule_once(self) -> None:
        groups = self.state.query(
            "SELECT j.organization, j.cluster, COALESCE(c.max_concurrent_jobs, 1) AS slots,"
            " (SELECT COUNT(*) FROM jobs r WHERE r.status = 'running' AND r.organization = j.organization"
            "  AND r.cluster = j.cluster) AS running"
            " FROM jobs j LEFT JOIN clusters c ON c.organization = j.organization AND c.name = j.cluster"
            " WHERE j.status = 'pending' GROUP BY j.organization, j.cluster"
        )
        for group in groups:
            free = group["slots"] - group["running"]
            if free <= 0:
                continue
            candidates = self.state.query(
                "SELECT id FROM jobs WHERE status = 'pending' AND organization = ? AND cluster = ?"
                " ORDER BY priority DESC, seq ASC LIMIT ?",
                (group["organization"], group["cluster"], free),
            )
            for row in candidates:
                self._launch(row["id"])

    def _launch(self, job_id: str) -> None:
        ts = now()
        with self.state.transaction() as db:
            if self._stopping.is_set():
                return
            changed = db.execute(
                "UPDATE jobs SET status = 'running', started_at = ? WHERE id = ? AND status = 'pending'", (ts, job_id)
            ).rowcount
            if not changed:
                return
            row = db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
            # Registered before the commit: a cancel that sees `running` finds the job.
            job = _RunningJob(job_id, row["organization"])
            with self._running_lock:
                self._running[job_id] = job
        self._sampling.set()
        thread = threading.Thread(target=self._supervise, args=(job, row), name=f"vantage-{job_id}", daemon=True)
        thread.start()

    # -- running -------------------------------------------------------------------

    def _supervise(self, job: _RunningJob, row: Any) -> None:
        try:
            self._run(job, row)
        except Exception as exc:  # a bug here must not leave the job running forever
            self._finish(job, None, f"The emulator failed to run the job: {exc!r}", None)
        finally:
            self.sandbox.remove(job.id)
            with self._running_lock:
                self._running.pop(job.id, None)
            job.finished.set()
            self.kick()

    def _run(self, job: _RunningJob, row: Any) -> None:
        spec = json.loads(row["spec"])
        job_dir = self.sandbox.prepare(job.id)
        uid = self.sandbox.uid(job.id)
        work, outputs = job_dir / "work", job_dir / "outputs"
        cwd = work
        for part in Path(spec.get("working_dir", "")).parts:
            cwd = cwd / part
            cwd.mkdir(mode=0o700, exist_ok=True)
            if uid is not None:
                os.chown(cwd, uid, uid)
        env = {k: v for k, v in os.environ.items() if k in INHERITED_ENV or k.startswith("LC_")}
        env["HOME"] = str(work)
        env["TMPDIR"] = str(job_dir / "tmp")
        # Without this, Python jobs block-buffer stdout into a pipe and their logs
        # would not follow live; a job can still set it otherwise.
        env["PYTHONUNBUFFERED"] = "1"
        env.update(spec.get("env") or {})
        env.update(json.loads(row["env"]))
        env[JOB_MARKER] = job.id
        env["VANTAGE_OUTPUT_DIR"] = str(outputs)
        identity: dict[str, Any] = {} if uid is None else {"user": uid, "group": uid, "extra_groups": []}
        try:
            with self._spawn_lock:
                proc = subprocess.Popen(
                    spec["command"],
                    cwd=cwd,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    start_new_session=True,
                    preexec_fn=self.sandbox.preexec(),
                    **identity,
                )
                self._spawned.add(proc.pid)
        except (OSError, ValueError, subprocess.SubprocessError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            self._finish(job, None, f"Could not start {spec['command'][0]!r}: {reason}.", None)
            return
        with job.lock:
            job.pid = proc.pid
            job.started_monotonic = time.monotonic()
            # Popen returns after the child's exec, so this already is the job's own
            # image; the sampler may never see a job that ends within its interval.
            job.peak_rss = peak_rss(proc.pid)
            cancel_early = job.cancel_requested or job.stopping
        with self.state.transaction() as db:
            db.execute("UPDATE jobs SET pid = ? WHERE id = ?", (proc.pid, job.id))
            record_event(db, job.id, "started", f"Started process {proc.pid} in {cwd}.")
        if cancel_early:
            self._terminate(job, self.cancel_grace_seconds)
        readers = [
            threading.Thread(target=self._read_pipe, args=(job.id, pipe, name), daemon=True)
            for pipe, name in ((proc.stdout, "stdout"), (proc.stderr, "stderr"))
        ]
        for reader in readers:
            reader.start()
        timeout = spec.get("timeout_seconds")
        wait_status, rusage = self._wait(job, proc.pid, timeout)
        proc.returncode = os.waitstatus_to_exitcode(wait_status)  # reaped here; keep Popen from waiting
        for reader in readers:
            reader.join(timeout=5)
        self._writer.flush(job.id)
        exit_code = _exit_code(wait_status)
        # ru_maxrss is not used: it counts the emulator's own memory, which the
        # child shared until its exec.
        cpu = rusage.ru_utime + rusage.ru_stime
        with job.lock:
            job.cpu_seconds = max(job.cpu_seconds, cpu)
        reason = None
        if job.stopping:
            reason = SHUTDOWN_REASON
        elif job.timed_out:
            reason = f"Timed out after {timeout} second{'' if timeout == 1 else 's'}."
        elif os.WIFSIGNALED(wait_status):
            reason = f"Killed by {_signal_name(os.WTERMSIG(wait_status))}."
        elif exit_code != 0:
            reason = f"Exited with code {exit_code}."
        outputs_found = self._collect_outputs(job, outputs)
        self._finish(job, exit_code, reason, outputs_found)

    def _wait(self, job: _RunningJob, pid: int, timeout: int | None) -> tuple[int, Any]:
        """Wait for the job's main process, enforcing the timeout; reap it.

        Before reaping, whatever else is left of the job is killed (a container
        ends with its main process), so the pipes close: its process group, and
        the processes that left it (its uid, its marker).
        """
        deadline = None if timeout is None else job.started_monotonic + timeout
        try:
            pidfd: int | None = os.pidfd_open(pid)
        except (AttributeError, OSError):
            pidfd = None
        try:
            while True:
                remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
                if self._exited(pid, pidfd, remaining):
                    break
                if deadline is not None and time.monotonic() >= deadline and not job.timed_out:
                    with job.lock:
                        job.timed_out = True
                    self._terminate(job, self.cancel_grace_seconds)
                    deadline = None
        finally:
            if pidfd is not None:
                os.close(pidfd)
        with job.lock:
            self.sandbox.kill_all(job.id, pid, keep=pid)
            _, wait_status, rusage = os.wait4(pid, 0)
            job.reaped = True
        with self._spawn_lock:
            self._spawned.discard(pid)
        return wait_status, rusage

    @staticmethod
    def _exited(pid: int, pidfd: int | None, timeout: float | None) -> bool:
        """Whether the process exited (not yet reaped), waiting up to `timeout`."""
        if pidfd is not None:
            poller = select.poll()
            poller.register(pidfd, select.POLLIN)
            return bool(poller.poll(None if timeout is None else int(timeout * 1000) + 1))
        end = None if timeout is None else time.monotonic() + timeout
        while end is None or time.monotonic() < end:
            if os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
                return True
            time.sleep(0.02)
        return False

    def _read_pipe(self, job_id: str, pipe: Any, stream: str) -> None:
        with pipe:
            for raw in iter(lambda: pipe.readline(MAX_LINE_BYTES), b""):
                text = raw.decode("utf-8", errors="replace")
                self._writer.put(job_id, stream, text[:-1] if text.endswith("\n") else text)

    def _terminate(self, job: _RunningJob, grace: float) -> None:
        """SIGTERM the job's process group now and SIGKILL it after `grace` seconds."""
        self._signal(job, signal.SIGTERM)
        timer = threading.Timer(grace, self._signal, args=(job, signal.SIGKILL))
        timer.daemon = True
        timer.start()

    def _signal(self, job: _RunningJob, signum: int) -> None:
        with job.lock:
            if job.pid is None or job.reaped:
                return
            self.sandbox.signal_all(job.id, job.pid, signum)

    def _collect_outputs(self, job: _RunningJob, outputs: Path) -> list[tuple[str, str, int, str]]:
        found = []
        for file in sorted(p for p in outputs.rglob("*") if p.is_file() and not p.is_symlink()):
            name = file.relative_to(outputs).as_posix()
            path = f"/jobs/{job.id}/outputs/{name}"
            digest = hashlib.sha256()
            with open(file, "rb") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    digest.update(chunk)
            size = file.stat().st_size
            self._store_output(job.organization, path, file)
            found.append((name, path, size, digest.hexdigest()))
        return found

    def _finish(
        self,
        job: _RunningJob,
        exit_code: int | None,
        reason: str | None,
        outputs: list[tuple[str, str, int, str]] | None,
    ) -> None:
        ts = now()
        status = "succeeded" if exit_code == 0 and reason is None else "failed"
        wall = time.monotonic() - job.started_monotonic if job.pid is not None else 0.0
        with self.state.transaction() as db:
            current = db.execute("SELECT status FROM jobs WHERE id = ?", (job.id,)).fetchone()["status"]
            if current == "running":
                db.execute(
                    "UPDATE jobs SET status = ?, finished_at = ?, status_reason = ? WHERE id = ?",
                    (status, ts, reason, job.id),
                )
                message = f"Job {status}" + (f": {reason}" if reason else " (exit code 0).")
                record_event(db, job.id, status, message, ts)
            elif current == "cancelled" and exit_code is not None:
                record_event(
                    db, job.id, "process_exited", f"The cancelled job's process exited with code {exit_code}.", ts
                )
            db.execute(
                "UPDATE jobs SET exit_code = ?, logs_complete = 1, wall_time_seconds = ?, cpu_time_seconds = ?,"
                " peak_memory_bytes = ? WHERE id = ?",
                (exit_code, wall, job.cpu_seconds, job.peak_rss, job.id),
            )
            db.executemany(
                "INSERT OR REPLACE INTO job_outputs (job_id, name, path, size, sha256) VALUES (?, ?, ?, ?, ?)",
                [(job.id, *output) for output in outputs or ()],
            )
            if outputs:
                record_event(db, job.id, "outputs_stored", f"Stored {len(outputs)} output file(s).", ts)
        self.notifier.notify(job.id)

    # -- sampling ------------------------------------------------------------------

    def _sample_loop(self) -> None:
        while not self._stopping.is_set():
            self._sampling.clear()
            with self._running_lock:
                idle = not self._running
                jobs = {job.pid: job for job in self._running.values() if job.pid is not None}
            with self._spawn_lock:
                self.sandbox.reap_orphans(self._spawned)
            if idle:
                self._sampling.wait()
                continue
            for pgid, (rss, cpu) in proc_group_usage(set(jobs)).items():
                job = jobs[pgid]
                with job.lock:
                    job.peak_rss = max(job.peak_rss, rss)
                    job.cpu_seconds = max(job.cpu_seconds, cpu)
            self._stopping.wait(SAMPLE_INTERVAL)

    def live_metrics(self, job_id: str) -> dict[str, Any] | None:
        """Metrics so far of a job that is running now (None otherwise)."""
        with self._running_lock:
            job = self._running.get(job_id)
        if job is None or job.pid is None:
            return None
        with job.lock:
            return {
                "wall_time_seconds": time.monotonic() - job.started_monotonic,
                "cpu_time_seconds": job.cpu_seconds,
                "peak_memory_bytes": job.peak_rss,
            }

    # -- cancelling ----------------------------------------------------------------

    def cancel(self, organization: str, job_id: str, reason: str | None, wait: float = 1.0) -> None:
        """Cancel a pending or running job of `organization`.

        A running job's process group gets SIGTERM, then SIGKILL after the grace
        period; this waits up to `wait` seconds for it to exit so the caller can
        report the exit code. Cancelling a cancelled job changes nothing.

        Raises:
            ApiProblem: 404 for an unknown job, 409 `job_finished` for one that
                already succeeded or failed.
        """
        ts = now()
        reason = reason or "Cancelled by request."
        with self.state.transaction() as db:
            row = db.execute(
                "SELECT status FROM jobs WHERE id = ? AND organization = ?", (job_id, organization)
            ).fetchone()
            if row is None:
                raise ApiProblem(404, f"Job '{job_id}' does not exist.")
            status = row["status"]
            if status == "cancelled":
                return
            if status in ("succeeded", "failed"):
                raise ApiProblem(409, f"Job '{job_id}' already {status} and cannot be cancelled.", code="job_finished")
            db.execute(
                "UPDATE jobs SET status = 'cancelled', finished_at = ?, status_reason = ?,"
                " logs_complete = CASE WHEN status = 'pending' THEN 1 ELSE logs_complete END WHERE id = ?",
                (ts, reason, job_id),
            )
            record_event(db, job_id, "cancelled", f"Cancelled: {reason}", ts)
        self.notifier.notify(job_id)
        if status == "running":
            with self._running_lock:
                job = self._running.get(job_id)
            if job is not None:
                with job.lock:
                    job.cancel_requested = True
                self._terminate(job, self.cancel_grace_seconds)
                job.finished.wait(wait)
        self.kick()


def record_event(db: Any, job_id: str, kind: str, message: str, ts: float | None = None) -> None:
    """Append an event to a job's history (inside a `State.transaction()`)."""
    db.execute(
        "INSERT INTO job_events (job_id, seq, ts, type, message)"
        " VALUES (?, (SELECT COALESCE(MAX(seq), -1) + 1 FROM job_events WHERE job_id = ?), ?, ?, ?)",
        (job_id, job_id, now() if ts is None else ts, kind, message),
    )

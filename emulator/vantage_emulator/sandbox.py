"""What keeps a job inside its own box on a shared host.

* Each job runs in a scratch directory outside the emulator's data dir
  (`<tmp>/vantage-jobs-<hash of the data dir>/<job id>`), with a clean environment.
* Resource limits (`JobLimits`) are set with setrlimit in the child before exec:
  CPU time, address space, file size and process count.
* When the emulator runs as root, each job runs as its own unprivileged uid (derived
  from the job id, so a restarted emulator can find what a crashed one left); the
  data dir is 0700, so the job can read neither the database nor other
  organizations' files.
* Every process of a job is found again however it tried to escape (new session,
  double fork): by that uid, by its process group, or by the `VANTAGE_JOB_ID` marker
  in its environment. The emulator makes itself a child subreaper, so orphans of a
  job re-parent to it instead of to init and are reaped once killed.

Example:
    >>> sandbox = Sandbox(Path("/srv/emulator-data"), JobLimits())
    >>> job_dir = sandbox.prepare("job-3f9a1c2b7d4e")   # work/ and outputs/ inside, owned by the job uid
    >>> sandbox.kill_all("job-3f9a1c2b7d4e", pgid=4242)  # none of its processes survive
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import logging
import os
import resource
import shutil
import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["JOB_MARKER", "JobLimits", "Sandbox", "become_subreaper", "job_uid"]

log = logging.getLogger("vantage_emulator")

JOB_MARKER = "VANTAGE_JOB_ID"
# Job uids: far above any account a system hands out, below the 2**32 - 1 "no uid".
JOB_UID_BASE = 1_500_000_000
JOB_UID_SPAN = 500_000_000
_PR_SET_CHILD_SUBREAPER = 36
_KILL_ROUNDS = 100


@dataclass(frozen=True)
class JobLimits:
    """Per-job resource limits (setrlimit); None leaves one as the emulator's."""

    cpu_seconds: int | None = 24 * 3600
    memory_bytes: int | None = 16 * 1024**3
    file_size_bytes: int | None = 64 * 1024**3
    processes: int | None = 512

    def apply(self) -> None:
        """Set the limits on the calling process (the job's child, before exec)."""
        for which, value in (
            (resource.RLIMIT_CPU, self.cpu_seconds),
            (resource.RLIMIT_AS, self.memory_bytes),
            (resource.RLIMIT_FSIZE, self.file_size_bytes),
            (resource.RLIMIT_NPROC, self.processes),
        ):
            if value is not None:
                resource.setrlimit(which, (value, value))


def job_uid(job_id: str) -> int:
    """The unprivileged uid (and gid) a job runs as when the emulator is root."""
    digest = int.from_bytes(hashlib.sha256(job_id.encode()).digest()[:8], "big")
    return JOB_UID_BASE + digest % JOB_UID_SPAN


def become_subreaper() -> bool:
    """Make orphaned descendants re-parent to this process (Linux); whether it worked."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return bool(libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


@dataclass(frozen=True)
class _Proc:
    pid: int
    ppid: int
    pgrp: int
    uid: int
    zombie: bool


def _processes() -> Iterator[_Proc]:
    try:
        pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                stat = f.read()
            # /proc/<pid> belongs to the process's effective uid.
            uid = os.stat(f"/proc/{pid}").st_uid
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        # fields[0] is field 3 (state) of proc(5); ppid is 4, pgrp 5.
        yield _Proc(pid, int(fields[1]), int(fields[2]), uid, fields[0] == b"Z")


def _has_marker(pid: int, job_id: str) -> bool:
    try:
        with open(f"/proc/{pid}/environ", "rb") as f:
            return f"{JOB_MARKER}={job_id}".encode() in f.read().split(b"\0")
    except OSError:
        return False


class Sandbox:
    """Scratch directories, users, limits and process clean-up for the jobs of one data dir.

    Args:
        data_dir: The emulator's data dir (made 0700; scratch space is outside it).
        limits: Resource limits for every job.
        scratch_root: Where job directories go (default: a directory in the
            system temp dir named after the data dir).
    """

    def __init__(self, data_dir: Path, limits: JobLimits, scratch_root: Path | None = None) -> None:
        self.data_dir = data_dir
        self.limits = limits
        self.as_root = os.geteuid() == 0
        tag = hashlib.sha256(str(data_dir).encode()).hexdigest()[:16]
        self.scratch_root = scratch_root or Path(tempfile.gettempdir()) / f"vantage-jobs-{tag}"
        self.me = os.getpid()
        self.euid = os.geteuid()

    def setup(self) -> None:
        """Lock the data dir, recreate the scratch root and become a subreaper."""
        os.chmod(self.data_dir, 0o700)
        shutil.rmtree(self.scratch_root, ignore_errors=True)
        # 0711: a job user may enter its own directory but list nobody's.
        self.scratch_root.mkdir(mode=0o711, parents=True, exist_ok=True)
        os.chmod(self.scratch_root, 0o711)
        if not become_subreaper():
            log.warning("could not become a child subreaper; orphans of jobs are found by uid or marker only")

    def teardown(self) -> None:
        """Remove the scratch root (every job has ended)."""
        shutil.rmtree(self.scratch_root, ignore_errors=True)

    def uid(self, job_id: str) -> int | None:
        """The uid a job runs as (None: the emulator's own, when it is not root)."""
        return job_uid(job_id) if self.as_root else None

    def prepare(self, job_id: str) -> Path:
        """A fresh `<scratch>/<job id>` holding `work/`, `outputs/` and `tmp/`, which the job's user owns."""
        job_dir = self.scratch_root / job_id
        shutil.rmtree(job_dir, ignore_errors=True)
        # The emulator's own, so the job cannot swap `outputs` for a symlink to
        # something only the emulator may read before the outputs are collected.
        job_dir.mkdir(mode=0o711)
        uid = self.uid(job_id)
        for sub in ("work", "outputs", "tmp"):
            (job_dir / sub).mkdir(mode=0o700)
            if uid is not None:
                os.chown(job_dir / sub, uid, uid)
        return job_dir

    def remove(self, job_id: str) -> None:
        """Delete a finished job's scratch directory."""
        shutil.rmtree(self.scratch_root / job_id, ignore_errors=True)

    def preexec(self) -> Callable[[], None]:
        """The function the job's child runs before exec (after the uid switch)."""
        return self.limits.apply

    def processes(self, job_id: str, pgid: int | None) -> list[_Proc]:
        """The live processes of a job: its uid, its process group or its marker."""
        uid = self.uid(job_id)
        found = []
        for proc in _processes():
            if proc.pid == self.me:
                continue
            if (uid is not None and proc.uid == uid) or (pgid is not None and proc.pgrp == pgid):
                found.append(proc)
            elif uid is None and proc.uid == self.euid and _has_marker(proc.pid, job_id):
                # As root the job's uid finds all of it (an unprivileged process cannot
                # change its uid); otherwise its processes run as ours, marked.
                found.append(proc)
        return found

    def kill_all(self, job_id: str, pgid: int | None, *, keep: int | None = None) -> int:
        """SIGKILL every process of a job until none is left; how many were killed.

        `keep` is a pid not to reap (the job's main process, which its supervisor
        reaps itself); orphans that re-parented to the emulator are reaped here.
        """
        killed: set[int] = set()
        for _ in range(_KILL_ROUNDS):
            found = self.processes(job_id, pgid)
            live = [p for p in found if not p.zombie]
            for proc in live:
                try:
                    os.kill(proc.pid, signal.SIGKILL)
                    killed.add(proc.pid)
                except OSError:
                    pass
            self._reap([p for p in found if p.zombie], keep)
            if not live:
                break
            time.sleep(0.005)
        return len(killed)

    def signal_all(self, job_id: str, pgid: int | None, signum: int) -> None:
        """Send `signum` to every live process of a job (SIGTERM on cancel)."""
        for proc in self.processes(job_id, pgid):
            if not proc.zombie:
                try:
                    os.kill(proc.pid, signum)
                except OSError:
                    pass

    def _reap(self, zombies: list[_Proc], keep: int | None) -> None:
        # The ones killed this round are reaped by the next round's scan.
        for proc in zombies:
            if proc.ppid == self.me and proc.pid != keep:
                try:
                    os.waitpid(proc.pid, os.WNOHANG)
                except ChildProcessError:
                    pass

    def kill_leftovers(self, job_ids: list[str]) -> int:
        """At start: kill what a previous run of jobs `job_ids` left alive; how many."""
        return sum(self.kill_all(job_id, None) for job_id in job_ids)

    def reap_orphans(self, spawned: set[int]) -> None:
        """Reap zombie children that are not a job's main process (`spawned`):
        orphans of jobs re-parent to the emulator, a subreaper."""
        for proc in _processes():
            if proc.zombie and proc.ppid == self.me and proc.pid not in spawned:
                try:
                    os.waitpid(proc.pid, os.WNOHANG)
                except ChildProcessError:
                    pass

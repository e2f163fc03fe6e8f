"""Start a real emulator (a subprocess on 127.0.0.1) from tests.

Example:
    >>> from vantage_emulator.testing import run_emulator
    >>> with run_emulator() as emulator:
    ...     httpx.get(f"{emulator.base_url}/v1/jobs", headers=emulator.headers).status_code
    200
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from .config import DEFAULT_API_KEY, DEFAULT_ORGANIZATION

__all__ = ["EmulatorProcess", "EmulatorStartError", "run_emulator"]

_URL = re.compile(r"listening on (http://\S+)")
START_TIMEOUT = 30.0


class EmulatorStartError(RuntimeError):
    """The emulator exited or stayed silent instead of listening; the message has its log."""


class EmulatorProcess:
    """A running `vantage-emulator` subprocess.

    Attributes:
        base_url: `http://127.0.0.1:<port>`, unchanged by `restart()`.
        api_key: The key it accepts.
        organization: That key's organization.
        data_dir: Its data directory (kept across `restart()`).
        log_path: Its stdout and stderr (`<data_dir>/emulator.log`).
    """

    def __init__(
        self,
        data_dir: Path,
        api_key: str,
        organization: str,
        config: Path | None = None,
        extra_args: Sequence[str] = (),
    ) -> None:
        self.data_dir = data_dir
        self.api_key = api_key
        self.organization = organization
        self.config = config
        self.extra_args = list(extra_args)
        self.log_path = data_dir / "emulator.log"
        self.base_url = ""
        self._port = 0
        self._process: subprocess.Popen[bytes] | None = None
        data_dir.mkdir(parents=True, exist_ok=True)

    @property
    def headers(self) -> dict[str, str]:
        """Headers that authenticate as `api_key` for `organization`."""
        return {"Authorization": f"Bearer {self.api_key}", "X-Vantage-Organization": self.organization}

    @property
    def pid(self) -> int | None:
        """The process id, while it runs."""
        return self._process.pid if self._process is not None else None

    def start(self) -> None:
        """Start it (on the previous port after a stop) and wait until it listens.

        Raises:
            EmulatorStartError: if it exits or does not listen within 30 s.
        """
        if self._process is not None:
            raise RuntimeError("the emulator is already running")
        args = [
            sys.executable,
            "-m",
            "vantage_emulator",
            "--host",
            "127.0.0.1",
            "--port",
            str(self._port),
            "--data-dir",
            str(self.data_dir),
            "--api-key",
            self.api_key,
            "--organization",
            self.organization,
        ]
        if self.config is not None:
            args += ["--config", str(self.config)]
        args += self.extra_args
        log = open(self.log_path, "ab")
        offset = log.tell()
        try:
            self._process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        finally:
            log.close()
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            text = self._log_since(offset)
            match = _URL.search(text)
            if match:
                self.base_url = match.group(1)
                self._port = int(self.base_url.rsplit(":", 1)[1])
                return
            if self._process.poll() is not None:
                break
            time.sleep(0.02)
        self.kill()
        raise EmulatorStartError(f"the emulator did not start:\n{self._log_since(offset)}")

    def _log_since(self, offset: int) -> str:
        with open(self.log_path, "rb") as f:
            f.seek(offset)
            return f.read().decode("utf-8", errors="replace")

    def stop(self, timeout: float = 15.0) -> int | None:
        """SIGTERM it and wait for a clean exit (SIGKILL after `timeout`); its exit code."""
        process, self._process = self._process, None
        if process is None:
            return None
        process.send_signal(signal.SIGTERM)
        try:
            return process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            return process.wait()

    def kill(self) -> None:
        """SIGKILL it, as a crash would (its jobs' processes are left to the next start)."""
        process, self._process = self._process, None
        if process is not None:
            process.kill()
            process.wait()

    def restart(self) -> None:
        """Stop it if running, then start it again on the same data dir and port."""
        self.stop()
        self.start()


@contextmanager
def run_emulator(
    data_dir: str | Path | None = None,
    api_key: str = DEFAULT_API_KEY,
    organization: str = DEFAULT_ORGANIZATION,
    config: str | Path | None = None,
    extra_args: Sequence[str] = (),
) -> Iterator[EmulatorProcess]:
    """Run `vantage-emulator` on a free port of 127.0.0.1 for the `with` block.

    Args:
        data_dir: Its data directory; a temporary one (deleted afterwards) if None.
        api_key: The key it accepts.
        organization: The organization of that key.
        config: A YAML config file (more keys, clusters, knobs).
        extra_args: More command-line flags, e.g. `["--cancel-grace-seconds", "1"]`.

    Yields:
        The running emulator; it is stopped when the block ends.
    """
    temp = None
    if data_dir is None:
        temp = tempfile.mkdtemp(prefix="vantage-emulator-")
        data_dir = Path(temp) / "data"
    emulator = EmulatorProcess(
        Path(data_dir).resolve(), api_key, organization, Path(config) if config else None, extra_args
    )
    try:
        emulator.start()
        yield emulator
    finally:
        emulator.stop()
        if temp is not None and not os.environ.get("VANTAGE_KEEP_EMULATOR_DATA"):
            shutil.rmtree(temp, ignore_errors=True)

"""Run the real `vantage` command as a subprocess against the emulator."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest


def vantage_command() -> list[str]:
    """The installed `vantage` script beside this interpreter, else `python -m vantage_sdk.cli`."""
    script = Path(sys.executable).with_name("vantage")
    return [str(script)] if script.exists() else [sys.executable, "-m", "vantage_sdk.cli"]


@dataclass
class Result:
    """A finished `vantage` run."""

    args: Sequence[str]
    returncode: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        """stdout parsed as exactly one JSON document."""
        try:
            return json.loads(self.stdout)
        except ValueError as exc:
            raise AssertionError(f"stdout of vantage {' '.join(self.args)} is not one JSON document:\n{self}") from exc

    def __str__(self) -> str:
        return f"exit {self.returncode}\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


class CLI:
    """Runs `vantage` with the emulator's credentials in the environment and no user config."""

    def __init__(self, emulator: Any, home: Path) -> None:
        self.emulator = emulator
        self.home = home
        self.config_path = home / "config.toml"
        env = {k: v for k, v in os.environ.items() if not k.startswith("VANTAGE_")}
        env.update(
            VANTAGE_API_KEY=emulator.api_key,
            VANTAGE_BASE_URL=emulator.base_url,
            VANTAGE_ORGANIZATION=emulator.organization,
            VANTAGE_CONFIG=str(self.config_path),
            XDG_CACHE_HOME=str(home / "cache"),
            COLUMNS="200",
            NO_COLOR="1",
        )
        self.env = env

    def environment(self, extra: Mapping[str, str | None] | None = None) -> dict[str, str]:
        """The environment for one run; a None value removes that variable."""
        env = dict(self.env)
        for key, value in (extra or {}).items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        return env

    def run(
        self,
        *args: str,
        env: Mapping[str, str | None] | None = None,
        timeout: float = 60,
        cwd: Path | None = None,
    ) -> Result:
        """Run `vantage ARGS...` to completion."""
        proc = subprocess.run(
            [*vantage_command(), *args],
            env=self.environment(env),
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=cwd or self.home,
            stdin=subprocess.DEVNULL,
        )
        return Result(args, proc.returncode, proc.stdout, proc.stderr)

    def ok(self, *args: str, **kwargs: Any) -> Result:
        """Run and require exit status 0."""
        result = self.run(*args, **kwargs)
        assert result.returncode == 0, str(result)
        return result

    def popen(self, *args: str, env: Mapping[str, str | None] | None = None, **kwargs: Any) -> subprocess.Popen[str]:
        """Start `vantage ARGS...` without waiting (stdout and stderr piped, text mode)."""
        return subprocess.Popen(
            [*vantage_command(), *args],
            env=self.environment(env),
            stdout=kwargs.pop("stdout", subprocess.PIPE),
            stderr=kwargs.pop("stderr", subprocess.PIPE),
            stdin=subprocess.DEVNULL,
            text=True,
            cwd=self.home,
            **kwargs,
        )

    def write_config(self, text: str) -> Path:
        """Write the profiles file the CLI reads (VANTAGE_CONFIG)."""
        self.config_path.write_text(text)
        return self.config_path


@pytest.fixture
def cli(vantage_emulator: Any, tmp_path: Path) -> CLI:
    """A `vantage` runner bound to the session's emulator, in a fresh temporary home."""
    return CLI(vantage_emulator, tmp_path)


def assert_clean_error(result: Result, code: int) -> None:
    """An error run: the expected status, a message on stderr, no traceback, nothing on stdout."""
    assert result.returncode == code, str(result)
    assert "Traceback" not in result.stderr, str(result)
    assert result.stderr.strip(), str(result)
    assert result.stdout == "", str(result)

"""The emulator instance (state, job runner, keys) and the per-request context.

Handlers reach the instance and the caller's organization through `current()`,
which the app's auth middleware sets for every authenticated request.

Example:
    >>> emulator = Emulator(Settings(data_dir=Path("/tmp/vantage-demo"), api_keys={"k": ["org"]}))
    >>> emulator.authenticate("Bearer k", None)
    'org'
"""

from __future__ import annotations

import importlib
import json
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from .config import DEFAULT_API_KEY, DEFAULT_ORGANIZATION, Settings
from .problems import ApiProblem
from .runner import JobRunner
from .sandbox import Sandbox
from .state import State, now

__all__ = [
    "EXTENSION_MODULES",
    "Emulator",
    "RequestContext",
    "current",
    "extension_modules",
    "use_context",
]

# Optional modules of the emulator (built separately) that plug in through hooks:
#   setup(emulator) -> None                 once, after the core state exists
#   wrap_app(app, emulator) -> ASGI app     wraps the API inside the request-id layer,
#                                           outside auth (no organization known yet)
#   add_cli_arguments(parser) -> None       extra `vantage-emulator` flags
#   apply_cli_arguments(args, settings)     copy those flags into `settings.options`
#   shutdown(emulator) -> None              on a clean stop
EXTENSION_MODULES = ("vantage_emulator.storage", "vantage_emulator.faults")


def extension_modules() -> list[ModuleType]:
    """The extension modules that are installed, in `EXTENSION_MODULES` order."""
    found = []
    for name in EXTENSION_MODULES:
        try:
            found.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return found


@dataclass(frozen=True)
class RequestContext:
    """Who is calling: the emulator instance, organization and request id."""

    emulator: Emulator
    organization: str
    request_id: str


_current: ContextVar[RequestContext] = ContextVar("vantage_emulator_request")


def current() -> RequestContext:
    """The context of the request being handled (set by the auth middleware)."""
    return _current.get()


def use_context(context: RequestContext) -> None:
    """Set the request context for the rest of this task (and threads it starts)."""
    _current.set(context)


class Emulator:
    """One emulator: SQLite state under `settings.data_dir`, keys, clusters, jobs.

    Args:
        settings: The merged flags and config file; without any API key the
            default key `emulator-key` of organization `default` is used.
    """

    def __init__(self, settings: Settings) -> None:
        if not settings.api_keys:
            settings.api_keys = {DEFAULT_API_KEY: [DEFAULT_ORGANIZATION]}
        self.settings = settings
        self.state = State(settings.data_dir)
        self.data_dir = self.state.data_dir
        self._keys = {key: list(orgs) for key, orgs in settings.api_keys.items()}
        self._seed()
        self.runner = JobRunner(
            self.state,
            sandbox=Sandbox(self.data_dir, settings.job_limits),
            cancel_grace_seconds=settings.cancel_grace_seconds,
            store_output=self.store_output,
            max_log_bytes=settings.max_log_bytes,
        )
        self.extensions = extension_modules()
        self._started = False
        self._closed = False

    def _seed(self) -> None:
        with self.state.transaction() as db:
            db.execute("DELETE FROM api_keys")
            db.executemany(
                "INSERT INTO api_keys (key, organization, position) VALUES (?, ?, ?)",
                [(key, org, i) for key, orgs in self._keys.items() for i, org in enumerate(orgs)],
            )
            created = now()
            db.executemany(
                "INSERT OR IGNORE INTO clusters (organization, name, status, provider, region, node_count,"
                " node_cpu_cores, node_memory_bytes, node_gpus, max_concurrent_jobs, autoscaling, created_at)"
                " VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        org,
                        c.name,
                        c.provider,
                        c.region,
                        c.node_count,
                        c.node_cpu_cores,
                        c.node_memory_bytes,
                        c.node_gpus,
                        c.max_concurrent_jobs,
                        json.dumps(c.autoscaling) if c.autoscaling else None,
                        created,
                    )
                    for org in self.settings.organizations
                    for c in self.settings.clusters
                ],
            )
            # A response stored without its result means the emulator died mid-request:
            # forget the key so the client's retry runs the request again.
            db.execute("DELETE FROM idempotency_keys WHERE status IS NULL OR created_at < ?", (created - 86400,))

    def start(self) -> None:
        """Recover jobs left by a previous run and start the job threads."""
        if self._started:
            return
        self._started = True
        for module in self.extensions:
            setup = getattr(module, "setup", None)
            if setup is not None:
                setup(self)
        self.runner.start()

    def close(self) -> None:
        """Stop running jobs (they fail with a reason saying so) and the threads.

        Safe to call more than once.
        """
        if self._closed:
            return
        self._closed = True
        for module in self.extensions:
            shutdown = getattr(module, "shutdown", None)
            if shutdown is not None:
                shutdown(self)
        self.runner.shutdown()

    def authenticate(self, authorization: str | None, organization: str | None) -> str:
        """The organization a request acts for.

        Args:
            authorization: The `Authorization` header (`Bearer <key>`).
            organization: The `X-Vantage-Organization` header, if any.

        Raises:
            ApiProblem: 401 for a missing or unknown key, 403 for an organization
                the key does not belong to.
        """
        scheme, _, key = (authorization or "").strip().partition(" ")
        orgs = self._keys.get(key.strip()) if scheme.lower() == "bearer" else None
        if not orgs:
            raise ApiProblem(
                401,
                "The API key is missing or invalid." if authorization else "Missing `Authorization: Bearer <key>`.",
                headers={"WWW-Authenticate": 'Bearer realm="vantage"'},
            )
        if organization is None or organization == "":
            return orgs[0]
        if organization not in orgs:
            raise ApiProblem(403, f"This API key does not belong to organization '{organization}'.")
        return organization

    def store_output(self, organization: str, path: str, source: Path) -> None:
        """Make a job's output file downloadable at storage `path`.

        Uses the storage module's `import_file(emulator, organization, path, source)`
        when it has one; otherwise the file stays where the job wrote it and only
        `include=outputs` reports it.
        """
        for module in self.extensions:
            import_file: Any = getattr(module, "import_file", None)
            if import_file is not None:
                import_file(self, organization, path, source)
                return

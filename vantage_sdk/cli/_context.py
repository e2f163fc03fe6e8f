"""State shared by every command: the global options and the client built from them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import typer

from vantage_sdk.cli._config import config_path, resolve_settings

if TYPE_CHECKING:
    from vantage_sdk import VantageClient

__all__ = ["GlobalOptions", "JsonOption", "UsageProblem", "open_client", "wants_json"]

JsonOption = Annotated[
    bool,
    typer.Option("--json", help="Print one JSON document to stdout instead of a table."),
]


class UsageProblem(Exception):
    """The command cannot run as invoked (exit status 2); the message says what to change."""


@dataclass
class GlobalOptions:
    """Options given before the command name (``vantage --profile x jobs list``).

    Attributes:
        api_key: ``--api-key``.
        base_url: ``--base-url``.
        organization: ``--organization``.
        profile: ``--profile`` or ``VANTAGE_PROFILE``.
        json: ``--json`` given globally.
        debug: ``--debug``: log every request on stderr.
    """

    api_key: str | None = None
    base_url: str | None = None
    organization: str | None = None
    profile: str | None = None
    json: bool = False
    debug: bool = False


def global_options(ctx: typer.Context) -> GlobalOptions:
    """The global options of this invocation.

    Args:
        ctx: Any command's context.

    Returns:
        The options the root command stored (defaults if it stored none).

    Example:
        >>> global_options(ctx).profile
    """
    obj = ctx.find_root().obj
    return obj if isinstance(obj, GlobalOptions) else GlobalOptions()


def wants_json(ctx: typer.Context, local_flag: bool) -> bool:
    """Whether to print JSON: ``--json`` on the command or before it.

    Args:
        ctx: The command's context.
        local_flag: The command's own ``--json``.

    Returns:
        True for JSON output.

    Example:
        >>> wants_json(ctx, False)
    """
    return local_flag or global_options(ctx).json


@contextmanager
def open_client(ctx: typer.Context) -> Iterator[VantageClient]:
    """Build a ``VantageClient`` from flags, profile and environment, and close it after use.

    Args:
        ctx: The command's context.

    Yields:
        The client.

    Raises:
        UsageProblem: No API key could be found anywhere.
        ConfigError: The configuration file or the chosen profile is unusable.

    Example:
        >>> with open_client(ctx) as client:
        ...     client.jobs.get("job-3f9a1c2b7d4e")
    """
    options = global_options(ctx)
    settings = resolve_settings(
        api_key=options.api_key,
        base_url=options.base_url,
        organization=options.organization,
        profile=options.profile,
    )
    if not settings.api_key:
        raise UsageProblem(
            "no API key: pass --api-key, set VANTAGE_API_KEY, or add api_key to a profile in "
            f"{config_path()} (see `vantage --help`)"
        )
    from vantage_sdk import VantageClient

    # None leaves the choice to the SDK's VANTAGE_LOG=debug; the SDK logs to stderr.
    # The SDK reads profiles too: name the one the CLI used, so it never falls back to another.
    with VantageClient(**settings.client_kwargs(), profile=settings.profile, debug=options.debug or None) as client:
        yield client

"""The ``vantage`` command line, built only on the public SDK (install the ``cli`` extra).

Example:
    $ vantage --profile staging jobs list --status running
    $ vantage jobs submit job.yaml --follow
    $ vantage storage cp -r ./data vantage:/datasets/data
    $ vantage clusters get local --json | jq .node_count

Everything heavy (the SDK, rich renderers) is imported inside the commands, so that
``vantage --help`` answers quickly.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Sequence

__all__ = ["main"]

EXIT_API_ERROR = 1
EXIT_USAGE = 2

# The command line's own dependencies, from the `cli` extra.
CLI_MODULES = ("typer", "click", "rich", "shellingham")
CLI_INSTALL_HINT = "Error: the `vantage` command needs the `cli` extra: pip install 'omnivector-vantage-sdk[cli]'"


def main(argv: Sequence[str] | None = None) -> None:
    """Run the ``vantage`` command and exit with its status.

    Exit status: 0 success, 1 API error (message and request id on stderr, no traceback) or
    local I/O error, 2 usage error, 130 interrupted by Ctrl-C.

    Args:
        argv: The arguments after the program name (defaults to ``sys.argv[1:]``).

    Example:
        >>> main(["clusters", "list", "--json"])
        Traceback (most recent call last):
        SystemExit: 0
    """
    try:
        from vantage_sdk.cli._app import build_command

        # rich is imported only by the commands that draw; find it now rather than halfway through one.
        if importlib.util.find_spec("rich") is None:
            raise ModuleNotFoundError("No module named 'rich'", name="rich")
    except ImportError as exc:
        if (exc.name or "").split(".")[0] not in CLI_MODULES:
            raise
        sys.stderr.write(CLI_INSTALL_HINT + "\n")
        sys.exit(EXIT_USAGE)

    from vantage_sdk.cli._config import ConfigError
    from vantage_sdk.cli._context import UsageProblem

    command = build_command()
    try:
        command.main(args=argv, prog_name="vantage")
    except (UsageProblem, ConfigError) as exc:
        _fail(exc, EXIT_USAGE)
    except OSError as exc:
        # A local file problem (permissions, a full disk) deserves a message, not a traceback.
        _fail(exc, EXIT_API_ERROR)
    except Exception as exc:
        from vantage_sdk.exceptions import VantageAPIError, VantageError

        if not isinstance(exc, VantageError):
            raise
        # A request refused before it was sent (bad template, bad arguments) is the caller's
        # mistake, not the API's.
        client_side = isinstance(exc, VantageAPIError) and exc.status_code is None
        _fail(exc, EXIT_USAGE if client_side else EXIT_API_ERROR)


def _fail(exc: Exception, code: int) -> None:
    from vantage_sdk.cli._output import report_error

    report_error(exc)
    sys.exit(code)

"""The ``vantage`` command tree: global options and the jobs/clusters/storage/emulator groups.

Only typer and the CLI's own small modules are imported here; the SDK (httpx, the generated
models) and rich's renderers are imported inside the commands that use them, so
``vantage --help`` stays quick.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
import typer.core
import typer.main

from vantage_sdk.cli import _clusters, _emulator, _jobs, _storage
from vantage_sdk.cli._context import GlobalOptions, JsonOption

__all__ = ["app", "build_command"]

_HELP = (
    "Work with the Vantage job platform from the terminal.\n\n"
    "Connection settings come from, highest first: the flags below; the profile chosen with --profile or "
    "VANTAGE_PROFILE; the environment (VANTAGE_API_KEY, VANTAGE_BASE_URL, VANTAGE_ORGANIZATION); the "
    '"default" profile. Profiles are [profiles.NAME] tables (api_key, base_url, organization, timeout, '
    "max_retries) in ~/.config/vantage/config.toml, or the file VANTAGE_CONFIG names.\n\n"
    "Exit status: 0 success; 1 API error, or a waited-for job that did not succeed; 2 usage error; "
    "130 interrupted by Ctrl-C (an interrupted transfer resumes when run again)."
)

app = typer.Typer(
    name="vantage",
    help=_HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(_jobs.app)
app.add_typer(_clusters.app)
app.add_typer(_storage.app)
app.command(
    "emulator",
    help=_emulator.HELP,
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []},
    add_help_option=False,
)(_emulator.emulator)


def _show_version(value: bool) -> None:
    if value:
        from vantage_sdk import __version__

        typer.echo(f"vantage (omnivector-vantage-sdk {__version__})")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    api_key: Annotated[
        str | None, typer.Option("--api-key", metavar="KEY", help="API key.", show_default=False)
    ] = None,
    base_url: Annotated[
        str | None, typer.Option("--base-url", metavar="URL", help="API base URL.", show_default=False)
    ] = None,
    organization: Annotated[
        str | None, typer.Option("--organization", metavar="ORG", help="Organization to act for.", show_default=False)
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile",
            metavar="NAME",
            envvar="VANTAGE_PROFILE",
            help="Profile from the config file.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
    debug: Annotated[bool, typer.Option("--debug", help="Log every HTTP request and response on stderr.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Store the global options for the command that follows."""
    ctx.obj = GlobalOptions(
        api_key=api_key,
        base_url=base_url,
        organization=organization,
        profile=profile,
        json=as_json,
        debug=debug,
    )


class _PlainArgument(typer.core.TyperArgument):
    """An argument whose usage line reads `ID`, not typer's `{ID}` (as click, git and gh write it)."""

    def make_metavar(self, ctx: Any, *, usage: bool = False) -> str:
        text: str = super().make_metavar(ctx, usage=usage)
        return text[1:-1] if text.startswith("{") and text.endswith("}") else text


def _plain_arguments(command: Any) -> None:
    for param in command.params:
        if type(param) is typer.core.TyperArgument:
            param.__class__ = _PlainArgument
    sub: Any = getattr(command, "commands", {})
    for child in sub.values():
        _plain_arguments(child)


def build_command() -> Any:
    """The click command behind ``vantage``, with plain argument names in its usage lines.

    Example:
        >>> build_command().main(["--help"], prog_name="vantage")
        Traceback (most recent call last):
        SystemExit: 0
    """
    command = typer.main.get_command(app)
    _plain_arguments(command)
    return command

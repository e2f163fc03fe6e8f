"""``vantage emulator``: the local emulator, with exactly the flags of ``vantage-emulator``."""

from __future__ import annotations

import typer

__all__ = ["HELP", "emulator"]

HELP = (
    "Start the local Vantage emulator; takes the same flags as `vantage-emulator` "
    "(see `vantage emulator --help`). Needs the `emulator` extra."
)


def emulator(ctx: typer.Context) -> None:
    """Hand every argument after ``emulator`` to the emulator's own command line."""
    try:
        from vantage_sdk.emulator.__main__ import main as emulator_main
    except ImportError as exc:
        typer.echo(
            f"Error: the emulator is not installed ({exc}); install it with: pip install 'vantage-sdk[emulator]'",
            err=True,
        )
        raise typer.Exit(2) from exc
    emulator_main(list(ctx.args))

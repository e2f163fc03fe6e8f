"""``vantage emulator``: the local emulator, with exactly the flags of ``vantage-emulator``."""

from __future__ import annotations

import typer

__all__ = ["HELP", "INSTALL_HINT", "emulator"]

INSTALL_HINT = "Error: `vantage emulator` needs the `emulator` extra: pip install 'omnivector-vantage-sdk[emulator]'"

HELP = (
    "Start the local Vantage emulator; takes the same flags as `vantage-emulator` "
    "(see `vantage emulator --help`). Needs the omnivector-vantage-emulator package (the `emulator` extra)."
)


def emulator(ctx: typer.Context) -> None:
    """Hand every argument after ``emulator`` to the emulator's own command line."""
    # Imported here, not at the top: the emulator is a separate, optional distribution, and
    # the rest of the CLI must work without it.
    try:
        # `command` checks the emulator's own dependencies and names what to install if one is missing.
        from vantage_emulator import command
    except ImportError as exc:
        missing = exc.name or ""
        if missing == "vantage_emulator" or missing.startswith("vantage_emulator."):
            typer.echo(INSTALL_HINT, err=True)
        else:  # installed, but one of its own dependencies is not
            typer.echo(
                f"Error: the Vantage emulator cannot start ({exc}); reinstall omnivector-vantage-emulator", err=True
            )
        raise typer.Exit(2) from exc
    command.main(list(ctx.args))

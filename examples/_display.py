"""Output for examples/quickstart.py: rich when it is installed, plain ``print`` otherwise.

Nothing here talks to the SDK; it only decides how things look on the terminal.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from typing import Any

try:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table
except ImportError:  # rich is optional: `pip install 'omnivector-vantage-sdk[progress]'` brings it
    Console = None  # type: ignore[assignment,misc]

__all__ = ["Display"]


class Display:
    """Headings, steps, live log lines, tables and transfer progress."""

    def __init__(self) -> None:
        self.rich = Console(highlight=False) if Console is not None else None
        self._started = time.monotonic()

    def _clock(self) -> str:
        return f"{time.monotonic() - self._started:5.1f}s"

    def heading(self, number: int, text: str) -> None:
        if self.rich:
            self.rich.rule(f"[bold cyan]{number}. {escape(text)}", align="left")
        else:
            print(f"\n== {number}. {text} " + "=" * max(3, 70 - len(text)))

    def step(self, text: str) -> None:
        self._line("", "", text)

    def ok(self, text: str) -> None:
        self._line("[green]✔[/] ", "OK ", text)

    def caught(self, text: str) -> None:
        self._line("[yellow]⚠ caught[/] ", "caught: ", text)

    def log(self, line: str) -> None:
        self._line("[magenta]│[/] ", "| ", line)

    def _line(self, rich_mark: str, plain_mark: str, text: str) -> None:
        if self.rich:
            # soft_wrap: long lines are left to the terminal, as print() would, not broken by rich.
            self.rich.print(f"[dim]{self._clock()}[/]  {rich_mark}{escape(text)}", soft_wrap=True)
        else:
            print(f"{self._clock()}  {plain_mark}{text}", flush=True)

    def table(self, title: str, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
        if self.rich:
            table = Table(*columns, title=escape(title), title_justify="left", title_style="bold")
            for row in rows:
                table.add_row(*(escape(str(cell)) for cell in row))
            self.rich.print(table)
            return
        cells = [[str(c) for c in columns]] + [[str(c) for c in row] for row in rows]
        widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
        print(f"{title}:")
        for n, row in enumerate(cells):
            print("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
            if n == 0:
                print("  " + "  ".join("-" * width for width in widths))

    def progress_arguments(self) -> dict[str, Any]:
        """Keyword arguments for ``storage.upload``/``download``: a rich bar, or a text one."""
        if self.rich:
            return {"progress": "rich"}
        return {"progress_callback": _TextBar()}


class _TextBar:
    """``progress_callback(bytes_transferred, total_bytes)`` drawing a bar on one line (every 25% when piped)."""

    def __init__(self) -> None:
        self.tty = sys.stdout.isatty()
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = 100 * done // total
        if not self.tty and percent // 25 == self.shown // 25:
            return
        self.shown = percent
        bar = "#" * (percent // 4) + "." * (25 - percent // 4)
        line = f"  [{bar}] {percent:3d}%  {done / 2**20:7.1f} / {total / 2**20:.1f} MiB"
        if self.tty:
            print("\r" + line, end="\n" if done == total else "", flush=True)
        else:
            print(line, flush=True)

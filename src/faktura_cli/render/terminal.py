"""Rich tables for people. Amounts right-aligned, Norwegian style."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text

from faktura_cli.domain.money import to_display
from faktura_cli.domain.text import printable


def _cell(value: Any) -> Text:
    """A value as plain text: never read as Rich markup (a name like "[link=...]"), and nothing
    stored by an older release can drive the terminal (ESC sequences; SPEC §12)."""
    return Text("" if value is None else printable(str(value)))


def money(ore: int) -> str:
    return to_display(ore, thousands=" ")


def table(title: str | None, columns: list[tuple[str, str]], rows: list[list[Any]]) -> Table:
    """columns: (header, 'l' | 'r' | 'w'): left, right (numbers), or left and wrapping (text).

    Only 'w' columns wrap, so numbers, dates and codes stay whole on narrow terminals.
    """
    t = Table(
        title=None if title is None else printable(title),
        box=box.SIMPLE_HEAD,
        title_justify="left",
        pad_edge=False,
    )
    for header, align in columns:
        t.add_column(header, justify="right" if align == "r" else "left", no_wrap=align != "w")
    for row in rows:
        # Cells may hold markup ("[bold]Sum[/bold]"): callers escape the names they put in.
        t.add_row(*["" if v is None else printable(str(v)) for v in row])
    return t


def key_values(title: str, pairs: list[tuple[str, Any]]) -> Table:
    t = Table(
        title=_cell(title), box=None, show_header=False, title_justify="left", pad_edge=False
    )
    t.add_column(style="bold")
    t.add_column()
    for key, value in pairs:
        if value not in (None, ""):
            t.add_row(key, _cell(value))
    return t

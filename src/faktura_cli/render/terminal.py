"""Rich tables for people. Amounts right-aligned, Norwegian style.

At any width (80 columns too) amounts, dates and numbers are shown whole: only text columns
('w') wrap, and each gets at least the room it needs for its longest word, up to a point. When
even that does not fit, the text columns wrap harder, never the numbers (SPEC 16).
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text

from faktura_cli.domain.identifiers import format_kontonummer
from faktura_cli.domain.money import to_display
from faktura_cli.domain.vat import VatTreatment


def money(ore: int) -> str:
    return to_display(ore, thousands=" ")


def konto(account: str) -> str:
    """A kontonummer as printed on the invoice: 8601.11.17947."""
    return format_kontonummer(account)


def vat_label(vat: VatTreatment) -> str:
    """'25 %', '0 %', 'unntatt', 'ingen mva' (a company outside the VAT register)."""
    if vat.code == "exempt":
        return "unntatt"
    if vat.code == "none":
        return "ingen mva"
    return f"{vat.percent_text} %"


def table(title: str | None, columns: list[tuple[str, str]], rows: list[list[Any]]) -> Fitted:
    """columns: (header, 'l' | 'r' | 'w'): left, right (numbers), or left and wrapping (text).

    Only 'w' columns wrap, so numbers, dates and codes stay whole on narrow terminals.
    """
    return Fitted(title, columns, [["" if v is None else str(v) for v in row] for row in rows])


class Fitted:
    """A table laid out for the width it is printed at: every column that must stay whole gets
    its widest cell, the text columns share what is left (each at least a short word's room)."""

    GAP = 3  # a column's right padding, the separator, the next one's left padding
    MIN_TEXT = 6
    LONGEST_WORD = 14

    def __init__(self, title: str | None, columns: list[tuple[str, str]], cells: list[list[str]]):
        self.title = title
        self.columns = columns
        self.cells = cells

    def natural(self) -> list[int]:
        return [
            max([cell_len(header), *(cell_len(row[k]) for row in self.cells)])
            for k, (header, _) in enumerate(self.columns)
        ]

    def fits(self, available: int) -> bool:
        """Whether the columns that must stay whole fit, with room for the text columns."""
        natural = self.natural()
        text = [k for k, (_, align) in enumerate(self.columns) if align == "w"]
        fixed = sum(w for k, w in enumerate(natural) if k not in text)
        floors = sum(min(natural[k], self.MIN_TEXT) for k in text)
        return fixed + floors + self.GAP * (len(self.columns) - 1) <= available

    def widths(self, available: int) -> list[int]:
        natural = self.natural()
        text = [k for k, (_, align) in enumerate(self.columns) if align == "w"]
        fixed = sum(w for k, w in enumerate(natural) if k not in text)
        room = available - self.GAP * (len(self.columns) - 1) - fixed
        wanted = sum(natural[k] for k in text)
        if not text or wanted <= room:
            return natural
        # Room for a column's longest word (up to a point), so words wrap instead of breaking.
        floors = {
            k: min(
                natural[k],
                self.LONGEST_WORD,
                max(
                    cell_len(word)
                    for row in [[h for h, _ in self.columns], *self.cells]
                    for word in (plain(row[k]).split() or [""])
                ),
            )
            for k in text
        }
        if sum(floors.values()) > room:
            floors = {k: max(self.MIN_TEXT, floors[k] * room // sum(floors.values())) for k in text}
        spare = max(room - sum(floors.values()), 0)
        extra = {k: natural[k] - floors[k] for k in text}
        total_extra = sum(extra.values()) or 1
        widths = list(natural)
        for k in text:
            widths[k] = floors[k] + spare * extra[k] // total_extra
        return widths

    def build(self, available: int) -> Table:
        t = Table(
            title=self.title,
            box=box.SIMPLE_HEAD,
            title_justify="left",
            pad_edge=False,
            show_edge=False,
        )
        for (header, align), width in zip(self.columns, self.widths(available), strict=True):
            t.add_column(
                header,
                justify="right" if align == "r" else "left",
                no_wrap=align != "w",
                width=width,
                overflow="fold",
            )
        for row in self.cells:
            t.add_row(*row)
        return t

    def __rich_console__(self, console, options):  # type: ignore[no-untyped-def]
        yield self.build(options.max_width)


class Either:
    """`wide` where it fits whole, else `narrow` (a layout with fewer columns)."""

    def __init__(self, wide: Fitted, narrow: Fitted) -> None:
        self.wide = wide
        self.narrow = narrow

    def __rich_console__(self, console, options):  # type: ignore[no-untyped-def]
        chosen = self.wide if self.wide.fits(options.max_width) else self.narrow
        yield chosen.build(options.max_width)


def plain(cell: str) -> str:
    """A cell's text without Rich markup."""
    return Text.from_markup(cell).plain if "[" in cell else cell


def cell_len(cell: str) -> int:
    return Text.from_markup(cell).cell_len if "[" in cell else len(cell)


def key_values(title: str, pairs: list[tuple[str, Any]]) -> Table:
    t = Table(title=title, box=None, show_header=False, title_justify="left", pad_edge=False)
    t.add_column(style="bold", no_wrap=True)
    t.add_column(overflow="fold")
    for key, value in pairs:
        if value not in (None, ""):
            t.add_row(key, str(value))
    return t

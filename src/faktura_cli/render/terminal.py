"""Tables for people. Amounts right-aligned, Norwegian style.

A table is drawn in Rich's look (`box.SIMPLE_HEAD`, or no box for key/value pairs). Importing
Rich costs ~30 ms, a third of an everyday command, so the tables that fit the width are drawn
here, character for character as Rich draws them (tests/test_terminal.py holds the two equal);
anything else (a table wider than the terminal, cells with other markup or wide characters)
goes to Rich itself.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from typing import Any, TextIO

from faktura_cli.domain.identifiers import format_kontonummer
from faktura_cli.domain.money import to_display
from faktura_cli.domain.text import printable
from faktura_cli.domain.vat import VatTreatment

_BOLD = re.compile(r"\[bold\](.*?)\[/bold\]")
# What only Rich draws right: markup or emoji codes, and characters that are not one column wide.
_NOT_MARKUP_FREE = r"[\[\]\\]"
_NOT_PLAIN = r":\S+?:|[^\x20-\x7e\xa0-\u02ff\u2013\u2014\u2018-\u201e\u2026\u20ac]"
_RICH_ONLY = re.compile(f"{_NOT_MARKUP_FREE}|{_NOT_PLAIN}")
_RICH_ONLY_LITERAL = re.compile(_NOT_PLAIN)  # text printed with markup=False
_HEAD_RULE = "\u2500"
_TAG = re.compile(r"(\\*)(\[[a-z#/@][^[]*?])")


def escape(markup: str) -> str:
    """Text shown as it is inside a cell with markup (rich.markup.escape, without Rich)."""

    def backslashes(match: re.Match[str]) -> str:
        slashes, text = match.groups()
        return f"{slashes}{slashes}\\{text}"

    markup = _TAG.sub(backslashes, markup)
    if markup.endswith("\\") and not markup.endswith("\\\\"):
        return markup + "\\"
    return markup


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


class Markup(str):
    """Cell text with Rich markup the program wrote itself (`bold`). Every other cell is text
    shown exactly as it is: a customer named `[link=https://x]y` or `:smile:` prints as that,
    whether the table is drawn here or by Rich (SPEC 12: nothing stored drives the terminal)."""


def bold(text: str) -> Markup:
    """A cell in bold; `text` (a name, say) is shown as it is."""
    return Markup(f"[bold]{escape(printable(text))}[/bold]")


def _cell_value(value: Any) -> str:
    if isinstance(value, Markup):
        return value
    # printable: nothing stored by an older release can drive the terminal (SPEC §12).
    return "" if value is None else printable(str(value))


def _unmarked(text: str) -> str:
    """The characters a cell shows: bold markup dropped from Markup, any other text as it is."""
    return _BOLD.sub(r"\1", text) if isinstance(text, Markup) else text


@dataclass(frozen=True)
class Table:
    """A table to print: columns (header, 'l' | 'r' | 'w') and rows of cell texts."""

    title: str | None
    columns: tuple[tuple[str, str], ...]
    rows: tuple[tuple[str, ...], ...]
    show_header: bool = True
    first_bold: bool = False  # key/value pairs: the keys in bold, no box


def table(title: str | None, columns: list[tuple[str, str]], rows: list[list[Any]]) -> Table:
    """columns: (header, 'l' | 'r' | 'w'): left, right (numbers), or left and wrapping (text).

    Only 'w' columns wrap (when Rich draws a table too wide for the terminal), so numbers,
    dates and codes stay whole on narrow terminals.
    """
    return Table(
        None if title is None else printable(title),
        tuple(columns),
        tuple(tuple(_cell_value(v) for v in row) for row in rows),
    )


def key_values(title: str, pairs: list[tuple[str, Any]]) -> Table:
    return Table(
        printable(title),
        (("", "l"), ("", "l")),
        tuple((key, _cell_value(value)) for key, value in pairs if value not in (None, "")),
        show_header=False,
        first_bold=True,
    )


GAP = 3  # between two columns: a padding, the separator, a padding
MIN_TEXT = 6
LONGEST_WORD = 14


def _plain(text: str) -> str:
    return _unmarked(text)


def _natural(t: Table) -> list[int]:
    return [
        max([len(header), *(len(_plain(row[k])) for row in t.rows)])
        for k, (header, _) in enumerate(t.columns)
    ]


def fits(t: Table, width: int) -> bool:
    """Whether the columns that must stay whole (all but 'w') fit, with room for the text."""
    natural = _natural(t)
    text = [k for k, (_, align) in enumerate(t.columns) if align == "w"]
    fixed = sum(w for k, w in enumerate(natural) if k not in text)
    floors = sum(min(natural[k], MIN_TEXT) for k in text)
    return fixed + floors + GAP * (len(t.columns) - 1) <= width


def widths(t: Table, available: int) -> list[int]:
    """Columns for `available` characters (SPEC 16): every column but the text ones ('w') gets
    its widest cell, so amounts and dates are never cut; the text columns share what is left,
    each at least its longest word (up to a point), and wrap."""
    natural = _natural(t)
    text = [k for k, (_, align) in enumerate(t.columns) if align == "w"]
    fixed = sum(w for k, w in enumerate(natural) if k not in text)
    room = available - GAP * (len(t.columns) - 1) - fixed
    if not text or sum(natural[k] for k in text) <= room:
        return natural
    floors = {
        k: min(
            natural[k],
            LONGEST_WORD,
            max(
                len(word)
                for row in [tuple(h for h, _ in t.columns), *t.rows]
                for word in (_plain(row[k]).split() or [""])
            ),
        )
        for k in text
    }
    if sum(floors.values()) > room:
        floors = {k: max(MIN_TEXT, floors[k] * room // sum(floors.values())) for k in text}
    spare = max(room - sum(floors.values()), 0)
    extra = {k: natural[k] - floors[k] for k in text}
    total_extra = sum(extra.values()) or 1
    out = list(natural)
    for k in text:
        out[k] = floors[k] + spare * extra[k] // total_extra
    return out


@dataclass(frozen=True)
class Either:
    """`wide` where it fits whole, else `narrow` (a layout with fewer columns)."""

    wide: Table
    narrow: Table


def _rich_would_cut(t: Table, width: int) -> bool:
    """Rich narrows the text columns down to their longest word, then cuts every column alike
    (amounts too): whether this table needs that last resort at `width`."""
    natural = _natural(t)
    need = 2 + GAP * (len(t.columns) - 1)  # the box's edges and the gaps
    for k, (_, align) in enumerate(t.columns):
        if align == "w":
            need += max(
                len(word)
                for row in [tuple(h for h, _ in t.columns), *t.rows]
                for word in (_plain(row[k]).split() or [""])
            )
        else:
            need += natural[k]
    return need > width


def to_rich(t: Table, width: int | None = None) -> Any:
    """The same table as a Rich Table. Where Rich would cut amounts or dates to fit `width`,
    laid out by `widths` instead: the text columns wrap harder, the others stay whole."""
    if width is not None and not _rich_would_cut(t, width):
        width = None
    from rich import box
    from rich.table import Table as RichTable
    from rich.text import Text

    def cell(text: str) -> Text:
        # Markup the program wrote is parsed (without emoji codes); all else is literal text.
        if isinstance(text, Markup):
            return Text.from_markup(text, emoji=False)
        return Text(text)

    title = None if t.title is None else Text(t.title, style="table.title")
    # A title longer than its table widens the table rather than wrapping (a report's heading
    # stays one line, as `draw` prints it when it fits).
    min_width = len(t.title) if t.title else None
    if t.first_bold:
        out = RichTable(
            title=title,
            box=None,
            show_header=False,
            title_justify="left",
            pad_edge=False,
            min_width=min_width,
        )
        out.add_column(style="bold")
        out.add_column()
    else:
        out = RichTable(
            title=title,
            box=box.SIMPLE_HEAD,
            title_justify="left",
            pad_edge=False,
            show_edge=width is None,
            min_width=min_width,
        )
        sizes = widths(t, width) if width is not None else [None] * len(t.columns)
        for (header, align), size in zip(t.columns, sizes, strict=True):
            out.add_column(
                header,
                justify="right" if align == "r" else "left",
                no_wrap=align != "w",
                width=size,
                overflow="fold",
            )
    for row in t.rows:
        out.add_row(*(cell(text) for text in row))
    return out


def _cell(text: str, style: bool) -> tuple[str, int]:
    """A cell's text as printed (bold markup to ANSI, or dropped) and its width."""
    plain = _unmarked(text)
    if style and plain != text:
        text = _BOLD.sub(lambda m: f"\x1b[1m{m.group(1)}\x1b[0m" if m.group(1) else "", text)
    else:
        text = plain
    return text, len(plain)


def draw(t: Table, *, width: int, style: bool) -> str | None:
    """The table as Rich draws it at `width` columns, or None if only Rich can draw it."""
    if not t.rows and not t.show_header:
        return None
    texts = [tuple(h for h, _ in t.columns)] if t.show_header else []
    texts += t.rows
    for row in texts:
        for text in row:
            plain = _unmarked(text)
            # Rich strips the ends of a justified cell after measuring them: leave those to it.
            if _RICH_ONLY.search(plain) or plain != plain.strip() or "  " in plain:
                return None
    cells = [[_cell(text, style) for text in row] for row in texts]
    if t.title and _RICH_ONLY.search(t.title):
        return None
    count = len(t.columns)
    widths = [max((row[k][1] for row in cells), default=0) for k in range(count)]
    if count == 1:  # Rich gives a column with its padding at least one character
        widths[0] = max(widths[0], 1)
    if t.first_bold:  # no box: one space of padding between columns, none at the edges
        gap, edge, inner = "  ", "", sum(widths) + 2 * (count - 1)
    else:  # SIMPLE_HEAD: a space for the box edge, one of padding either side between columns
        gap, edge, inner = "   ", " ", sum(widths) + 3 * (count - 1)
    total = inner + 2 * len(edge)
    if total > width or (t.title and len(t.title) > total):
        return None
    aligns = [align for _, align in t.columns]

    def line(row: list[tuple[str, int]], header: bool) -> str:
        parts = []
        for k, (text, used) in enumerate(row):
            pad = " " * (widths[k] - used)
            if style and ((header and text) or (t.first_bold and k == 0)):
                text = f"\x1b[1m{text}\x1b[0m"
            parts.append(pad + text if aligns[k] == "r" else text + pad)
        return edge + gap.join(parts) + edge

    lines = []
    if t.title:
        title = t.title.ljust(total)
        lines.append(f"\x1b[3m{t.title}\x1b[0m" + title[len(t.title) :] if style else title)
    body = cells
    if not t.first_bold:
        lines.append(" " * total)
    if t.show_header:
        lines.append(line(cells[0], True))
        lines.append(edge + _HEAD_RULE * inner + edge)
        body = cells[1:]
    lines.extend(line(row, False) for row in body)
    if not t.first_bold:
        lines.append(" " * total)
    return "\n".join(lines) + "\n"


class Out:
    """Console output: tables and lines, through Rich only when they need it."""

    def __init__(self, file: TextIO | None = None) -> None:
        self.file = file or sys.stdout
        self.tty = self.file.isatty()
        self._rich: Any = None

    @property
    def width(self) -> int:
        columns = os.environ.get("COLUMNS", "")
        if columns.isdigit():
            return int(columns)
        if not self.tty:
            return 140  # piped (a cron mail, a file): room for whole rows, not Rich's 80
        try:
            return os.get_terminal_size(self.file.fileno()).columns
        except (OSError, ValueError):
            return 80

    @property
    def style(self) -> bool:
        return self.tty and os.environ.get("TERM") != "dumb"

    def rich(self) -> Any:
        if self._rich is None:
            from rich.console import Console

            self._rich = Console(highlight=False, width=self.width, file=self.file)
        return self._rich

    def print(self, item: Table | Either | str | Any, **options: Any) -> None:
        """A table or a line, as `rich.console.Console.print` would print it.

        Options other than `markup=False` (a line shown as it is) go to Rich.
        """
        literal = options.pop("markup", True) is False
        if isinstance(item, Either):
            item = item.wide if fits(item.wide, self.width) else item.narrow
        if options or not isinstance(item, Table | str):  # other renderables: Rich's
            self.rich().print(item, markup=not literal, **options)
            return
        if isinstance(item, Table):
            text = draw(item, width=self.width, style=self.style)
            if text is None:
                self.rich().print(to_rich(item, self.width))
                return
        elif literal:
            if _RICH_ONLY_LITERAL.search(item) or len(item) > self.width:
                self.rich().print(item, markup=False)
                return
            text = item + "\n"
        else:
            plain = _BOLD.sub(r"\1", item)
            if _RICH_ONLY.search(plain) or len(plain) > self.width:
                self.rich().print(item)
                return
            text = _cell(Markup(item), self.style)[0] + "\n"  # a line is the program's markup
        self.file.write(text)

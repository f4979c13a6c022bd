"""Help screens in Typer's Rich look, drawn without importing Rich.

Importing Rich's console, panel and table costs ~25 ms, two times `python -c pass`, and `--help`
must stay within 10× `python -c pass` (SPEC §17) without giving up Rich's look (SPEC §10). A help
screen is a few padded paragraphs and panels (a rounded box with a title around a grid of
cells); `draw` lays them out as Rich does, character for character: its word wrapping, its grid
column widths (`rich.table.Table._calculate_column_widths`, `rich._ratio`) and its `Columns`.
`to_rich` builds the same screen from Rich's own renderables; `tests/test_help.py` holds the two
equal for every command at many widths. What only Rich lays out right (characters that are not
one column wide, a terminal narrower than MIN_WIDTH) goes to Rich.

In a terminal the styles are written as SGR codes, one run at a time. The records here are
NamedTuples: a frozen dataclass costs ~0.5 ms to create at import.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Sequence
from itertools import pairwise
from math import ceil
from typing import Any, NamedTuple, TextIO

MIN_WIDTH = 40
# One column wide each (Latin, punctuation, arrows, box drawing); anything else goes to Rich.
_NARROW = re.compile(r"[\x20-\x7e\xa0-\u02ff\u2010-\u2027\u2030-\u205e\u2190-\u21ff\u2500-\u257f]*")
_TRAILING_SPACE = re.compile(r"\s+$")
_WORD = re.compile(r"\s*\S+\s*")

_SGR = {"bold": "1", "dim": "2", "italic": "3", "red": "31", "green": "32", "yellow": "33"}
_SGR |= {"magenta": "35", "cyan": "36"}
_ATTRIBUTES = ("bold", "dim", "italic")


class Text(NamedTuple):
    """Runs of (text, style); `style` underlies them all. `fold`: a word too long for its cell
    is folded onto the next lines (else it ends in "…")."""

    runs: tuple[tuple[str, str], ...]
    style: str = ""
    fold: bool = False

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.runs)


class Flow(NamedTuple):
    """Texts side by side as far as they fit, else one under the other (Rich's `Columns`)."""

    items: tuple[Text, ...]


Cell = Text | Flow


class Paragraph(NamedTuple):
    """A text padded by `top` blank lines, one space at either side and `bottom` blank lines."""

    text: Text
    top: int = 0
    bottom: int = 1
    style: str = ""  # under the whole paragraph, as `console.print(..., style=)`


class Panel(NamedTuple):
    """A titled rounded box (dim) around a grid: the cells left-aligned, one space between."""

    title: str
    rows: tuple[tuple[Cell, ...], ...]


Block = Paragraph | Panel


def text(*runs: tuple[str, str] | str, style: str = "", fold: bool = False) -> Text:
    return Text(tuple((r, "") if isinstance(r, str) else r for r in runs), style, fold)


def highlighted(plain: str, patterns: Sequence[tuple[str, str]]) -> Text:
    """`plain` with every match of each (regex, style) in that style (Rich's highlight_regex)."""
    styles = [""] * len(plain)
    for pattern, style in patterns:
        for match in re.finditer(pattern, plain):
            for k in range(*match.span()):
                styles[k] = _combine(styles[k], style)
    return Text(tuple(_runs(plain, styles)))


# ------------------------------------------------------------------------------ lines of chars


class _Line:
    """Characters with a style each."""

    __slots__ = ("chars", "styles")

    def __init__(self, chars: str = "", styles: list[str] | None = None) -> None:
        self.chars = chars
        self.styles = styles if styles is not None else [""] * len(chars)

    def __add__(self, other: _Line) -> _Line:
        return _Line(self.chars + other.chars, self.styles + other.styles)

    def cut(self, start: int, end: int) -> _Line:
        return _Line(self.chars[start:end], self.styles[start:end])

    def sized(self, width: int, style: str = "") -> _Line:
        """Cropped or padded (in `style`) to `width`."""
        if len(self.chars) >= width:
            return self.cut(0, width)
        return self + _blank(width - len(self.chars), style)


def _blank(width: int, style: str = "") -> _Line:
    return _Line(" " * width, [style] * width)


def _combine(under: str, over: str) -> str:
    """Rich's Style addition: attributes add up, the later colour wins."""
    if not under:
        return over
    if not over:
        return under
    words = under.split() + over.split()
    colour = [w for w in words if w not in _ATTRIBUTES][-1:]
    return " ".join([a for a in _ATTRIBUTES if a in words] + colour)


def _runs(chars: str, styles: list[str]) -> Iterable[tuple[str, str]]:
    start = 0
    for k in range(1, len(chars) + 1):
        if k == len(chars) or styles[k] != styles[start]:
            yield chars[start:k], styles[start]
            start = k


def _line_of(t: Text) -> _Line:
    chars = "".join(r for r, _ in t.runs)
    styles = [_combine(t.style, s) for r, s in t.runs for _ in r]
    return _Line(chars, styles)


# -------------------------------------------------------------------------------- Rich's rules


def _measure(t: Text) -> tuple[int, int]:
    """Rich's Text.__rich_measure__: the longest word, the longest line."""
    plain = t.plain
    lines = plain.splitlines()
    longest = max((len(line) for line in lines), default=0)
    words = plain.split()
    return (max(len(w) for w in words) if words else longest), longest


def _divide(plain: str, width: int, fold: bool) -> list[int]:
    """rich._wrap.divide_line for text of one-column characters."""
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(plain):
        start, word = match.start(), match.group(0)
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:
            if fold:
                pieces = [word[k : k + width] for k in range(0, len(word), width)]
                for last, piece in ((k == len(pieces) - 1, p) for k, p in enumerate(pieces)):
                    if start:
                        breaks.append(start)
                    if last:
                        offset = len(piece)
                    else:
                        start += len(piece)
            else:
                if start:
                    breaks.append(start)
                offset = len(word)
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    return breaks


def _wrap(t: Text, width: int, *, overflow: str, pad: bool) -> list[_Line]:
    """Rich's Text.wrap (justify left when `pad`, else default) and truncate, per line."""
    overflow = "fold" if t.fold else overflow
    whole = _line_of(t)
    out: list[_Line] = []
    start = 0
    for part in whole.chars.split("\n"):
        line = whole.cut(start, start + len(part))
        start += len(part) + 1
        bounds = [0, *_divide(part, width, overflow == "fold"), len(part)]
        for a, b in pairwise(bounds):
            piece = line.cut(a, b)
            excess = len(piece.chars) - width
            if excess > 0:
                trailing = _TRAILING_SPACE.search(piece.chars)
                if trailing:
                    piece = piece.cut(0, len(piece.chars) - min(len(trailing.group(0)), excess))
            if len(piece.chars) > width:
                if overflow == "ellipsis":
                    piece = piece.cut(0, width - 1) + _Line("…", [piece.styles[width - 1]])
                else:
                    piece = piece.cut(0, width)
            if pad and len(piece.chars) < width:
                piece = piece + _blank(width - len(piece.chars), t.style)
            out.append(piece)
    return out


def _ratio_reduce(
    total: int, ratios: list[int], maximums: list[int], values: list[int]
) -> list[int]:
    ratios = [r if m else 0 for r, m in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    out = []
    for ratio, maximum, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            part = min(maximum, round(ratio * remaining / total_ratio))
            out.append(value - part)
            remaining -= part
            total_ratio -= ratio
        else:
            out.append(value)
    return out


def _ratio_distribute(total: int, ratios: list[int]) -> list[int]:
    total_ratio = sum(ratios)
    remaining = total
    out = []
    for ratio in ratios:
        part = ceil(ratio * remaining / total_ratio) if total_ratio > 0 else remaining
        out.append(part)
        total_ratio -= ratio
        remaining -= part
    return out


def _collapse(widths: list[int], max_width: int) -> list[int]:
    """rich.table.Table._collapse_widths, every column wrapable."""
    total = sum(widths)
    excess = total - max_width
    while total and excess > 0:
        widest = max(widths)
        second = max((w if w != widest else 0) for w in widths)
        if not widest - second:
            break
        ratios = [1 if w == widest else 0 for w in widths]
        widths = _ratio_reduce(excess, ratios, [min(excess, widest - second)] * len(widths), widths)
        total = sum(widths)
        excess = total - max_width
    return widths


def _cell_measure(cell: Cell | None, max_width: int, extra: int) -> tuple[int, int]:
    """Measurement.get of the cell in its Padding (extra = its left + right padding)."""
    if max_width - extra < 1:
        return max_width, max_width
    if isinstance(cell, Flow):  # Columns cannot measure itself: anything up to the width
        low, high = 0, max_width
    else:
        low, high = _measure(cell) if cell is not None else (0, 0)
        low, high = min(max(0, low), high), max(0, low, high)
        low, high = min(low, max_width), min(high, max_width)
        if high < 1:
            low, high = 0, 0
    return min(low + extra, max_width), min(high + extra, max_width)


class _Grid:
    """A borderless Rich Table: cells padded (left, right) by column."""

    def __init__(
        self, rows: Sequence[Sequence[Cell | None]], pads: Sequence[tuple[int, int]], expand: bool
    ) -> None:
        self.rows = rows
        self.pads = pads
        self.expand = expand

    def widths(self, max_width: int) -> list[int]:
        columns = range(len(self.pads))

        def measure(k: int, width: int) -> tuple[int, int]:
            extra = sum(self.pads[k])
            found = [_cell_measure(row[k], width, extra) for row in self.rows]
            low = max((f[0] for f in found), default=1)
            high = max((f[1] for f in found), default=width)
            return min(low, width), min(high, width)

        if max_width < 1:
            return [0 for _ in columns]
        widths = [measure(k, max_width)[1] or 1 for k in columns]
        table_width = sum(widths)
        if table_width > max_width:
            widths = _collapse(widths, max_width)
            table_width = sum(widths)
            if table_width > max_width:
                widths = _ratio_reduce(table_width - max_width, [1] * len(widths), widths, widths)
                table_width = sum(widths)
            widths = [
                (measure(k, w)[1] if w >= 1 else 0) for k, w in zip(columns, widths, strict=True)
            ]
        if table_width < max_width and self.expand:
            pads = _ratio_distribute(max_width - table_width, widths)
            widths = [w + p for w, p in zip(widths, pads, strict=True)]
        return widths

    def lines(self, max_width: int) -> list[_Line]:
        widths = self.widths(max_width)
        out: list[_Line] = []
        for row in self.rows:
            cells = []
            for k, cell in enumerate(row):
                left, right = self.pads[k]
                inner = widths[k] - left - right
                body = _cell_lines(cell, inner) if inner > 0 else []
                cells.append([_blank(left) + b.sized(inner) + _blank(right) for b in body])
            height = max((len(c) for c in cells), default=0)
            for n in range(height):
                line = _Line()
                for k, cell_lines in enumerate(cells):
                    line = line + (cell_lines[n] if n < len(cell_lines) else _blank(widths[k]))
                out.append(line)
        return out


def _cell_lines(cell: Cell | None, width: int) -> list[_Line]:
    if cell is None:
        return [_blank(width)]
    if isinstance(cell, Flow):
        return _flow(cell, width)
    return _wrap(cell, width, overflow="ellipsis", pad=True)


def _flow(flow: Flow, max_width: int) -> list[_Line]:
    """rich.columns.Columns (padding (0, 1), row by row, not equal, not expanded)."""
    items = list(flow.items)
    if not items:
        return []
    sizes = [_cell_measure(t, max_width, 0)[1] for t in items]
    count = len(items)
    while count > 1:
        widths: dict[int, int] = {}
        column = 0
        cells = list(sizes) + [0] * ((count - len(items) % count) % count)
        for size in cells:
            widths[column] = max(widths.get(column, 0), size)
            if sum(widths.values()) + (len(widths) - 1) > max_width:
                count = len(widths) - 1
                break
            column = (column + 1) % count
        else:
            break
    padded: list[Text | None] = [*items, *[None] * ((count - len(items) % count) % count)]
    rows = [padded[k : k + count] for k in range(0, len(padded), count)]
    pads = [(0, 1)] * (count - 1) + [(0, 0)]
    return _Grid(rows, pads, expand=False).lines(max_width)


# ---------------------------------------------------------------------------------- the screen


def _paragraph(p: Paragraph, width: int) -> list[_Line]:
    inner = width - 2
    body = [b.sized(inner) for b in _wrap(p.text, inner, overflow="fold", pad=False)]
    lines = [_blank(width)] * p.top + [_blank(1) + b + _blank(1) for b in body]
    lines += [_blank(width)] * p.bottom
    if p.style:
        lines = [_Line(x.chars, [_combine(p.style, s) for s in x.styles]) for x in lines]
    return lines


def _panel(p: Panel, width: int) -> list[_Line]:
    count = len(p.rows[0]) if p.rows else 0
    pads = [(int(k > 0), int(k < count - 1)) for k in range(count)]
    body = _Grid(p.rows, pads, expand=True).lines(width - 4)
    title = f" {p.title} "[: width - 4]
    top = _Line("╭─", ["dim"] * 2) + _Line(title, ["dim"] * len(title))
    top = top + _Line("─" * (width - 4 - len(title)) + "─╮", ["dim"] * (width - 2 - len(title)))
    side = _Line("│", ["dim"])
    lines = [top]
    lines += [side + _blank(1) + b.sized(width - 4) + _blank(1) + side for b in body]
    lines.append(_Line("╰" + "─" * (width - 2) + "╯", ["dim"] * width))
    return lines


def drawable(blocks: Sequence[Block], width: int) -> bool:
    """Whether `draw` lays these out as Rich does (else they go to Rich)."""
    if width < MIN_WIDTH:
        return False
    texts: list[Text] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            texts.append(block.text)
        else:
            texts.append(text(block.title))
            for row in block.rows:
                for cell in row:
                    texts.extend(cell.items if isinstance(cell, Flow) else [cell])
    return all(_NARROW.fullmatch(t.plain.replace("\n", " ")) for t in texts)


def draw(blocks: Sequence[Block], width: int, *, style: bool, colour: bool = True) -> str:
    """The screen as Rich prints it at `width` columns; SGR styles when `style`."""
    out = []
    for block in blocks:
        lines = _paragraph(block, width) if isinstance(block, Paragraph) else _panel(block, width)
        for line in lines:
            if style:
                out.append(
                    "".join(_sgr(run, s, colour) for run, s in _runs(line.chars, line.styles))
                )
            else:
                out.append(line.chars)
    return "".join(line + "\n" for line in out)


def _sgr(run: str, style: str, colour: bool) -> str:
    codes = [_SGR[w] for w in style.split() if w in _SGR and (colour or w in _ATTRIBUTES)]
    return f"\x1b[{';'.join(codes)}m{run}\x1b[0m" if codes else run


# ------------------------------------------------------------------------ the terminal, Rich


def terminal(file: TextIO | None = None) -> tuple[int, bool, bool]:
    """(width, style, colour) as Rich's Console decides them for `file` (stdout)."""
    file = file or sys.stdout
    env = os.environ
    force = env.get("FORCE_COLOR")
    try:
        tty = file.isatty()
    except (AttributeError, ValueError):
        tty = False
    is_terminal = bool(force) if force is not None else tty
    dumb = is_terminal and env.get("TERM", "").lower() in ("dumb", "unknown")
    width = None
    if not dumb:
        for fd in (0, 1, 2):
            try:
                width = os.get_terminal_size(fd).columns
            except (AttributeError, ValueError, OSError):
                continue
            break
    columns = env.get("COLUMNS", "")
    if columns.isdigit():
        width = int(columns)
    style = is_terminal and not dumb
    return (80 if dumb else width or 80), style, style and "NO_COLOR" not in env


def to_rich(blocks: Sequence[Block]) -> list[Any]:
    """The same screen as Rich renderables (for what `draw` leaves to Rich, and the tests)."""
    from rich import box
    from rich.columns import Columns
    from rich.padding import Padding
    from rich.panel import Panel as RichPanel
    from rich.table import Table
    from rich.text import Text as RichText

    def rich_text(t: Text) -> Any:
        out = RichText(style=t.style, overflow="fold" if t.fold else None)
        for run, style in t.runs:
            out.append(run, style or None)
        return out

    def cell(c: Cell | None) -> Any:
        if c is None:
            return ""
        if isinstance(c, Flow):
            return Columns([rich_text(t) for t in c.items])
        return rich_text(c)

    out: list[Any] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            padding = (block.top, 1, block.bottom, 1)
            out.append((Padding(rich_text(block.text), padding), block.style or None))
            continue
        table = Table(
            highlight=False,
            show_header=False,
            expand=True,
            box=None,
            padding=(0, 1),
            pad_edge=False,
        )
        for row in block.rows:
            table.add_row(*(cell(c) for c in row))
        rich_panel = RichPanel(
            table, title=block.title, title_align="left", border_style="dim", box=box.ROUNDED
        )
        out.append((rich_panel, None))
    return out


def show(blocks: Sequence[Block], file: TextIO | None = None) -> None:
    """Print the screen: drawn here when it can be, else by Rich."""
    file = file or sys.stdout
    width, style, colour = terminal(file)
    if drawable(blocks, width):
        file.write(draw(blocks, width, style=style, colour=colour))
        return
    from rich.console import Console

    console = Console(highlight=False, file=file)
    for renderable, block_style in to_rich(blocks):
        console.print(renderable, style=block_style)

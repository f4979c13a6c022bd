"""Tables drawn without Rich are the tables Rich draws, character for character."""

from __future__ import annotations

import io
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.markup import escape as rich_escape

from faktura_cli.render.terminal import (
    Out,
    Table,
    bold,
    draw,
    escape,
    key_values,
    table,
    to_rich,
)

ANSI = re.compile(r"\x1b\[[0-9;]*m")
words = st.text(alphabet=st.sampled_from(list("abcæøå ÆØÅ019.,-–'()/&%[]:\\#@\u00a0é€")), max_size=14)
cells = st.one_of(words, words.map(bold), st.sampled_from(["", " "]))


def rich_text(t: Table, *, width: int = 140, tty: bool = False) -> str:
    out = io.StringIO()
    colors = {"force_terminal": True, "color_system": "standard"} if tty else {}
    Console(highlight=False, width=width, file=out, **colors).print(to_rich(t))  # type: ignore[arg-type]
    return out.getvalue()


@st.composite
def tables(draw_: st.DrawFn) -> Table:
    count = draw_(st.integers(1, 6))
    columns = draw_(st.lists(st.tuples(words, st.sampled_from("lrw")), min_size=count,
                             max_size=count))  # fmt: skip
    rows = draw_(st.lists(st.lists(cells, min_size=count, max_size=count), max_size=5))
    title = draw_(st.one_of(st.none(), words))
    if draw_(st.booleans()):
        return key_values(title or "T", [(r[0], r[-1]) for r in rows])
    return table(title, columns, rows)


@settings(max_examples=400, deadline=None)
@given(tables(), st.sampled_from([140, 60, 30, 12]))
def test_a_table_is_drawn_as_rich_draws_it(t: Table, width: int) -> None:
    drawn = draw(t, width=width, style=False)
    if drawn is not None:
        assert drawn == rich_text(t, width=width)
        # At a terminal: the same characters, in bold and italics where Rich puts them.
        styled = draw(t, width=width, style=True)
        assert styled is not None
        assert ANSI.sub("", styled) == ANSI.sub("", rich_text(t, width=width, tty=True))


def test_the_everyday_tables_are_drawn_without_rich() -> None:
    invoices = table(
        None,
        [("No.", "r"), ("Customer", "w"), ("Date", "l"), ("Total", "r")],
        [[1, "10001 Fjordtech AS", "2026-01-01", "6 125,00"], [2, "10002 Ål & Bø", None, ""]],
    )
    assert draw(invoices, width=140, style=False) == rich_text(invoices)
    pairs = key_values("Invoice 3", [("Customer", "10001 X"), ("Reason", None), ("KID", 123)])
    assert draw(pairs, width=140, style=False) == rich_text(pairs)
    ledger = table("Customer ledger", [("Customer", "w"), ("Open", "r")],
                   [[bold("10001 A [AS]"), "1,00"], [bold("Sum"), "1,00"]])  # fmt: skip
    assert draw(ledger, width=140, style=False) is None  # a bracket in a name: Rich draws it


def test_what_only_rich_can_draw_goes_to_rich() -> None:
    wide = table(None, [("Text", "w")], [["ord " * 50]])
    assert draw(wide, width=80, style=False) is None
    out = io.StringIO()
    Out(out).print(wide)  # piped: 140 columns, and Rich wraps the text column
    assert out.getvalue() == rich_text(wide)
    emoji = table(None, [("A", "l")], [[":smile:"]])
    assert draw(emoji, width=80, style=False) is None


def test_lines_with_bold_markup() -> None:
    out = io.StringIO()
    Out(out).print("  [bold]Total NOK 1 250,00[/bold] (net 1 000,00 + VAT 250,00)")
    assert out.getvalue() == "  Total NOK 1 250,00 (net 1 000,00 + VAT 250,00)\n"


@given(st.text(alphabet=st.sampled_from(list("ab [/]#@\\x")), max_size=12))
def test_escape_is_rich_s(text: str) -> None:
    assert escape(text) == rich_escape(text)


def test_literal_lines_and_other_options() -> None:
    out = io.StringIO()
    Out(out).print("Vedlegg: kvittering [1].pdf (10 bytes, sha256 ab12)", markup=False)
    assert out.getvalue() == "Vedlegg: kvittering [1].pdf (10 bytes, sha256 ab12)\n"
    rich = io.StringIO()
    Console(highlight=False, width=140, file=rich).print(
        "Vedlegg: kvittering [1].pdf (10 bytes, sha256 ab12)", markup=False
    )
    assert out.getvalue() == rich.getvalue()
    styled = io.StringIO()
    Out(styled).print("x", style="bold")  # anything else is Rich's
    assert styled.getvalue() == "x\n"

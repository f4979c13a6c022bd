"""`faktura bill ...` as people and programs see it: supplier invoices against 2400."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from faktura_cli.render import terminal
from faktura_cli.render.books import voucher_parts
from faktura_cli.render.entries import bill_view, voucher_view
from faktura_cli.render.view import View, view
from faktura_cli.render.words import day, kr, word


def posted(p: Any) -> dict[str, Any]:
    """A bill with its voucher (services.entries.PostedBill), for --json."""
    return {**bill_view(p.bill), "posting": voucher_view(p.detail)}


def added(p: Any) -> View:
    """`bill add` prints the bill's number (scripts read it); --json the bill and its voucher."""
    return view(posted(p), str(p.bill.number))


def shown(p: Any, today: date) -> View:
    """`bill show`: who, when due, how far paid, and the voucher."""
    b = p.bill
    head = (
        f"Leverandørfaktura {b.number} fra {b.supplier.name}, forfall {day(b.due_date)},"
        f" {word(b.state(today))}"
    )
    return view(posted(p), head, *voucher_parts(p.detail))


def paid(bill: Any, today: date) -> View:
    return view(
        bill_view(bill),
        f"Bill {bill.number}: {kr(bill.open)} open ({word(bill.state(today))})",
    )


def bill_list(bills: Sequence[Any], today: date) -> View:
    """The bills, with what is still open; overdue ones say so."""
    shown = terminal.table(
        None,
        [
            ("No.", "r"),
            ("Supplier", "w"),
            ("Date", "l"),
            ("Due", "l"),
            ("Total", "r"),
            ("Open", "r"),
            ("Status", "w"),
        ],
        [
            [
                b.number,
                f"{b.supplier.number} {b.supplier.name}",
                day(b.date),
                day(b.due_date),
                kr(b.total),
                kr(b.open),
                word(b.state(today)),
            ]
            for b in bills
        ],
    )
    return view({"bills": [bill_view(b) for b in bills]}, shown)

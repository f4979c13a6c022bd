"""`faktura account ...`, `faktura voucher ...` and `faktura opening` as people and programs
see them: the chart of accounts and the vouchers (bilag)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from faktura_cli.domain.chart import Account
from faktura_cli.domain.text import printable
from faktura_cli.render import terminal, words
from faktura_cli.render.entries import voucher_row, voucher_view
from faktura_cli.render.view import Part, View, view


def account_view(account: Account) -> dict[str, Any]:
    return {
        "number": account.number,
        "name": account.name,
        "grouping_category": account.grouping_category,
        "grouping_code": account.grouping_code,
        "vat_code": account.vat_code,
        "standard": account.standard,
    }


def account_list(accounts: Sequence[Account]) -> View:
    return view(
        {"accounts": [account_view(a) for a in accounts]},
        terminal.table(
            None,
            [("Account", "l"), ("Name", "w"), ("SAF-T grouping", "l"), ("VAT", "l")],
            [
                [
                    a.number,
                    a.name if a.standard else f"{a.name} (egen)",
                    f"{a.grouping_category}/{a.grouping_code}",
                    a.vat_code or "",
                ]
                for a in accounts
            ],
        ),
    )


def account_added(account: Account) -> View:
    """`account add` prints the number; --json the account."""
    return view(account_view(account), account.number)


def voucher_parts(detail: Any) -> tuple[Part, ...]:
    """A services.entries.VoucherDetail for people: its postings, then its attachments."""
    v = detail.voucher
    title = f"Bilag {v.number} {v.date} – {v.text}"
    if detail.reverses:
        title += f" (reverserer bilag {detail.reverses})"
    if detail.reversed_by:
        title += f" (reversert av bilag {detail.reversed_by})"
    table = terminal.table(
        title,
        [("Account", "l"), ("Name", "w"), ("Debit", "r"), ("Credit", "r"), ("VAT", "l")],
        [
            [
                p.account,
                detail.names.get(p.account, ""),
                terminal.money(p.amount) if p.amount > 0 else "",
                terminal.money(-p.amount) if p.amount < 0 else "",
                p.vat_code or "",
            ]
            for p in v.postings
        ],
    )
    return (
        table,
        *(
            printable(f"Vedlegg: {a.name} ({a.size} bytes, sha256 {a.sha256})")
            for a in detail.attachments
        ),
    )


def voucher(detail: Any) -> View:
    """`voucher show`: the postings and attachments; --json the voucher."""
    return view(voucher_view(detail), *voucher_parts(detail))


def voucher_posted(detail: Any) -> View:
    """`voucher add|reverse` and `opening` print the voucher's number; --json the voucher."""
    return view(voucher_view(detail), str(detail.voucher.number))


def voucher_list(rows: Sequence[Any]) -> View:
    """storage.entries.VoucherSummary rows."""
    return view(
        {"vouchers": [voucher_row(r) for r in rows]},
        terminal.table(
            None,
            [
                ("No.", "r"),
                ("Date", "l"),
                ("Kind", "l"),
                ("Text", "w"),
                ("Amount", "r"),
                ("Att.", "r"),
            ],
            [
                [
                    r.number,
                    r.date,
                    words.voucher_kind(r.kind),
                    r.text,
                    terminal.money(r.amount),
                    r.attachments or "",
                ]
                for r in rows
            ],
        ),
    )

"""`faktura demo`: a sample company with a year of activity."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from faktura_cli.cli.common import JsonOption, console, emit_json, now, state


def demo(
    ctx: typer.Context,
    db: Annotated[
        Path | None, typer.Option("--db", help="Where to create the demo books (a new file).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.cli.ledger import render_balance
    from faktura_cli.domain.money import to_json
    from faktura_cli.render import terminal
    from faktura_cli.services.demo import build_demo
    from faktura_cli.services.ledger import trial_balance

    books_state = state(ctx)
    if db is not None:
        books_state.db = db
    conn = books_state.books(create=True)
    moment = now()
    summary = build_demo(conn, now=moment)
    rows = trial_balance(conn, start=summary.first_date, end=moment.date())
    if as_json:
        emit_json(
            {
                "db": str(books_state.path),
                "company": summary.company,
                "customers": summary.customers,
                "products": summary.products,
                "invoices": summary.invoices,
                "payments": summary.payments,
                "receivables": to_json(summary.receivables),
                "schedules": summary.schedules,
                "expenses": summary.expenses,
                "balance": [
                    {
                        "account": r.account,
                        "name": r.name,
                        "opening": to_json(r.opening),
                        "movement": to_json(r.movement),
                        "closing": to_json(r.closing),
                    }
                    for r in rows
                ],
            }
        )
        return
    out = console()
    out.print(f"[bold]{summary.company}[/bold] — demo books at {books_state.path}")
    out.print(
        f"{summary.customers} customers, {summary.products} products, "
        f"{summary.invoices} invoices and {summary.payments} payments since {summary.first_date}; "
        f"{summary.expenses} expense vouchers and supplier invoices; "
        f"customers owe {terminal.money(summary.receivables)} NOK."
    )
    out.print(render_balance(rows, f"Trial balance {summary.first_date} – {moment.date()}"))
    out.print(
        f"{summary.schedules} recurring schedules fall due today: "
        f"`faktura --db {books_state.path} run-due` produces and delivers them."
    )

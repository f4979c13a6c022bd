"""`faktura demo` as people and programs see it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from faktura_cli.domain.money import to_json
from faktura_cli.render import terminal
from faktura_cli.render.ledger import balance_rows, balance_table
from faktura_cli.render.view import View, view


def demo(summary: Any, rows: Sequence[Any], *, path: Path, today: date) -> View:
    """services.demo.DemoSummary and the trial balance from its first date to today."""
    return view(
        {
            "db": str(path),
            "company": summary.company,
            "customers": summary.customers,
            "products": summary.products,
            "invoices": summary.invoices,
            "payments": summary.payments,
            "receivables": to_json(summary.receivables),
            "schedules": summary.schedules,
            "expenses": summary.expenses,
            "balance": balance_rows(rows),
        },
        f"{summary.company} — demo books at {path}",
        f"{summary.customers} customers, {summary.products} products, "
        f"{summary.invoices} invoices and {summary.payments} payments since {summary.first_date}; "
        f"{summary.expenses} expense vouchers and supplier invoices; "
        f"customers owe {terminal.money(summary.receivables)} NOK.",
        balance_table(rows, summary.first_date, today),
        f"{summary.schedules} recurring schedules, {summary.due_today} of them due today: "
        f"`faktura --db {path} run-due` produces and delivers them.",
    )

"""What the owner's overview reads that no other report does."""

from __future__ import annotations

import sqlite3

from faktura_cli.domain.overview import REVENUE_ACCOUNTS


def revenue_by_month(conn: sqlite3.Connection, year: int) -> dict[int, int]:
    """The revenue accounts' sum of postings per month of the year (credits negative)."""
    rows = conn.execute(
        "SELECT CAST(substr(date, 6, 2) AS INTEGER), SUM(amount) FROM postings"
        " WHERE account BETWEEN ? AND ? AND date BETWEEN ? AND ? GROUP BY 1",
        (*REVENUE_ACCOUNTS, f"{year}-01-01", f"{year}-12-31"),
    )
    return {month: total for month, total in rows}


def failed_deliveries(conn: sqlite3.Connection) -> list[int]:
    """Documents and orders whose latest delivery failed (a retry that went out clears it),
    as delivery ids."""
    return [
        r[0]
        for r in conn.execute(
            "SELECT d.id FROM deliveries d WHERE d.status = 'failed' AND NOT EXISTS ("
            " SELECT 1 FROM deliveries later WHERE later.id > d.id"
            " AND later.document IS d.document AND later.order_id IS d.order_id)"
            " ORDER BY d.id"
        )
    ]

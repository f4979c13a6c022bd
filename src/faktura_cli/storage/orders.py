"""Orders produced by schedules: rows <-> records, inside the caller's transaction."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from decimal import Decimal

from faktura_cli.domain.invoice import Line, Totals
from faktura_cli.domain.vat import TREATMENTS
from faktura_cli.errors import NotFound
from faktura_cli.storage.db import inserted_id
from faktura_cli.storage.schedules import _day


def insert_order(
    conn: sqlite3.Connection,
    *,
    customer: int,
    schedule: int | None,
    day: date,
    totals: Totals,
    now: datetime,
) -> int:
    order_id = inserted_id(
        conn.execute(
            "INSERT INTO orders (customer, schedule, date, net_total, vat_total, total, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                customer,
                schedule,
                day.isoformat(),
                totals.net_total,
                totals.vat_total,
                totals.total,
                now.isoformat(),
            ),
        )
    )
    conn.executemany(
        "INSERT INTO order_lines (order_id, line_no, product, text, qty, unit, unit_price, discount,"
        " vat_code, period_from, period_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                order_id,
                k,
                ln.product,
                ln.text,
                str(ln.qty),
                ln.unit,
                ln.unit_price,
                str(ln.discount),
                ln.vat.code,
                ln.period_from.isoformat() if ln.period_from else None,
                ln.period_to.isoformat() if ln.period_to else None,
            )
            for k, ln in enumerate(totals.lines, start=1)
        ],
    )
    return order_id


def get_order(conn: sqlite3.Connection, order_id: int) -> tuple[sqlite3.Row, list[Line]]:
    row = conn.execute("SELECT * FROM orders WHERE id = ?", (order_id,)).fetchone()
    if row is None:
        raise NotFound(f"there is no order {order_id}", hint="`faktura order list` shows them")
    lines = [
        Line(
            text=r["text"],
            qty=Decimal(r["qty"]),
            unit_price=r["unit_price"],
            vat=TREATMENTS[r["vat_code"]],
            discount=Decimal(r["discount"]),
            net=0,
            vat_amount=0,
            product=r["product"],
            unit=r["unit"],
            period_from=_day(r["period_from"]),
            period_to=_day(r["period_to"]),
        )
        for r in conn.execute(
            "SELECT * FROM order_lines WHERE order_id = ? ORDER BY line_no", (order_id,)
        )
    ]
    return row, lines


def list_orders(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return list(
        conn.execute(
            "SELECT o.*, c.name AS customer_name FROM orders o"
            " JOIN customers c ON c.number = o.customer ORDER BY o.id"
        )
    )


def set_order_status(
    conn: sqlite3.Connection, order_id: int, status: str, invoice: int | None = None
) -> None:
    conn.execute(
        "UPDATE orders SET status = ?, invoice = ? WHERE id = ?", (status, invoice, order_id)
    )

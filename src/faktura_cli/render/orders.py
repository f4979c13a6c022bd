"""`faktura order ...` as people and programs see it (the services' Order records)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from faktura_cli.domain.money import to_json
from faktura_cli.render import terminal, words
from faktura_cli.render.view import View, view
from faktura_cli.render.views import line_view


def order_view(order: Any) -> dict[str, Any]:
    return {
        "id": order.id,
        "customer": order.customer,
        "customer_name": order.customer_name,
        "schedule": order.schedule,
        "date": order.date.isoformat(),
        "lines": [line_view(ln) for ln in order.totals.lines],
        "net_total": to_json(order.totals.net_total),
        "vat_total": to_json(order.totals.vat_total),
        "total": to_json(order.totals.total),
        "status": order.status,
        "invoice": order.invoice,
    }


def order_list(orders: Sequence[Any]) -> View:
    shown = terminal.table(
        None,
        [
            ("Id", "r"),
            ("Customer", "w"),
            ("Date", "l"),
            ("Total", "r"),
            ("Status", "l"),
            ("Invoice", "r"),
        ],
        [
            [
                o.id,
                f"{o.customer} {o.customer_name}",
                o.date,
                words.kr(o.totals.total),
                words.word(o.status),
                o.invoice,
            ]
            for o in orders
        ],
    )
    return view({"orders": [order_view(o) for o in orders]}, shown)


def order(o: Any) -> View:
    lines = terminal.table(
        None,
        [("Description", "w"), ("Qty", "r"), ("Unit price", "r"), ("VAT", "l"), ("Net", "r")],
        [
            [
                ln.text,
                words.number(ln.qty),
                words.kr(ln.unit_price),
                terminal.vat_label(ln.vat),
                words.kr(ln.net),
            ]
            for ln in o.totals.lines
        ],
    )
    return view(
        order_view(o),
        f"Order {o.id} for {o.customer} {o.customer_name}, {o.date}, {words.word(o.status)}",
        lines,
        f"  Total {words.kr(o.totals.total)}",
    )


def sent(order_id: int, outcome: Any) -> View:
    """`order send` once the confirmation went out (a failure is said on stderr, exit 3)."""
    return view(
        {
            "id": order_id,
            "channel": outcome.channel,
            "status": outcome.status,
            "target": outcome.target,
        },
        f"{words.delivered('order', order_id)} sent by {words.via(outcome.channel)}:"
        f" {outcome.target}",
    )


def cancelled(o: Any) -> View:
    return view(order_view(o), f"Order {o.id} cancelled")

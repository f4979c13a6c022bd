"""Schedules, their lines, occurrences, orders and the outbox: rows <-> records."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from decimal import Decimal

from faktura_cli.domain.delivery import ChannelChoice
from faktura_cli.domain.invoice import Line, Totals
from faktura_cli.domain.schedule import Interval, Schedule, ScheduleLine
from faktura_cli.domain.vat import TREATMENTS
from faktura_cli.errors import NotFound
from faktura_cli.storage.work import DUE_SCHEDULES


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


_LINE_COLUMNS = "text, qty, product, price, vat, discount, source, factor"


def _line(text: str | None, qty: str, product: str | None, price: int | None, vat: str | None,
          discount: str, source: str, factor: str) -> ScheduleLine:  # fmt: skip
    return ScheduleLine(
        text=text,
        qty=Decimal(qty),
        product=product,
        price=price,
        vat=vat,
        discount=Decimal(discount),
        source=source,
        factor=factor,
    )


def _schedule(
    row: sqlite3.Row, produced: int, lines: tuple[ScheduleLine, ...], interval: Interval
) -> Schedule:
    return Schedule(
        id=row["id"],
        customer=row["customer"],
        interval=interval,
        anchor=date.fromisoformat(row["anchor_date"]),
        produces=row["produces"],
        prep_days=row["prep_days"],
        no_credit_days=bool(row["no_credit_days"]),
        agreement_date=_day(row["agreement_date"]),
        end_date=_day(row["end_date"]),
        max_count=row["max_count"],
        terms=row["terms"],
        delivery=tuple(row["delivery"].split(",")) if row["delivery"] else None,
        active=bool(row["active"]),
        generation=row["generation"],
        next_index=row["next_index"],
        produced=produced,
        lines=lines,
        buyer_ref=row["buyer_ref"],
        order_ref=row["order_ref"],
    )


def load_schedules(conn: sqlite3.Connection, ids: list[int] | None = None) -> list[Schedule]:
    """Schedules with their lines and produced counts, in three queries whatever their number."""
    where, params = "", list(ids or [])
    if ids is not None:
        if not ids:
            return []
        where = f"WHERE id IN ({','.join('?' * len(ids))})"
    rows = list(conn.execute(f"SELECT * FROM schedules {where} ORDER BY id", params))
    line_where = where.replace("id IN", "schedule IN")
    # Schedules on one plan share equal (immutable) lines and intervals: each is made once.
    made: dict[tuple[object, ...], ScheduleLine] = {}
    lines: dict[int, list[ScheduleLine]] = {}
    for schedule, *values in conn.execute(
        f"SELECT schedule, {_LINE_COLUMNS} FROM schedule_lines {line_where}"
        " ORDER BY schedule, line_no",
        params,
    ):
        key = tuple(values)
        line = made.get(key) or made.setdefault(key, _line(*values))
        lines.setdefault(schedule, []).append(line)
    produced = dict(
        conn.execute(
            f"SELECT schedule, COUNT(*) FROM occurrences {line_where} GROUP BY schedule", params
        )
    )
    intervals: dict[tuple[int, str], Interval] = {}
    return [
        _schedule(
            r,
            produced.get(r["id"], 0),
            tuple(lines.get(r["id"], ())),
            intervals.get((r["every"], r["unit"]))
            or intervals.setdefault((r["every"], r["unit"]), Interval(r["every"], r["unit"])),
        )
        for r in rows
    ]


def get_schedule(conn: sqlite3.Connection, schedule_id: int) -> Schedule:
    found = load_schedules(conn, [schedule_id])
    if not found:
        raise NotFound(
            f"there is no recurring schedule {schedule_id}",
            hint="`faktura recurring list` shows them",
        )
    return found[0]


def list_schedules(conn: sqlite3.Connection) -> list[Schedule]:
    return load_schedules(conn)


def due_schedule_ids(conn: sqlite3.Connection, today: date) -> list[int]:
    """Active schedules whose next occurrence, less its prep days, is on or before today."""
    return [
        r[0]
        for r in conn.execute(
            DUE_SCHEDULES + " ORDER BY next_date, id",
            (today.isoformat(),),
        )
    ]


def save_schedule(conn: sqlite3.Connection, schedule: Schedule, *, now: datetime) -> int:
    """Insert (id 0) or update a schedule and replace its lines. Returns the id."""
    values = {
        "customer": schedule.customer,
        "every": schedule.interval.every,
        "unit": schedule.interval.unit,
        "produces": schedule.produces,
        "prep_days": schedule.prep_days,
        "no_credit_days": int(schedule.no_credit_days),
        "agreement_date": schedule.agreement_date.isoformat() if schedule.agreement_date else None,
        "anchor_date": schedule.anchor.isoformat(),
        "generation": schedule.generation,
        "next_index": schedule.next_index,
        "next_date": schedule.next_date.isoformat(),
        "end_date": schedule.end_date.isoformat() if schedule.end_date else None,
        "max_count": schedule.max_count,
        "terms": schedule.terms,
        "delivery": ",".join(schedule.delivery) if schedule.delivery else None,
        "active": int(schedule.active),
        "buyer_ref": schedule.buyer_ref,
        "order_ref": schedule.order_ref,
    }
    if schedule.id:
        sets = ", ".join(f"{k} = :{k}" for k in values)
        conn.execute(f"UPDATE schedules SET {sets} WHERE id = :id", {**values, "id": schedule.id})
        schedule_id = schedule.id
        conn.execute("DELETE FROM schedule_lines WHERE schedule = ?", (schedule_id,))
    else:
        columns = ", ".join(values)
        marks = ", ".join(f":{k}" for k in values)
        schedule_id = conn.execute(
            f"INSERT INTO schedules ({columns}, created_at) VALUES ({marks}, :created_at)",
            {**values, "created_at": now.isoformat()},
        ).lastrowid
    conn.executemany(
        "INSERT INTO schedule_lines (schedule, line_no, product, text, qty, price, vat, discount,"
        " source, factor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                schedule_id,
                k,
                ln.product,
                ln.text,
                str(ln.qty),
                ln.price,
                ln.vat,
                str(ln.discount),
                ln.source,
                ln.factor,
            )
            for k, ln in enumerate(schedule.lines, start=1)
        ],
    )
    return int(schedule_id)  # type: ignore[arg-type]


def last_occurrence_date(conn: sqlite3.Connection, schedule_id: int) -> date | None:
    last = conn.execute(
        "SELECT MAX(date) FROM occurrences WHERE schedule = ?", (schedule_id,)
    ).fetchone()[0]
    return date.fromisoformat(last) if last else None


class Production:
    """What a run-due batch records besides its documents and vouchers, written together.

    Occurrences (the exactly-once key), queued deliveries and the schedules' next positions,
    one `executemany` per table. Delivery ids continue from the books when first used, which
    is safe because the caller holds the write lock until it commits.
    """

    def __init__(self, conn: sqlite3.Connection, *, now: datetime) -> None:
        self.conn = conn
        self.stamp = now.isoformat()
        self._next_delivery: int | None = None
        self._occurrences: list[tuple[object, ...]] = []
        self._deliveries: list[tuple[object, ...]] = []
        self._positions: list[tuple[object, ...]] = []

    def record_occurrence(
        self,
        *,
        schedule: int,
        generation: int,
        index: int,
        day: date,
        document: int | None = None,
        order_id: int | None = None,
    ) -> None:
        """A second insert of the same occurrence fails the whole transaction."""
        self._occurrences.append(
            (schedule, generation, index, day.isoformat(), document, order_id, self.stamp)
        )

    def queue_delivery(self, *, channel: str | None, document: int, error: str | None) -> int:
        """As `queue_delivery`, for a document of this batch."""
        if self._next_delivery is None:
            top = self.conn.execute("SELECT MAX(id) FROM deliveries").fetchone()[0]
            self._next_delivery = (top or 0) + 1
        delivery = self._next_delivery
        self._next_delivery += 1
        self._deliveries.append(
            _delivery_row(delivery, channel, self.stamp, document=document, error=error)
        )
        return delivery

    def advance(self, schedule: Schedule, next_index: int) -> None:
        """The schedule's next occurrence is now `next_index`."""
        day = schedule.occurrence_date(next_index).isoformat()
        self._positions.append((next_index, day, schedule.id))

    def write(self) -> None:
        """Insert and update everything recorded so far (after the batch's documents)."""
        self.conn.executemany(
            "INSERT INTO occurrences (schedule, generation, k, date, document, order_id,"
            " produced_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            self._occurrences,
        )
        self.conn.executemany(_INSERT_DELIVERY, self._deliveries)
        self.conn.executemany(
            "UPDATE schedules SET next_index = ?, next_date = ? WHERE id = ?", self._positions
        )
        for rows in (self._occurrences, self._deliveries, self._positions):
            rows.clear()


def schedule_products(conn: sqlite3.Connection, schedule_id: int) -> list[dict[str, object]]:
    """What a schedule produced, oldest first."""
    return [
        dict(r)
        for r in conn.execute(
            "SELECT o.date, o.document, o.order_id, o.produced_at,"
            " COALESCE(d.total, r.total) AS total, d.due_date, d.currency"
            " FROM occurrences o LEFT JOIN documents d ON d.number = o.document"
            " LEFT JOIN orders r ON r.id = o.order_id"
            " WHERE o.schedule = ? ORDER BY o.date, o.generation, o.k",
            (schedule_id,),
        )
    ]


# ---------------------------------------------------------------- orders


def insert_order(
    conn: sqlite3.Connection,
    *,
    customer: int,
    schedule: int | None,
    day: date,
    totals: Totals,
    now: datetime,
) -> int:
    order_id = conn.execute(
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
    ).lastrowid
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
    return int(order_id)  # type: ignore[arg-type]


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


# ---------------------------------------------------------------- the outbox


def queue_delivery(
    conn: sqlite3.Connection,
    *,
    channel: str | None,
    now: datetime,
    document: int | None = None,
    order_id: int | None = None,
    error: str | None = None,
) -> int:
    """Queue a delivery in the document's transaction; no channel means it failed already."""
    row = _delivery_row(
        None, channel, now.isoformat(), document=document, order_id=order_id, error=error
    )
    return int(conn.execute(_INSERT_DELIVERY, row).lastrowid)  # type: ignore[arg-type]


def queue_document(
    conn: sqlite3.Connection, document: int, choice: ChannelChoice, *, now: datetime
) -> int:
    """Queue a document's delivery by the chosen channel; with none it is failed already."""
    return queue_delivery(
        conn, channel=choice.channel, document=document, error=choice.error, now=now
    )


_INSERT_DELIVERY = (
    "INSERT INTO deliveries (id, document, order_id, channel, status, error, queued_at, done_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


def _delivery_row(
    delivery: int | None,
    channel: str | None,
    stamp: str,
    *,
    document: int | None = None,
    order_id: int | None = None,
    error: str | None = None,
) -> tuple[object, ...]:
    """A queued delivery; without a channel it failed already (`error` says why)."""
    if channel:
        return (delivery, document, order_id, channel, "queued", error, stamp, None)
    return (delivery, document, order_id, "none", "failed", error, stamp, stamp)


def delivered_documents(conn: sqlite3.Connection) -> set[int]:
    return {
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT document FROM deliveries WHERE status = 'sent' AND document IS NOT NULL"
            " AND reminder IS NULL"
        )
    }


def latest_delivery(conn: sqlite3.Connection, document: int) -> sqlite3.Row | None:
    return conn.execute(
        "SELECT * FROM deliveries WHERE document = ? AND reminder IS NULL ORDER BY id DESC LIMIT 1",
        (document,),
    ).fetchone()


def is_delivered(conn: sqlite3.Connection, document: int) -> bool:
    return (
        conn.execute(
            "SELECT 1 FROM deliveries WHERE document = ? AND reminder IS NULL AND status = 'sent'"
            " LIMIT 1",
            (document,),
        ).fetchone()
        is not None
    )

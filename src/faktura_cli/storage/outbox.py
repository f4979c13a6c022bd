"""The outbox's states (SPEC 11): claiming one delivery, recording its outcome, stale claims,
and what waits for a person's decision. Deliveries are queued with their document
(queue_delivery, queue_document) or by storage.schedules.Production."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from faktura_cli.domain.delivery import ChannelChoice
from faktura_cli.storage.db import inserted_id


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
    return inserted_id(conn.execute(_INSERT_DELIVERY, row))


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
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM deliveries WHERE document = ? AND reminder IS NULL ORDER BY id DESC LIMIT 1",
        (document,),
    ).fetchone()
    return row


def is_delivered(conn: sqlite3.Connection, document: int) -> bool:
    return (
        conn.execute(
            "SELECT 1 FROM deliveries WHERE document = ? AND reminder IS NULL AND status = 'sent'"
            " LIMIT 1",
            (document,)
        ).fetchone()
        is not None
    )



@dataclass(frozen=True)
class Delivery:
    id: int
    document: int | None  # the invoice or credit note
    order_id: int | None
    channel: str
    status: str  # queued | sending | sent | failed | uncertain
    error: str | None
    target: str | None
    queued_at: str
    done_at: str | None
    via: str | None  # smtp | access point | file, from the claim on
    claimed_pid: int | None
    claimed_start: int | None
    claimed_boot: str | None
    superseded_by: int | None
    notified_at: str | None
    reminder: int | None  # a reminder (purring) of `document` is delivered
    kind: str | None = None  # the document's kind (invoice | credit_note); None for an order

    @property
    def number(self) -> int:
        """The document's number, or the order's id."""
        return self.document if self.document is not None else int(self.order_id or 0)


@dataclass(frozen=True)
class Claimant:
    """The process carrying a delivery out: enough to tell later whether it is still running."""

    pid: int
    start: int | None  # the process's start time in clock ticks since boot (pid reuse)
    boot: str | None  # /proc/sys/kernel/random/boot_id


_COLUMNS = (
    "id, document, order_id, channel, status, error, target, queued_at, done_at, via,"
    " claimed_pid, claimed_start, claimed_boot, superseded_by, notified_at, reminder,"
    " (SELECT kind FROM documents WHERE number = deliveries.document) AS kind"
)


def _record(row: sqlite3.Row | tuple[object, ...]) -> Delivery:
    return Delivery(*row)


def _select(
    conn: sqlite3.Connection, where: str, params: tuple[object, ...] = ()
) -> list[Delivery]:
    return [
        _record(tuple(r))
        for r in conn.execute(f"SELECT {_COLUMNS} FROM deliveries {where}", params)
    ]


def get(conn: sqlite3.Connection, delivery_id: int) -> Delivery | None:
    found = _select(conn, "WHERE id = ?", (delivery_id,))
    return found[0] if found else None


def listed(
    conn: sqlite3.Connection,
    status: str | None = None,
    *,
    since: date | None = None,
    until: date | None = None,
    customer: int | None = None,
) -> list[Delivery]:
    """`outbox list`: deliveries in id order, under one status, queued from `since` to `until`
    (the Oslo day of `queued_at`), of one customer's documents, reminders and orders, when given."""
    terms: list[str] = []
    values: list[object] = []
    for term, value in (
        ("status = ?", status),
        ("substr(queued_at, 1, 10) >= ?", since.isoformat() if since else None),
        ("substr(queued_at, 1, 10) <= ?", until.isoformat() if until else None),
    ):
        if value is not None:
            terms.append(term)
            values.append(value)
    if customer is not None:
        terms.append(
            "(document IN (SELECT number FROM documents WHERE customer = ?)"
            " OR order_id IN (SELECT id FROM orders WHERE customer = ?))"
        )
        values += [customer, customer]
    where = f"WHERE {' AND '.join(terms)} " if terms else ""
    return _select(conn, where + "ORDER BY id", tuple(values))


def queued(conn: sqlite3.Connection, ids: list[int] | None = None) -> list[Delivery]:
    """Queued deliveries, oldest first (all, or those of `ids`)."""
    if ids is None:
        return _select(conn, "WHERE status = 'queued' ORDER BY id")
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return _select(conn, f"WHERE status = 'queued' AND id IN ({marks}) ORDER BY id", tuple(ids))


def sending(conn: sqlite3.Connection) -> list[Delivery]:
    return _select(conn, "WHERE status = 'sending' ORDER BY id")


def outstanding(conn: sqlite3.Connection) -> list[Delivery]:
    """Failed and uncertain deliveries no person has decided on yet."""
    return _select(
        conn,
        "WHERE status IN ('failed', 'uncertain') AND superseded_by IS NULL ORDER BY id",
    )


def of_document(conn: sqlite3.Connection, document: int) -> list[Delivery]:
    """The deliveries of the document itself (not of its reminders), oldest first."""
    return _select(conn, "WHERE document = ? AND reminder IS NULL ORDER BY id", (document,))


def of_order(conn: sqlite3.Connection, order_id: int) -> list[Delivery]:
    """The deliveries of an order's confirmation, oldest first."""
    return _select(conn, "WHERE order_id = ? ORDER BY id", (order_id,))


def claim(
    conn: sqlite3.Connection, delivery_id: int, *, via: str, by: Claimant, now: datetime
) -> bool:
    """queued -> sending for this process; False when another process claimed it first."""
    done = conn.execute(
        "UPDATE deliveries SET status = 'sending', via = ?, claimed_pid = ?, claimed_start = ?,"
        " claimed_boot = ?, claimed_at = ? WHERE id = ? AND status = 'queued'",
        (via, by.pid, by.start, by.boot, now.isoformat(), delivery_id),
    )
    return done.rowcount == 1


def finish(
    conn: sqlite3.Connection,
    delivery_id: int,
    *,
    status: str,
    now: datetime,
    target: str | None = None,
    error: str | None = None,
) -> None:
    """Record how a claimed delivery ended: sent, failed or uncertain."""
    conn.execute(
        "UPDATE deliveries SET status = ?, target = ?, error = ?, done_at = ?"
        " WHERE id = ? AND status = 'sending'",
        (status, target, error, now.isoformat(), delivery_id),
    )


def requeue(conn: sqlite3.Connection, delivery_id: int) -> None:
    """Back to queued, unclaimed (a stale file delivery, a retry, a resend)."""
    conn.execute(
        "UPDATE deliveries SET status = 'queued', error = NULL, done_at = NULL, via = NULL,"
        " claimed_pid = NULL, claimed_start = NULL, claimed_boot = NULL, claimed_at = NULL,"
        " notified_at = NULL WHERE id = ?",
        (delivery_id,),
    )


def retarget(conn: sqlite3.Connection, delivery_id: int, channel: str) -> bool:
    """A queued delivery goes by another channel instead; False when it is queued no more."""
    done = conn.execute(
        "UPDATE deliveries SET channel = ? WHERE id = ? AND status = 'queued'",
        (channel, delivery_id),
    )
    return done.rowcount == 1


def mark_sent_by_hand(conn: sqlite3.Connection, delivery_id: int, *, now: datetime) -> None:
    conn.execute(
        "UPDATE deliveries SET status = 'sent', done_at = ?, target = 'marked sent by hand'"
        " WHERE id = ?",
        (now.isoformat(), delivery_id),
    )


def supersede(conn: sqlite3.Connection, document: int, by: int) -> None:
    """A new delivery of the document answers its earlier failed and uncertain ones."""
    conn.execute(
        "UPDATE deliveries SET superseded_by = ? WHERE document = ? AND id != ?"
        " AND status IN ('failed', 'uncertain') AND superseded_by IS NULL AND reminder IS NULL",
        (by, document, by),
    )


def mark_notified(conn: sqlite3.Connection, ids: list[int], *, now: datetime) -> None:
    conn.executemany(
        "UPDATE deliveries SET notified_at = ? WHERE id = ?", [(now.isoformat(), i) for i in ids]
    )

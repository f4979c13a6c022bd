"""The outbox: deliveries queued in their document's transaction, claimed and finished later."""

from __future__ import annotations

import sqlite3
from datetime import datetime

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


def claim_deliveries(
    conn: sqlite3.Connection, *, ids: list[int] | None, reclaim: tuple[str, ...]
) -> list[sqlite3.Row]:
    """Mark queued deliveries (and stale 'sending' ones on idempotent channels) as sending."""
    where = "(status = 'queued'"
    params: list[object] = []
    if reclaim:
        where += f" OR (status = 'sending' AND channel IN ({','.join('?' * len(reclaim))}))"
        params += list(reclaim)
    where += ")"
    if ids is not None:
        if not ids:
            return []
        where += f" AND id IN ({','.join('?' * len(ids))})"
        params += ids
    rows = list(conn.execute(f"SELECT * FROM deliveries WHERE {where} ORDER BY id", params))
    conn.executemany(
        "UPDATE deliveries SET status = 'sending' WHERE id = ?", [(r["id"],) for r in rows]
    )
    return rows


def finish_delivery(
    conn: sqlite3.Connection,
    delivery_id: int,
    *,
    ok: bool,
    now: datetime,
    target: str | None = None,
    error: str | None = None,
) -> None:
    conn.execute(
        "UPDATE deliveries SET status = ?, target = ?, error = ?, done_at = ? WHERE id = ?",
        ("sent" if ok else "failed", target, error, now.isoformat(), delivery_id),
    )


def list_deliveries(conn: sqlite3.Connection, *, pending_only: bool = False) -> list[sqlite3.Row]:
    where = "WHERE status IN ('queued', 'sending')" if pending_only else ""
    return list(conn.execute(f"SELECT * FROM deliveries {where} ORDER BY id"))


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

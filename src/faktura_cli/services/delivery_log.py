"""Reading the outbox."""

from __future__ import annotations

import sqlite3
from datetime import date

from faktura_cli.domain.dates import parse_date
from faktura_cli.domain.delivery import DELIVERY_STATUSES
from faktura_cli.errors import InvalidInput
from faktura_cli.storage import recurring as store


def deliveries(
    conn: sqlite3.Connection,
    *,
    status: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[sqlite3.Row]:
    """Every delivery in the order queued; with a `status`, or queued from `since` to `until`
    (days, as the queue time's date), only those."""
    if status is not None and status not in DELIVERY_STATUSES:
        raise InvalidInput(
            f"status {status!r} is not known", hint=f"use one of {', '.join(DELIVERY_STATUSES)}"
        )
    first = parse_date(since, what="--from") if since is not None else None
    last = parse_date(until, what="--to") if until is not None else None
    return [
        row
        for row in store.list_deliveries(conn)
        if (status is None or row["status"] == status) and _within(row["queued_at"], first, last)
    ]


def _within(moment: str, first: date | None, last: date | None) -> bool:
    day = date.fromisoformat(moment[:10])
    return (first is None or day >= first) and (last is None or day <= last)

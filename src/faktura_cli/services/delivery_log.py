"""Reading the outbox."""

from __future__ import annotations

import sqlite3

from faktura_cli.storage import recurring as store


def deliveries(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return store.list_deliveries(conn)

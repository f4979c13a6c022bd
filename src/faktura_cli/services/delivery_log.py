"""Reading the outbox."""

from __future__ import annotations

import sqlite3

from faktura_cli.storage import outbox as outbox_db


def deliveries(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return outbox_db.list_deliveries(conn)
